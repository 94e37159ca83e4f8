/**
 * Normalisation of inbound SMS bodies into lowercase word tokens, for keyword classification
 * (see `keywords.ts` and docs/keywords.md).
 *
 * Pure, dependency-free and bounded: at most {@link MAX_BODY_CHARS} UTF-16 code units of the body are
 * looked at, and every step is a single linear pass (no backtracking-prone patterns).
 *
 * Steps, in order:
 *  1. Cap: only the first {@link MAX_BODY_CHARS} code units are used (never splitting a surrogate pair).
 *     `classifyMessage` goes further and treats any longer body as not-a-keyword (docs/keywords.md).
 *  2. Apostrophe look-alikes (’ ‘ ‛ ʼ ʹ ` ´ ′ ＇) become `'`, and the letter-like symbols ™ ℠ ℡ ℻
 *     become a space (otherwise NFKC would turn "STOP™" into "stoptm").
 *  3. Unicode NFKC: full-width and mathematical letters become ASCII, ligatures are split,
 *     NBSP / ideographic space become a plain space, circled letters become letters.
 *  4. Invisible characters are removed outright (so "s\u200Btop" is "stop"): every format character
 *     (General_Category Cf: zero-width space/joiners, word joiner, BOM, soft hyphen, bidi marks and
 *     isolates, tag characters) and every Default_Ignorable_Code_Point (variation selectors,
 *     combining grapheme joiner, Hangul fillers).
 *  5. Lowercase (locale-independent).
 *  6. Diacritics folded: NFD, drop every combining mark (General_Category M), NFC ("MÁS" → "mas").
 *  7. Sentence split (only for {@link normalizeSegments}): . ! ? ; : , … ¡ ¿ 。 and line breaks.
 *  8. Tokenise: an apostrophe between two letters/digits is dropped ("don't" → "dont"); every other
 *     character that is not a letter (L) or digit (N) separates tokens. That covers punctuation,
 *     hyphen / underscore / dot ("opt-out" → opt, out), all whitespace, emoji, pictographs and
 *     symbols (visible symbols separate; they are never glued into a word).
 */

/** Bodies are considered up to this many UTF-16 code units (the SMS concatenated maximum). */
export const MAX_BODY_CHARS = 1600;

// Each pattern below is a single character class or a fixed-width lookaround: linear time.
const APOSTROPHE_LIKE = /[\u2018\u2019\u201B\u02BC\u02B9\u0060\u00B4\u2032\uFF07]/gu;
const LETTERLIKE_SYMBOLS = /[\u2120\u2121\u2122\u213B]/gu;
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
const COMBINING_MARK = /\p{M}/gu;
const SENTENCE_BREAK = /[.!?;:,\n\r\v\f\u0085\u2028\u2029\u2026\u00A1\u00BF\u3002]/u;
const INNER_APOSTROPHE = /(?<=[\p{L}\p{N}])'(?=[\p{L}\p{N}])/gu;
const NON_WORD = /[^\p{L}\p{N}]+/u;

/** The first MAX_BODY_CHARS code units, without leaving half a surrogate pair at the end. */
function capBody(body: string): string {
  if (body.length <= MAX_BODY_CHARS) return body;
  const last = body.charCodeAt(MAX_BODY_CHARS - 1);
  const cut = last >= 0xd800 && last <= 0xdbff ? MAX_BODY_CHARS - 1 : MAX_BODY_CHARS;
  return body.slice(0, cut);
}

/** Steps 1–6: a lowercase, diacritic-free, invisible-free string (punctuation still present). */
function foldText(body: string): string {
  return capBody(body)
    .replace(APOSTROPHE_LIKE, "'")
    .replace(LETTERLIKE_SYMBOLS, ' ')
    .normalize('NFKC')
    .replace(APOSTROPHE_LIKE, "'") // again: NFKC maps e.g. U+0374 to U+02B9
    .replace(INVISIBLE, '')
    .toLowerCase()
    .normalize('NFD')
    .replace(COMBINING_MARK, '')
    .normalize('NFC');
}

function tokenize(text: string): string[] {
  return text
    .replace(INNER_APOSTROPHE, '')
    .split(NON_WORD)
    .filter((t) => t.length > 0);
}

/**
 * The body as sentence-like segments of tokens (empty segments dropped). Used by the classifier to
 * spot a keyword that forms its own sentence ("STOP. I moved away").
 */
export function normalizeSegments(body: string): string[][] {
  const segments: string[][] = [];
  for (const part of foldText(body).split(SENTENCE_BREAK)) {
    const tokens = tokenize(part);
    if (tokens.length > 0) segments.push(tokens);
  }
  return segments;
}

/** The body as lowercase word tokens; see the module comment for the exact steps. */
export function normalizeMessage(body: string): string[] {
  return tokenize(foldText(body));
}
