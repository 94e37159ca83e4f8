/**
 * Text heuristics over one Function's code (deployed content or a built file). Each returns a
 * verdict only — never a matched line, literal or position — so callers cannot leak code or PHI.
 * They are text scans, not data-flow analysis: minified or bundled code that renames things, and
 * values built at run time, escape them (documented limits; see each function).
 */
import { variableProblems } from '../env-values';

/**
 * Message Tags: the same detection as MSG-NO-MESSAGE-TAGS (messaging/no-message-tags.ts) on the
 * project's build — a file that calls `messages.create` and has a `tags`/`Tags` object key
 * (`tags:`, `"Tags":`, shorthand `{ tags }`) anywhere, comments stripped first. Kept identical on
 * purpose (test/preflight/deployed-code.test.ts runs both on the same samples).
 */
const CREATE = /\bmessages\s*\.\s*create\s*\(/;
const TAG_KEY = /(?:["'`]?\b[Tt]ags\b["'`]?\s*:|[{,]\s*[Tt]ags\s*[,}])/;

/** Drops block and line comments (roughly: good enough for a fail-closed scan). */
export function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\])\/\/.*$/gm, '$1');
}

/** True when the code calls messages.create and carries a tags/Tags key (comments already stripped). */
export function passesMessageTags(code: string): boolean {
  return CREATE.test(code) && TAG_KEY.test(code);
}

/**
 * PHI-like string literals: every quoted or template literal is checked with the same patterns as
 * environment values (env-values.ts: SSN, email, date, phone — the PROJECT-DEPLOY-ENV-CLEAN and
 * SLS-ENV-VARIABLES-CLEAN patterns). Long literals are checked in overlapping windows so a
 * pattern's cost stays linear. Returns the kinds found, sorted; never the literal.
 */
const LITERAL = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g;
const WINDOW = 256;
const OVERLAP = 64;
const CANDIDATE = /[@0-9]/;

export function phiLiteralKinds(code: string): string[] {
  const kinds = new Set<string>();
  for (const m of code.matchAll(LITERAL)) {
    const text = m[0].slice(1, -1);
    for (let start = 0; start < text.length; start += WINDOW - OVERLAP) {
      const window = text.slice(start, start + WINDOW);
      // Every pattern needs a digit (SSN, date, phone) or an `@` (email): skip windows with neither.
      if (CANDIDATE.test(window)) for (const kind of variableProblems('', window)) if (kind !== 'seam') kinds.add(kind);
      if (start + WINDOW >= text.length) break;
    }
  }
  return [...kinds].sort();
}

/**
 * Logging of whole events — a small, documented heuristic list. A `console.log|info|warn|error|
 * debug|trace|dir(...)` call one of whose arguments is, as a whole:
 * - the handler's event object: `event`, or the handler's own second parameter name
 *   (`exports.handler = function (context, evt, callback)` → `evt`), or `event.request`
 *   (Runtime's headers and cookies);
 * - a request body or query: `req.body`, `request.body`, `req.query`, `request.query`;
 * - any of those wrapped in `JSON.stringify(…)` or `util.inspect(…)`/`inspect(…)`, concatenated
 *   (`'x' + JSON.stringify(event)`) or interpolated (`${JSON.stringify(event)}`, `${event}`).
 * A single field (`event.From`) is not a whole event and is not flagged here. Loggers other than
 * console, and code minified so the names change, escape the check.
 */
const LOG_CALL = /\bconsole\s*\.\s*(?:log|info|warn|error|debug|trace|dir)\s*\(/g;
const HANDLER_EVENT = /\bhandler\s*=\s*(?:async\s+)?(?:function\s*[\w$]*\s*)?\(\s*[\w$]+\s*,\s*([A-Za-z_$][\w$]*)/g;
const FIXED_WHOLE = ['event', 'event.request', 'req.body', 'request.body', 'req.query', 'request.query'];
/** Handler event-parameter names collected per file (a file has a handler or a few). */
const HANDLER_NAMES_MAX = 32;
/** Characters of a call's argument list that are examined (bounded per call). */
const ARGS_MAX = 2000;

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The argument text of a call whose `(` ends at `open`, up to the matching `)` (bounded). */
function argumentsAt(code: string, open: number): string {
  let depth = 1;
  const end = Math.min(code.length, open + ARGS_MAX);
  for (let i = open; i < end; i += 1) {
    const c = code[i];
    if (c === '(') depth += 1;
    else if (c === ')') {
      depth -= 1;
      if (depth === 0) return code.slice(open, i);
    }
  }
  return code.slice(open, end);
}

export function logsWholeEvent(code: string): boolean {
  const names = new Set(FIXED_WHOLE);
  for (const m of code.matchAll(HANDLER_EVENT)) {
    if (m[1]) names.add(m[1]);
    if (names.size >= FIXED_WHOLE.length + HANDLER_NAMES_MAX) break;
  }
  const alternatives = [...names].map(escapeRe).join('|');
  // The whole object as an argument: preceded by the call start, a comma, `+` or `${`, optionally
  // wrapped in JSON.stringify( / inspect(, and followed by an argument end (not `.field` or `[`).
  const whole = new RegExp(
    `(?:^|[,+]|\\$\\{)\\s*(?:(?:JSON\\s*\\.\\s*stringify|(?:util\\s*\\.\\s*)?inspect)\\s*\\(\\s*)?(?:${alternatives})\\s*(?=$|[,)}+])`,
  );
  for (const m of code.matchAll(LOG_CALL)) {
    const args = argumentsAt(code, (m.index ?? 0) + m[0].length);
    if (whole.test(args)) return true;
  }
  return false;
}

export interface CodeVerdict {
  messageTags: boolean;
  phiKinds: string[];
  eventLogging: boolean;
}

/** All three checks over one Function's code (comments stripped once). */
export function inspectCode(code: string): CodeVerdict {
  const stripped = stripComments(code);
  return { messageTags: passesMessageTags(stripped), phiKinds: phiLiteralKinds(stripped), eventLogging: logsWholeEvent(stripped) };
}
