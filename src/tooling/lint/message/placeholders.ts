/**
 * Placeholders in a template, in every common syntax, and the name each one stands for.
 *
 * Syntaxes: Liquid/Mustache `{{ x }}` / `{{{ x }}}` (filters after `|` ignored), Liquid tags
 * `{% if x %}` (each variable path in the tag), `{x}`, `${x}`, `$x`, `[x]` / `[[x]]`, `<x>` /
 * `<<x>>` (SSML and common HTML tag names excepted), `%x%`, and Mailchimp `*|X|*`. Each syntax is
 * blanked out once matched, so `{{x}}` is not also read as `{x}`.
 *
 * Name mapping (documented for the flow linter): a variable path keeps only its LAST segment
 * (`flow.data.date` → `date`, `trigger.message.Body` → `Body`, `flow.data['time']` → `time`), and
 * names compare case- and separator-insensitively (`[Clinic Name]`, `clinic_name`, `CLINIC-NAME`
 * and `clinicName` are all `clinicname`). Literals (`{{ "now" | date: "%Y" }}`) are not placeholders.
 */

import { normalizeText } from './text';

export type PlaceholderSyntax = 'liquid' | 'liquid-tag' | 'brace' | 'dollar' | 'bracket' | 'angle' | 'percent' | 'merge-tag';

export interface Placeholder {
  syntax: PlaceholderSyntax;
  /** The variable as written, cleaned to `[A-Za-z0-9_. -]` and at most 60 characters (safe to quote). */
  path: string;
  /** The last path segment, cleaned the same way. */
  name: string;
  /** `name` lowercased with every non-alphanumeric removed: what allowlists and identifier lists compare. */
  key: string;
}

const LIQUID_KEYWORDS: ReadonlySet<string> = new Set([
  'if',
  'elsif',
  'else',
  'endif',
  'unless',
  'endunless',
  'for',
  'endfor',
  'in',
  'case',
  'when',
  'endcase',
  'assign',
  'capture',
  'endcapture',
  'and',
  'or',
  'not',
  'contains',
  'true',
  'false',
  'nil',
  'null',
  'empty',
  'blank',
  'limit',
  'offset',
  'reversed',
  'comment',
  'endcomment',
  'raw',
  'endraw',
  'break',
  'continue',
  'cycle',
  'increment',
  'decrement',
  'with',
  'as',
  'render',
  'include',
  'echo',
  'liquid',
  'tablerow',
  'endtablerow',
]);

/** SSML (Studio Say widgets) and HTML tag names that are markup, not placeholders. */
const MARKUP_TAGS: ReadonlySet<string> = new Set([
  'speak',
  'p',
  's',
  'break',
  'emphasis',
  'prosody',
  'say-as',
  'phoneme',
  'sub',
  'lang',
  'w',
  'voice',
  'audio',
  'mark',
  'br',
  'b',
  'i',
  'u',
  'em',
  'strong',
  'a',
  'span',
  'div',
  'small',
  'sup',
  'ul',
  'li',
  'ol',
  'hr',
]);

export function placeholderKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function clean(s: string): string {
  return s
    .replace(/[^A-Za-z0-9_. -]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 60);
}

