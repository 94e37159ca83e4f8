/**
 * One reading of a deploy env file that the gate and the upload share.
 *
 * The gate used to read `.env.deploy` with dotenv 16 while twilio-run 5.0.1 uploads it with its own
 * dotenv 6.2.0, and the two disagree on much: a quoted multi-line value (dotenv 16 joins the lines,
 * 6.2.0 reads each as its own `KEY=value`, so a `DEBUG=` or a second `ACCOUNT_SID=` inside it is
 * uploaded but never checked), `export KEY=`, `KEY: value`, `a # b`, a stray quote at the end, CR
 * line endings and invisible whitespace. `parseEnvStrict` accepts only a small grammar both read the
 * same way, and refuses everything else with the line number and a fixed problem kind (never a
 * value, never the line's text):
 *
 *   file    := line*, lines end in LF (CRLF allowed), UTF-8 without a byte order mark
 *   line    := blank | [ \t]* "#" comment | [ \t]* KEY [ \t]* "=" [ \t]* VALUE
 *   KEY     := [A-Z_][A-Z0-9_]*  (each at most once)
 *   VALUE   := ""  |  unquoted [ \t]* (no "#", not starting with a quote or ending with ' or ")
 *            | '…' (no ' or \ inside)  |  "…" (no " or \ inside); no space just inside the quotes
 *
 * Control characters other than tab, CR not followed by LF, and invisible or Unicode whitespace
 * (NBSP, U+2028, zero-width and bidi characters…) are refused anywhere: JavaScript's `\s`, `.` and
 * `trim()` treat them differently in the two parsers. Fuzzing the two real parsers found, besides
 * the known cases: `KEY=<CR>value` (dotenv 16 reads KEY empty, twilio-run's dotenv uploads
 * KEY=value), `KEY=x<U+2028>` (dotenv 16 reads it, twilio-run's dotenv drops the key),
 * `KEY='x'<space>` (twilio-run's dotenv strips only the opening quote) and `KEY='x\'` (dotenv 16
 * reads an escaped quote and runs on, so `A='x\'` + `DEBUG='#*'` hides DEBUG from it); see
 * test/deploy/env-parse.test.ts.
 *
 * `crossCheckEnv` then parses the same text with both real parsers (dotenv 16 as installed, and the
 * dotenv twilio-run itself resolves) and refuses any difference from the strict reading; it is the
 * backstop for whatever the grammar above missed. `canonicalEnv` writes a map back as one
 * `KEY=value` line per variable in a form all three read identically.
 */
import { createRequire } from 'node:module';
import { parse as parseDotenv16 } from 'dotenv';

export type EnvProblemKind =
  | 'bom'
  | 'invalid-utf8'
  | 'lone-cr'
  | 'invisible-character'
  | 'export-prefix'
  | 'colon-syntax'
  | 'not-key-value'
  | 'invalid-key'
  | 'duplicate-key'
  | 'unterminated-quote'
  | 'text-after-quote'
  | 'space-after-quote'
  | 'quote-inside-quotes'
  | 'space-inside-quotes'
  | 'backslash-in-quotes'
  | 'backtick-quotes'
  | 'hash-in-unquoted-value'
  | 'stray-quote'
  | 'parsers-disagree';

export interface EnvProblem {
  /** 1-based line number; 0 when the problem is not tied to one line. */
  line: number;
  kind: EnvProblemKind;
  /** duplicate-key: the line that set the key first. */
  firstLine?: number;
}

