/**
 * Inbound SMS keyword classifier: opt-out, opt-in, help or none. Pure, typed, dependency-free.
 * The lists, matching rules, precedence and every judgment call are documented in docs/keywords.md;
 * keep the two in step.
 *
 * Matching, in order (all on normalised tokens, see normalize.ts):
 *  0. A body longer than MAX_BODY_CHARS, or one with no word tokens, is 'none'.
 *  1. Keyword + filler ('exact' / 'with_filler'): every token of the whole message is a reserved
 *     keyword or a filler, with at least one keyword. Kind by precedence (opt-out first).
 *     Spaced-out letters ("S T O P", "S.T.O.P") are joined first.
 *  2. Only for messages of at most MAX_PHRASE_TOKENS tokens ('phrase'):
 *     a. an opt-out phrase occurs as a contiguous token run anywhere (English phrases are skipped
 *        right after "dont" / "not" / "didnt" / "doesnt");
 *     b. a tail phrase ("want to stop", "stop getting these") occurs and only fillers follow it;
 *     c. one sentence of a multi-sentence message is an opt-out keyword + fillers ("STOP. I moved"),
 *        except for cancel / cancelar / end / fin / para, which are too often about appointments or
 *        ordinary prose.
 *  Only opt-outs are found by step 2; opt-in and help need step 1.
 */
import {
  ALL_WORDS, EN_NEGATORS, expandPattern, FILLERS_BOTH, FILLERS_EN, FILLERS_ES, HELP_EN, HELP_ES, NOT_SENTENCE_SAFE,
  OPTIN_EN, OPTIN_ES, OPTIN_IF_EN, OPTIN_IF_ES, OPTOUT_ALL_EN, OPTOUT_EN, OPTOUT_ES, PHRASES_EN, PHRASES_ES,
  STANDALONE_ONLY, TAIL_PHRASES_EN, TAIL_PHRASES_ES, type Pattern,
} from './keyword-lists';
import { MAX_BODY_CHARS, normalizeSegments } from './normalize';

export type KeywordClass = 'optout' | 'optout_all' | 'optin' | 'optin_if_opted_out' | 'help' | 'none';

export interface Classification {
  kind: KeywordClass;
  rule: 'exact' | 'with_filler' | 'phrase' | 'none';
  language: 'en' | 'es' | null;
}

/** Phrase, tail-phrase and sentence matching only apply to messages of at most this many tokens. */
export const MAX_PHRASE_TOKENS = 12;

type Lang = 'en' | 'es';
type KeywordKind = Exclude<KeywordClass, 'none'>;

// ---------------------------------------------------------------------------------------------
// Public lists (frozen). Phrase lists are expanded on demand, for docs and tests only.
// ---------------------------------------------------------------------------------------------

function frozen<T extends string | string[]>(list: T[]): T[] {
  for (const item of list) if (Array.isArray(item)) Object.freeze(item);
  Object.freeze(list);
  return list;
}

export const KEYWORDS: {
  readonly optout: readonly string[];
  readonly optoutAll: readonly string[];
  readonly optin: readonly string[];
  readonly optinIfOptedOut: readonly string[];
  readonly help: readonly string[];
  readonly fillers: readonly string[];
} = Object.freeze({
  optout: frozen([...OPTOUT_EN, ...OPTOUT_ES]),
  optoutAll: frozen([...OPTOUT_ALL_EN]),
  optin: frozen([...OPTIN_EN, ...OPTIN_ES]),
  optinIfOptedOut: frozen([...OPTIN_IF_EN, ...OPTIN_IF_ES]),
  help: frozen([...HELP_EN, ...HELP_ES]),
  fillers: frozen([...FILLERS_EN, ...FILLERS_BOTH, ...FILLERS_ES]),
});

function expandAll(patterns: readonly Pattern[]): string[][] {
  return frozen([...new Set(patterns.flatMap(expandPattern))].map((p) => p.split(' ')));
}

/** Every concrete opt-out phrase (rule 2a), expanded from the patterns. */
export function optoutPhrases(): readonly (readonly string[])[] {
  return expandAll([...PHRASES_EN, ...PHRASES_ES]);
}

/** Every concrete tail phrase (rule 2b). */
export function optoutTailPhrases(): readonly (readonly string[])[] {
  return expandAll([...TAIL_PHRASES_EN, ...TAIL_PHRASES_ES]);
}

// ---------------------------------------------------------------------------------------------
// Indexes (small: built from the lists and patterns, never from their expansions)
// ---------------------------------------------------------------------------------------------

interface VocabEntry {
  readonly text: string;
  readonly tokens: readonly string[];
  readonly kind: KeywordKind | null; // null = filler
  readonly lang: Lang | 'both';
}

