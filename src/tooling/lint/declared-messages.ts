/**
 * Declared rule messages (like ESLint rule `messages`), shared by the linters and the preflight:
 * each rule lists, by id, every reason its findings may carry: fixed text, or with `{{name}}`
 * placeholders for non-PHI data (pointers, widget types, kinds, counts, rule ids). A reason is
 * declared when it matches one of them, or is declared ones joined with '; '. Under test
 * (NODE_ENV=test, set by jest) the runners refuse an undeclared reason, so every test that runs a
 * rule checks its reasons; in production nothing changes.
 */

export type Messages = Readonly<Record<string, string>>;

/** What the lint runners say for any rule that throws (fail closed). */
export const LINT_ENGINE_MESSAGES = {
  flowRuleFailed: 'the rule could not run on this flow',
  messageRuleFailed: 'rule could not run; the text is not known to be PHI-free',
} as const;

export class UndeclaredMessageError extends Error {}

const compiled = new WeakMap<object, RegExp[]>();

function patternsOf(messages: Messages): RegExp[] {
  let list = compiled.get(messages);
  if (!list) {
    list = Object.values(messages).map(
      (t) =>
        new RegExp(
          `^${t
            .split(/\{\{\w+\}\}/)
            .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('.+?')}$`,
          's',
        ),
    );
    compiled.set(messages, list);
  }
  return list;
}

/** True when `text` is one of `sets`' messages (placeholders filled), or such messages joined with '; '. */
export function isDeclared(text: string, ...sets: Messages[]): boolean {
  const all = sets.flatMap(patternsOf);
  const one = (t: string): boolean => all.some((p) => p.test(t));
  return one(text) || text.split('; ').every(one);
}

/** The text of message `id` with its placeholders filled from `data`; throws on an unknown id or missing value. */
export function fillMessage(
  owner: string,
  messages: Messages | undefined,
  id: string,
  data: Readonly<Record<string, string | number>> = {},
): string {
  const text = messages?.[id];
  if (text === undefined) throw new UndeclaredMessageError(`${owner}: no message "${id}" in meta.messages`);
  return text.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
    const value = data[name];
    if (value === undefined) throw new UndeclaredMessageError(`${owner}: message "${id}" needs {{${name}}}`);
    return String(value);
  });
}

/** Under test, throws when a rule that declares messages gives a reason it did not declare. */
export function checkDeclared(owner: string, messages: Messages | undefined, text: string, ...shared: Messages[]): void {
  if (process.env.NODE_ENV !== 'test' || messages === undefined) return;
  if (!isDeclared(text, messages, ...shared))
    throw new UndeclaredMessageError(`${owner}: reason not declared in meta.messages: ${JSON.stringify(text)}`);
}