/** Fixed, value-free description of each problem kind, with what to do. */
export const ENV_PROBLEM_TEXT: Readonly<Record<EnvProblemKind, string>> = {
  bom: 'the file starts with a byte order mark: save it as UTF-8 without BOM',
  'invalid-utf8': 'not valid UTF-8: save the file as UTF-8',
  'lone-cr': 'a carriage return not followed by a line feed (old Mac line ending, or a CR inside a value): use LF or CRLF line endings',
  'invisible-character':
    'a control character or invisible/Unicode whitespace (NBSP, U+2028, zero-width, bidi): retype the line with plain spaces',
  'export-prefix': '"export KEY=" is read by dotenv 16 but ignored by twilio-run: remove "export "',
  'colon-syntax': '"KEY: value" is read by dotenv 16 but ignored by twilio-run: write KEY=value',
  'not-key-value': 'not a KEY=value line, a comment (#) or blank: fix or remove the line (a continuation of a multi-line value?)',
  'invalid-key': 'the variable name must be upper-case letters, digits and _ and not start with a digit',
  'duplicate-key': 'the variable is set twice: keep one line',
  'unterminated-quote':
    'the quote is not closed on this line (multi-line values are read differently by dotenv 16 and twilio-run): put the value on one line',
  'text-after-quote': 'text after the closing quote (an inline comment?): dotenv 16 and twilio-run read it differently; remove it',
  'space-after-quote': 'a space or tab after the closing quote (twilio-run then strips only the opening quote): remove it',
  'quote-inside-quotes': 'the quote character appears inside the quoted value: use the other quote character',
  'space-inside-quotes': 'a space or tab just inside the quotes: dotenv 16 keeps it, twilio-run trims it; remove it',
  'backslash-in-quotes':
    'a backslash inside quotes (dotenv 16 reads \\\' and \\" as escapes and expands \\n, \\r differently): write the value unquoted, or without backslashes',
  'backtick-quotes': 'backtick quotes are stripped by dotenv 16 only: use single or double quotes',
  'hash-in-unquoted-value':
    'a # in an unquoted value (dotenv 16 cuts the value there, twilio-run keeps it): quote the value, or move the comment to its own line',
  'stray-quote': 'an unquoted value ending with a quote character (twilio-run strips it, dotenv 16 keeps it): quote the whole value',
  'parsers-disagree': "dotenv 16 and twilio-run's dotenv 6.2.0 read this file differently: simplify the quoting of this line",
};

export function describeEnvProblem(p: EnvProblem): string {
  const where = p.line > 0 ? `line ${p.line}` : 'the file';
  const first = p.kind === 'duplicate-key' && p.firstLine ? ` (first set at line ${p.firstLine})` : '';
  return `${where}: ${ENV_PROBLEM_TEXT[p.kind]}${first}`;
}

export interface EnvEntry {
  key: string;
  value: string;
  line: number;
}

export type StrictParse = { ok: true; entries: EnvEntry[] } | { ok: false; problems: EnvProblem[] };

export const ENV_KEY = /^[A-Z_][A-Z0-9_]*$/;

// C0 controls but tab, DEL and C1 controls, and every character JavaScript's \s, `.` or trim()
// treat specially apart from space and tab, plus zero-width and bidi formatting characters.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u00a0\u00ad\u061c\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\ufff0-\ufffb]/u;

/** Splits bytes into lines (on LF), checking each decodes as UTF-8. */
function decodeLines(bytes: Buffer): { lines: string[]; problems: EnvProblem[] } {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const lines: string[] = [];
  const problems: EnvProblem[] = [];
  let start = 0;
  let n = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    n += 1;
    try {
      lines.push(decoder.decode(bytes.subarray(start, end)));
    } catch {
      problems.push({ line: n, kind: 'invalid-utf8' });
      lines.push('');
    }
    start = end + 1;
  }
  return { lines, problems };
}

/** `rest`: the text after `=`, leading spaces and tabs removed, trailing ones kept. */
function parseValue(rest: string): { value: string } | { problem: EnvProblemKind } {
  const raw = rest.replace(/[ \t]+$/, '');
  if (raw === '') return { value: '' };
  const q = raw[0] as string;
  if (q === '`') return { problem: 'backtick-quotes' };
  if (q === '"' || q === "'") {
    if (raw !== rest) return { problem: 'space-after-quote' };
    const close = raw.indexOf(q, 1);
    if (close === -1) return { problem: 'unterminated-quote' };
    if (close !== raw.length - 1) return { problem: raw.endsWith(q) ? 'quote-inside-quotes' : 'text-after-quote' };
    const inner = raw.slice(1, -1);
    if (/^[ \t]|[ \t]$/.test(inner)) return { problem: 'space-inside-quotes' };
    if (inner.includes('\\')) return { problem: 'backslash-in-quotes' };
    return { value: inner };
  }
  if (raw.includes('#')) return { problem: 'hash-in-unquoted-value' };
  if (raw.endsWith('"') || raw.endsWith("'")) return { problem: 'stray-quote' };
  return { value: raw };
}

/**
 * The strict reading: every variable (empty values included) with its line, or every problem
 * (line number and kind only).
 */