/** Map from first token to entries, longest first, so greedy matching prefers "thank you" to "thank". */
function indexByFirst(entries: readonly VocabEntry[]): ReadonlyMap<string, readonly VocabEntry[]> {
  const map = new Map<string, VocabEntry[]>();
  for (const e of entries) {
    const first = e.tokens[0];
    if (first === undefined) continue;
    const bucket = map.get(first);
    if (bucket === undefined) map.set(first, [e]);
    else bucket.push(e);
  }
  for (const bucket of map.values()) bucket.sort((a, b) => b.tokens.length - a.tokens.length);
  return map;
}

function vocab(list: readonly string[], kind: KeywordKind | null, lang: Lang | 'both'): VocabEntry[] {
  return list.map((text) => ({ text, tokens: text.split(' '), kind, lang }));
}

const VOCAB_INDEX = indexByFirst([
  ...vocab(OPTOUT_EN, 'optout', 'en'),
  ...vocab(OPTOUT_ES, 'optout', 'es'),
  ...vocab(OPTOUT_ALL_EN, 'optout_all', 'en'),
  ...vocab(OPTIN_EN, 'optin', 'en'),
  ...vocab(OPTIN_ES, 'optin', 'es'),
  ...vocab(OPTIN_IF_EN, 'optin_if_opted_out', 'en'),
  ...vocab(OPTIN_IF_ES, 'optin_if_opted_out', 'es'),
  ...vocab(HELP_EN, 'help', 'en'),
  ...vocab(HELP_ES, 'help', 'es'),
  ...vocab(FILLERS_EN, null, 'en'),
  ...vocab(FILLERS_BOTH, null, 'both'),
  ...vocab(FILLERS_ES, null, 'es'),
]);

/** A phrase pattern with each alternative split into tokens ([] = the slot may be skipped). */
interface CompiledPattern {
  readonly slots: readonly (readonly (readonly string[])[])[];
  readonly lang: Lang;
  readonly tail: boolean;
}

function compile(patterns: readonly Pattern[], lang: Lang, tail: boolean): CompiledPattern[] {
  return patterns.map((p) => ({ slots: p.map((slot) => slot.map((alt) => (alt === '' ? [] : alt.split(' ')))), lang, tail }));
}

/** The tokens a pattern can start with (looking past skippable slots). */
function firstTokens(p: CompiledPattern, from = 0): string[] {
  const slot = p.slots[from];
  if (slot === undefined) return [];
  const out: string[] = [];
  for (const alt of slot) {
    const first = alt[0];
    if (first === undefined) out.push(...firstTokens(p, from + 1));
    else out.push(first);
  }
  return out;
}

const PHRASE_INDEX: ReadonlyMap<string, readonly CompiledPattern[]> = (() => {
  const map = new Map<string, CompiledPattern[]>();
  const all = [
    ...compile(PHRASES_EN, 'en', false),
    ...compile(PHRASES_ES, 'es', false),
    ...compile(TAIL_PHRASES_EN, 'en', true),
    ...compile(TAIL_PHRASES_ES, 'es', true),
  ];
  for (const p of all) {
    for (const first of new Set(firstTokens(p))) {
      const bucket = map.get(first);
      if (bucket === undefined) map.set(first, [p]);
      else bucket.push(p);
    }
  }
  return map;
})();

// ---------------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------------

/** Highest first: a message with an opt-out signal is an opt-out whatever else it says. */
const PRECEDENCE: readonly KeywordKind[] = ['optout_all', 'optout', 'help', 'optin', 'optin_if_opted_out'];

function rank(kind: KeywordKind): number {
  return PRECEDENCE.indexOf(kind);
}

function startsAt(tokens: readonly string[], at: number, seq: readonly string[]): boolean {
  if (at + seq.length > tokens.length) return false;
  for (let k = 0; k < seq.length; k++) if (tokens[at + k] !== seq[k]) return false;
  return true;
}

function longestAt(index: ReadonlyMap<string, readonly VocabEntry[]>, tokens: readonly string[], at: number): VocabEntry | undefined {
  const first = tokens[at];
  if (first === undefined) return undefined;
  return index.get(first)?.find((e) => startsAt(tokens, at, e.tokens));
}

interface KeywordMatch {
  kind: KeywordKind;
  rule: 'exact' | 'with_filler';
  lang: Lang;
  sentenceSafe: boolean;
}

