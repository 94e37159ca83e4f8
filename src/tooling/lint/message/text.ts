/**
 * Text analysis shared by the message rules: Unicode normalisation and word tokens with their
 * positions, raw (case kept) and folded (lowercase, diacritics and apostrophes dropped) forms.
 * Unlike src/runtime/core/normalize.ts (inbound keyword matching) nothing is capped: a linter that stopped
 * reading after N characters would pass whatever came later. Every pattern is a single character
 * class or a bounded run: linear time.
 */

export interface Token {
  /** As written (after NFKC), e.g. `Doctor's`. */
  raw: string;
  /** Lowercase, no diacritics, no apostrophes: `doctors`, `diabetico`. */
  folded: string;
  /** Offsets into {@link Analysis.normal}. */
  start: number;
  end: number;
  /** Whether a sentence break (. ! ? ; : newline …) separates this token from the previous one. */
  breakBefore: boolean;
  /** The characters between the previous token and this one (punctuation, quotes, spaces). */
  gap: string;
}

export interface Analysis {
  /** The text after NFKC, apostrophe unification and removal of invisible characters. */
  normal: string;
  tokens: Token[];
}

const APOSTROPHE_LIKE = /[\u2018\u2019\u201B\u02BC\u02B9\u0060\u00B4\u2032\uFF07]/gu;
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
const COMBINING_MARK = /\p{M}/gu;
const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;
const SENTENCE_BREAK = /[.!?;:\n\r\u2026\u00A1\u00BF\u3002]/u;
/** Abbreviations whose period does not end a sentence ("St. Jude", "Dr. Lee", "Ave. B"). */
const ABBREVIATIONS: ReadonlySet<string> = new Set([
  'st',
  'dr',
  'dra',
  'mr',
  'mrs',
  'ms',
  'mt',
  'ft',
  'ave',
  'av',
  'blvd',
  'rd',
  'ste',
  'apt',
  'jr',
  'sr',
  'sra',
  'srta',
  'inc',
  'co',
  'corp',
  'ltd',
  'dept',
  'hwy',
  'pkwy',
  'ln',
  'ct',
  'pl',
  'sq',
  'vs',
  'etc',
  'prof',
  'lic',
]);

function isBreak(gap: string, previous: Token | undefined): boolean {
  if (!SENTENCE_BREAK.test(gap)) return false;
  return !(previous !== undefined && /^\.\s*$/u.test(gap) && ABBREVIATIONS.has(previous.folded));
}

/** NFKC, one apostrophe, no invisible characters (so "on\u200Bcology" is "oncology"). Case is kept. */
export function normalizeText(text: string): string {
  return text.replace(APOSTROPHE_LIKE, "'").normalize('NFKC').replace(APOSTROPHE_LIKE, "'").replace(INVISIBLE, '');
}

/** Lowercase, diacritics and apostrophes removed: the form lexicon entries and keywords are compared in. */
export function fold(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(COMBINING_MARK, '').normalize('NFC').replace(/'/g, '');
}

function tokenize(normal: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  for (const m of normal.matchAll(WORD)) {
    const start = m.index ?? 0;
    const raw = m[0];
    const gap = normal.slice(previousEnd, start);
    tokens.push({ raw, folded: fold(raw), start, end: start + raw.length, breakBefore: isBreak(gap, tokens[tokens.length - 1]), gap });
    previousEnd = start + raw.length;
  }
  return tokens;
}

let last: { text: string; analysis: Analysis } | null = null;

/**
 * The normalised text and its tokens. The last result is kept, because every rule analyses the
 * same text in turn (the rules keep the `check(text, opts)` signature of src/tooling/lint/types.ts).
 */
export function analyze(text: string): Analysis {
  if (last !== null && last.text === text) return last.analysis;
  const normal = normalizeText(text);
  const analysis: Analysis = Object.freeze({ normal, tokens: tokenize(normal) }) as Analysis;
  last = { text, analysis };
  return analysis;
}

/** Tokens of a lexicon entry or keyword, folded (the same tokeniser as the text, so "x-ray" is `x ray`). */
export function foldedWords(phrase: string): string[] {
  return tokenize(normalizeText(phrase)).map((t) => t.folded);
}

/** Tokens of a phrase as written (case kept), for case-sensitive entries. */
export function rawWords(phrase: string): string[] {
  return tokenize(normalizeText(phrase)).map((t) => t.raw);
}