export function parseEnvStrict(input: Buffer | string): StrictParse {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const problems: EnvProblem[] = [];
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) problems.push({ line: 1, kind: 'bom' });
  const decoded = decodeLines(bytes);
  problems.push(...decoded.problems);
  const entries: EnvEntry[] = [];
  const firstLine = new Map<string, number>();
  decoded.lines.forEach((full, i) => {
    const n = i + 1;
    if (problems.some((p) => p.line === n)) return;
    const text = full.endsWith('\r') ? full.slice(0, -1) : full;
    if (text.includes('\r')) return void problems.push({ line: n, kind: 'lone-cr' });
    if (INVISIBLE.test(text)) return void problems.push({ line: n, kind: 'invisible-character' });
    const body = text.replace(/^[ \t]+/, '');
    if (body === '' || body.replace(/[ \t]+$/, '') === '' || body.startsWith('#')) return;
    if (/^export[ \t]/.test(body)) return void problems.push({ line: n, kind: 'export-prefix' });
    const m = /^([^=\s:#'"`]+)[ \t]*=(.*)$/.exec(body);
    if (!m) return void problems.push({ line: n, kind: /^[\w.-]+[ \t]*:/.test(body) ? 'colon-syntax' : 'not-key-value' });
    const key = m[1] as string;
    if (!ENV_KEY.test(key)) return void problems.push({ line: n, kind: 'invalid-key' });
    const parsed = parseValue((m[2] as string).replace(/^[ \t]+/, ''));
    if ('problem' in parsed) return void problems.push({ line: n, kind: parsed.problem });
    const first = firstLine.get(key);
    if (first !== undefined) return void problems.push({ line: n, kind: 'duplicate-key', firstLine: first });
    firstLine.set(key, n);
    entries.push({ key, value: parsed.value, line: n });
  });
  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
  return { ok: true, entries };
}

export type DotenvParse = (src: string) => Record<string, string>;

let twilioRunDotenv: DotenvParse | null = null;

/**
 * The `parse` of the dotenv twilio-run itself loads (resolved from twilio-run's own env reader,
 * node_modules/twilio-run/dist/config/utils/env.js): 6.2.0 for twilio-run 5.0.1. Throws when
 * twilio-run is not installed.
 */
export function twilioRunDotenvParse(): DotenvParse {
  if (twilioRunDotenv) return twilioRunDotenv;
  const fromTwilioRun = createRequire(require.resolve('twilio-run/dist/config/utils/env.js'));
  const mod = fromTwilioRun('dotenv') as { parse?: unknown };
  if (typeof mod.parse !== 'function') throw new Error('twilio-run resolves a dotenv without parse()');
  twilioRunDotenv = mod.parse as DotenvParse;
  return twilioRunDotenv;
}

export const dotenv16Parse: DotenvParse = (src) => parseDotenv16(src);

function sameMap(a: Record<string, string>, b: Record<string, string>): string | null {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (a[k] !== b[k]) return k;
  return null;
}

/**
 * Refuses a strictly parsed text that either real parser reads differently (the first differing
 * variable's line, or the whole file when the strict reading does not have that variable).
 */
export function crossCheckEnv(
  text: string,
  entries: readonly EnvEntry[],
  parsers: readonly DotenvParse[] = [dotenv16Parse, twilioRunDotenvParse()],
): EnvProblem[] {
  const strict: Record<string, string> = Object.fromEntries(entries.map((e) => [e.key, e.value]));
  for (const parse of parsers) {
    const key = sameMap(strict, { ...parse(text) });
    if (key !== null) return [{ line: entries.find((e) => e.key === key)?.line ?? 0, kind: 'parsers-disagree' }];
  }
  return [];
}

/** How one value is written so that all three parsers read it back unchanged. */
function canonicalValue(value: string): string {
  const plain = !/[#\r\n]/.test(value) && !/^['"`]/.test(value) && !/['"]$/.test(value) && !/^[ \t]|[ \t]$/.test(value);
  if (plain) return value;
  if (!/['\\\r\n]/.test(value)) return `'${value}'`;
  if (!/["\\\r\n]/.test(value)) return `"${value}"`;
  throw new Error('a value that no env file line can hold');
}

/**
 * The map as a canonical env file: non-empty variables only (twilio-run uploads only those), keys
 * sorted, one `KEY=value` line each. Throws on a key or value the strict grammar would refuse.
 */
export function canonicalEnv(vars: Readonly<Record<string, string>>): string {
  const lines = Object.keys(vars)
    .filter((k) => vars[k] !== '')
    .sort()
    .map((k) => {
      const v = vars[k] as string;
      if (!ENV_KEY.test(k) || INVISIBLE.test(v) || /[\r\n]/.test(v)) throw new Error('a variable that no env file line can hold');
      return `${k}=${canonicalValue(v)}`;
    });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