/** Rule 1: every token is a keyword or a filler, with at least one keyword. */
function matchKeywordsAndFillers(tokens: readonly string[]): KeywordMatch | null {
  let best: KeywordKind | null = null;
  let fillers = 0;
  let hasAllWord = false;
  let spanish = false;
  let sentenceSafe = true;
  const keywordTexts = new Set<string>();
  for (let i = 0; i < tokens.length; ) {
    const entry = longestAt(VOCAB_INDEX, tokens, i);
    if (entry === undefined) return null;
    i += entry.tokens.length;
    if (entry.lang === 'es') spanish = true;
    if (entry.kind === null) {
      fillers++;
      if (ALL_WORDS.has(entry.text)) hasAllWord = true;
      continue;
    }
    keywordTexts.add(entry.text);
    if (ALL_WORDS.has(entry.text)) hasAllWord = true;
    if (NOT_SENTENCE_SAFE.has(entry.text)) sentenceSafe = false;
    if (best === null || rank(entry.kind) < rank(best)) best = entry.kind;
  }
  if (best === null) return null;
  for (const text of keywordTexts) {
    // A standalone-only word ("para") counts only as the whole message, repeated or not.
    if (STANDALONE_ONLY.has(text) && (fillers > 0 || keywordTexts.size > 1)) return null;
  }
  const kind: KeywordKind = (best === 'optout' || best === 'optout_all') && hasAllWord ? 'optout_all' : best;
  return { kind, rule: fillers === 0 ? 'exact' : 'with_filler', lang: spanish ? 'es' : 'en', sentenceSafe };
}

/** Whether tokens[from..] consists only of fillers. */
function onlyFillersFrom(tokens: readonly string[], from: number): boolean {
  for (let i = from; i < tokens.length; ) {
    const entry = longestAt(VOCAB_INDEX, tokens, i);
    if (entry === undefined || entry.kind !== null) return false;
    i += entry.tokens.length;
  }
  return true;
}

interface PhraseMatch {
  kind: 'optout' | 'optout_all';
  lang: Lang;
}

function better(a: PhraseMatch | null, b: PhraseMatch | null): PhraseMatch | null {
  if (a === null) return b;
  if (b === null) return a;
  if (a.kind !== b.kind) return a.kind === 'optout_all' ? a : b;
  return a.lang === 'es' ? a : b;
}

/** Every position where pattern `p` matched from `pos` can end (slots tried in order). */
function patternEnds(p: CompiledPattern, tokens: readonly string[], pos: number, slot = 0, out: number[] = []): number[] {
  const alternatives = p.slots[slot];
  if (alternatives === undefined) {
    out.push(pos);
    return out;
  }
  for (const alt of alternatives) if (startsAt(tokens, pos, alt)) patternEnds(p, tokens, pos + alt.length, slot + 1, out);
  return out;
}

/** Rules 2a and 2b: opt-out phrases and tail phrases. */
function matchPhrases(tokens: readonly string[]): PhraseMatch | null {
  let found: PhraseMatch | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i];
    if (first === undefined) continue;
    const candidates = PHRASE_INDEX.get(first);
    if (candidates === undefined) continue;
    const prev = tokens[i - 1];
    for (const p of candidates) {
      if (p.lang === 'en' && prev !== undefined && EN_NEGATORS.has(prev)) continue;
      for (const end of patternEnds(p, tokens, i)) {
        if (p.tail && !onlyFillersFrom(tokens, end)) continue;
        const all = tokens.slice(i, end).some((t) => ALL_WORDS.has(t));
        found = better(found, { kind: all ? 'optout_all' : 'optout', lang: p.lang });
      }
    }
  }
  return found;
}

/** Rule 2c: one sentence of a multi-sentence message is an opt-out keyword plus fillers. */
function matchSentences(segments: readonly (readonly string[])[]): PhraseMatch | null {
  if (segments.length < 2) return null;
  let found: PhraseMatch | null = null;
  for (const segment of segments) {
    const m = matchKeywordsAndFillers(segment);
    if (m === null || !m.sentenceSafe) continue;
    if (m.kind !== 'optout' && m.kind !== 'optout_all') continue;
    found = better(found, { kind: m.kind, lang: m.lang });
  }
  return found;
}

/** "S T O P" / "S.T.O.P" → ["stop"]; anything else unchanged. */
function joinSpacedLetters(tokens: readonly string[]): readonly string[] {
  if (tokens.length < 2) return tokens;
  for (const t of tokens) if (t.length !== 1 || t < 'a' || t > 'z') return tokens;
  return [tokens.join('')];
}

const NONE: Classification = Object.freeze({ kind: 'none', rule: 'none', language: null });

/**
 * Classifies an inbound SMS body. Never throws for any string; never logs.
 * 'optin_if_opted_out' (YES / SÍ) is an opt-in only if the sender is currently opted out: the
 * caller decides.
 */
export function classifyMessage(body: string): Classification {
  if (typeof body !== 'string' || body.length > MAX_BODY_CHARS) return { ...NONE };
  const segments = normalizeSegments(body);
  const tokens = segments.flat();
  if (tokens.length === 0) return { ...NONE };

  const joined = joinSpacedLetters(tokens);
  const whole = matchKeywordsAndFillers(joined) ?? (joined === tokens ? null : matchKeywordsAndFillers(tokens));
  if (whole !== null) return { kind: whole.kind, rule: whole.rule, language: whole.lang };

  if (tokens.length > MAX_PHRASE_TOKENS) return { ...NONE };
  const phrase = better(matchPhrases(tokens), matchSentences(segments));
  if (phrase !== null) return { kind: phrase.kind, rule: 'phrase', language: phrase.lang };
  return { ...NONE };
}
