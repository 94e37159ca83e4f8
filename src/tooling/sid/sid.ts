/**
 * Reads a SID argument: two upper-case letters and 32 hex digits (prefix case and hex case are
 * normalised to `SM` + lower-case hex). Anything else is rejected with a description that never
 * repeats the input: its length and a prefix class only, because a support person may paste a
 * patient's phone number by mistake.
 */

export interface ParsedSid {
  ok: true;
  sid: string;
  prefix: string;
}

export interface RejectedSid {
  ok: false;
  problem: 'malformed' | 'unknown-prefix';
  /** Characters in the argument (after trimming surrounding spaces). */
  length: number;
  /** What the argument starts with, as a class, never its text (a known prefix is named). */
  prefixClass: string;
}

const SID = /^([A-Za-z]{2})([0-9a-fA-F]{32})$/;

function prefixClass(value: string, known: ReadonlySet<string>): string {
  const head = value.slice(0, 2);
  if (value === '') return 'empty';
  // Only an exact, upper-case prefix is named (two letters of a pasted name are not repeated).
  if (/^[A-Z]{2}$/.test(head) && known.has(head)) return `${head} prefix`;
  if (/^[A-Za-z]/.test(value)) return 'letters';
  if (/^[+0-9(]/.test(value)) return 'a digit or "+" (a phone number?)';
  return 'other characters';
}

export function parseSid(raw: string, known: ReadonlySet<string>): ParsedSid | RejectedSid {
  const value = raw.trim();
  const m = SID.exec(value);
  if (!m) return { ok: false, problem: 'malformed', length: [...value].length, prefixClass: prefixClass(value, known) };
  const prefix = (m[1] ?? '').toUpperCase();
  if (!known.has(prefix)) return { ok: false, problem: 'unknown-prefix', length: value.length, prefixClass: prefixClass(value, known) };
  return { ok: true, sid: `${prefix}${(m[2] ?? '').toLowerCase()}`, prefix };
}

/** A SID of one of `prefixes` (for flags such as `--execution FN…`), normalised; null otherwise. */
export function sidOf(raw: string, prefixes: readonly string[]): string | null {
  const parsed = parseSid(raw, new Set(prefixes));
  return parsed.ok ? parsed.sid : null;
}