/** `flow.data['date']` → ['flow', 'data', 'date']. */
function segments(path: string): string[] {
  return path
    .replace(/\[\s*['"]?([^\]'"]*)['"]?\s*\]/g, '.$1')
    .split('.')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function fromPath(syntax: PlaceholderSyntax, path: string): Placeholder {
  const last = segments(path).pop() ?? path;
  const name = clean(last);
  return { syntax, path: clean(path), name, key: placeholderKey(name) };
}

function isLiteral(expr: string): boolean {
  return /^(["']).*\1$/s.test(expr) || /^-?\d+(\.\d+)?$/.test(expr) || LIQUID_KEYWORDS.has(expr.toLowerCase());
}

/** Variable paths inside a Liquid tag body (`if flow.data.x == "y"` → `flow.data.x`). */
function tagVariables(body: string): string[] {
  const withoutStrings = body.replace(/"[^"]*"|'[^']*'/g, ' ');
  const out: string[] = [];
  for (const m of withoutStrings.matchAll(/[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[[^\]]{0,40}\])*/g)) {
    const word = m[0];
    if (LIQUID_KEYWORDS.has(word.toLowerCase())) continue;
    out.push(word);
  }
  // `{% for item in list %}` / `{% assign x = ... %}`: the loop or assigned name is local, not data.
  const local = /^\s*(?:for|assign|capture)\s+([A-Za-z_][\w-]*)/.exec(withoutStrings)?.[1];
  return local === undefined ? out : out.filter((w, i) => !(i === 0 && w === local));
}

interface Syntax {
  syntax: PlaceholderSyntax;
  pattern: RegExp;
  /** The variable(s) a match refers to; [] = markup or a literal, not a placeholder. */
  read(match: RegExpMatchArray): string[];
}

const SYNTAXES: readonly Syntax[] = [
  {
    syntax: 'liquid-tag',
    pattern: /\{%-?([^%]{0,300}?)-?%\}/g,
    read: (m) => tagVariables(m[1] ?? ''),
  },
  {
    syntax: 'liquid',
    pattern: /\{\{\{?-?([^{}]{0,300}?)-?\}?\}\}/g,
    read: (m) => {
      const expr = (m[1] ?? '').split('|')[0]?.trim() ?? '';
      return expr.length === 0 ? [''] : isLiteral(expr) ? [] : [expr];
    },
  },
  { syntax: 'merge-tag', pattern: /\*\|([A-Za-z0-9_:]{1,60})\|\*/g, read: (m) => [m[1] ?? ''] },
  { syntax: 'dollar', pattern: /\$\{\s*([A-Za-z_][\w.[\]'"]{0,80}?)\s*\}/g, read: (m) => [m[1] ?? ''] },
  { syntax: 'brace', pattern: /\{\s*([A-Za-z0-9_][\w.\- ]{0,60}?)\s*\}/g, read: (m) => [m[1] ?? ''] },
  { syntax: 'dollar', pattern: /(?<![\p{L}\p{N}])\$([A-Za-z_][A-Za-z0-9_]{0,60})/gu, read: (m) => [m[1] ?? ''] },
  {
    syntax: 'bracket',
    pattern: /\[\s*([\p{L}_][\p{L}\p{N}_.\- ']{0,60}?)\s*\](?!\()/gu,
    read: (m) => [m[1] ?? ''],
  },
  {
    syntax: 'angle',
    pattern: /<\s*([A-Za-z_][\w.\- ]{0,60}?)\s*>/g,
    read: (m) => (MARKUP_TAGS.has((m[1] ?? '').toLowerCase()) ? [] : [m[1] ?? '']),
  },
  { syntax: 'percent', pattern: /%([A-Za-z_][\w.]{0,60})%/g, read: (m) => [m[1] ?? ''] },
];

/** Every placeholder in the text, in syntax order then position. An unclosed `{{` or `{%` counts as an unnamed placeholder. */
export function findPlaceholders(text: string): Placeholder[] {
  let rest = normalizeText(text);
  const found: Placeholder[] = [];
  for (const s of SYNTAXES) {
    let blanked = '';
    let last = 0;
    for (const m of rest.matchAll(s.pattern)) {
      for (const path of s.read(m)) found.push(fromPath(s.syntax, path));
      const at = m.index ?? 0;
      blanked += rest.slice(last, at) + ' '.repeat(m[0].length);
      last = at + m[0].length;
    }
    rest = blanked + rest.slice(last);
  }
  if (/\{\{|\{%/.test(rest)) found.push({ syntax: 'liquid', path: '', name: '', key: '' });
  return found;
}
