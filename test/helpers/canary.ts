/**
 * Canary PHI: values planted in test inputs that must never appear in any output
 * (console, logs, HTTP responses, CLI output, server stdout/stderr).
 *
 * `findCanary` matches normalised forms, not only the exact strings, and reports a hit by its
 * kind ('phone' | 'name' | 'body'), never by the matched value. Rules:
 *
 * - Text is first normalised: NFKC (full-width digits/letters fold to ASCII), zero-width and
 *   soft-hyphen characters removed, and for names/bodies diacritics stripped and lower-cased.
 *   A few URL escapes that phones travel in (`%2B`, `%20`, `%28`, `%29`, `%2D`) are decoded.
 * - phone: a candidate is a maximal run of digits and phone punctuation (spaces, `-`, `.`, `(`,
 *   `)`, `+`, `/`, dashes) that starts and ends at a digit-ish character and is not glued to a
 *   letter or digit on either side. Its digits are kept with their group boundaries (a group is a
 *   run of consecutive digits). It is a hit when the canary's 10 national digits appear starting
 *   at a group start (or right after a leading `1` country code that starts a group) and ending at
 *   a group end. False-positive guards: digits inside a longer alphanumeric token (SIDs such as
 *   `SM…0147`, hashes, hex) never form a candidate; the 10 digits must not be the middle of a
 *   longer digit group (`991202555014799` is not a hit); masks such as `+1******0147` keep only 4
 *   digits and cannot match.
 * - name: `zebulon` anywhere, or `quixote` as a whole word, after normalisation.
 * - body: the marker `canary-phi` / `canary_phi` (case-insensitive; not `canary phi` with a space,
 *   which is how the harness's own messages and test titles speak of it); any 3 consecutive words
 *   of CANARY_BODY (words = runs of letters/digits after normalisation, punctuation ignored); or the
 *   distinctive pairs `diabetes insulin` and `insulin refill`. A single clinical word ('refill',
 *   'insulin') alone is not a hit.
 *
 * Not covered (documented limits): cross-script homoglyphs (Cyrillic `е` in a name), phones spelled
 * in words, and values split across two separate writes.
 */
export const CANARY_PHONE = '+12025550147';
export const CANARY_PHONE_DIGITS = '2025550147';
export const CANARY_NAME = 'Zebulon Quixote';
export const CANARY_BODY = 'CANARY-PHI my diabetes insulin refill for Zebulon Quixote';

/** Every exact string that counts as leaked PHI (the normalised matcher also finds other forms). */
export const CANARIES: readonly string[] = [CANARY_PHONE, CANARY_PHONE_DIGITS, CANARY_NAME, 'CANARY-PHI', 'Zebulon'];

export type CanaryKind = 'phone' | 'name' | 'body';

const INVISIBLE = /\u034F|[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/gu;
const URL_ESCAPES: Readonly<Record<string, string>> = { '%2B': '+', '%20': ' ', '%28': '(', '%29': ')', '%2D': '-' };

function baseNormalise(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '');
}

function foldWords(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFKC')
    .toLowerCase();
}

/** Phone candidates: digits and phone punctuation, not touching a letter or digit outside. */
const PHONE_CANDIDATE = /(?<![\p{L}\p{N}])[+(]*\d[\d\s().+\-/\u2010-\u2015]*\d(?![\p{L}\p{N}])/gu;

function hasPhone(normalised: string): boolean {
  const text = normalised.replace(/%(2B|20|28|29|2D)/gi, (m) => URL_ESCAPES[m.toUpperCase()] ?? m);
  for (const match of text.matchAll(PHONE_CANDIDATE)) {
    const groups = match[0].match(/\d+/g) ?? [];
    // Digits with group boundaries: starts[i] = digit i begins a group; ends[i] = digit i ends one.
    let digits = '';
    const starts = new Set<number>();
    const ends = new Set<number>();
    for (const g of groups) {
      starts.add(digits.length);
      digits += g;
      ends.add(digits.length - 1);
    }
    for (let i = digits.indexOf(CANARY_PHONE_DIGITS); i !== -1; i = digits.indexOf(CANARY_PHONE_DIGITS, i + 1)) {
      const alignedStart = starts.has(i) || (i > 0 && digits[i - 1] === '1' && starts.has(i - 1));
      if (alignedStart && ends.has(i + CANARY_PHONE_DIGITS.length - 1)) return true;
    }
  }
  return false;
}

const BODY_WORDS = foldWords(CANARY_BODY).match(/[\p{L}\p{N}]+/gu) ?? [];
const BODY_PHRASES: readonly string[] = [
  ...BODY_WORDS.slice(0, -2).map((w, i) => `${w} ${BODY_WORDS[i + 1]} ${BODY_WORDS[i + 2]}`),
  'diabetes insulin',
  'insulin refill',
];

function hasName(folded: string): boolean {
  return folded.includes('zebulon') || /(?<![\p{L}\p{N}])quixote(?![\p{L}\p{N}])/u.test(folded);
}

function hasBody(folded: string): boolean {
  if (/canary[-_\u2010-\u2015]phi/u.test(folded)) return true;
  const words = ` ${(folded.match(/[\p{L}\p{N}]+/gu) ?? []).join(' ')} `;
  return BODY_PHRASES.some((p) => words.includes(` ${p} `));
}

/** The kind of canary PHI found in `text` (normalised forms included), or undefined. */
export function findCanary(text: string): CanaryKind | undefined {
  const normalised = baseNormalise(text);
  if (hasPhone(normalised)) return 'phone';
  const folded = foldWords(normalised);
  if (hasName(folded)) return 'name';
  if (hasBody(folded)) return 'body';
  return undefined;
}

export function assertNoCanary(text: string, where: string): void {
  const hit = findCanary(text);
  if (hit !== undefined) {
    throw new Error(`canary PHI (${hit}) found in ${where}`);
  }
}
