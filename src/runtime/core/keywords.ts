/**
 * Inbound SMS keyword classifier: opt-out, opt-in, help or none. Pure, typed, dependency-free,
 * never logs. The lists, matching rules, precedence and every judgment call are documented in
 * docs/keywords.md; keep the two in step.
 *
 * Matching, in order (all on normalised tokens, see normalize.ts):
 *  0. A body longer than MAX_BODY_CHARS, or one with no word tokens, is 'none'.
 *  1. Keyword + filler ('exact' / 'with_filler'): every token of the whole message is a reserved
 *     keyword or a filler, with at least one keyword. Kind by precedence (opt-out first).
 *     Spaced-out letters ("S T O P", "S.T.O.P") are joined first.
 *  2. Revocation cues, at any length up to the cap ('phrase'; opt-outs only):
 *     a. a cue (keyword-lists.ts PHRASES_*) occurs inside one sentence, is not negated just before
 *        ("please don't stop texting me", "por favor no dejen de enviarme"), and what follows it
 *        fits its Follow rule ("opt out of the study", "stop sending me the bill" do not count);
 *     b. a weak cue (TAIL_PHRASES_*: "I want to stop", "can you stop") is followed only by fillers:
 *        to the end of a short message (≤ MAX_PHRASE_TOKENS), or to the end of its sentence in a
 *        message that talks about messages and not about treatment;
 *     c. one sentence of a multi-sentence message is an opt-out keyword + fillers ("STOP. I moved"),
 *        except cancel / cancelar / end / fin / para, too often about appointments or prose;
 *     d. a sentence opens with an opt-out keyword and a new clause follows without punctuation
 *        ("STOP I never signed up"), or ends with "please stop" / "this STOP".
 *  Only opt-outs are found by step 2; opt-in and help need step 1. The work is linear in the number
 *  of tokens (every look-around is bounded by a constant), so a 1600-character body is cheap.
 */
import {
  ALL_WORDS,
  CLAUSE_STARTERS,
  type Cue,
  EN_COMPLAINT_NEGATORS,
  EN_MARKERS,
  EN_NEGATION_TRANSPARENT,
  EN_NEGATORS,
  ES_MARKERS,
  ES_NEGATION_TRANSPARENT,
  ES_NEGATORS,
  expandPattern,
  FILLERS_BOTH,
  FILLERS_EN,
  FILLERS_ES,
  type Follow,
  type Guard,
  CONTAINER_OBJECTS,
  CONTAINER_QUALIFIERS,
  HELP_EN,
  HELP_ES,
  LEAD_KEYWORDS,
  MEDICAL_CONTEXT,
  MESSAGING_CONTEXT,
  MESSAGING_OBJECTS,
  NOT_SENTENCE_SAFE,
  OBJECT_PREPOSITIONS,
  OBJECT_SKIP,
  OPTIN_EN,
  OPTIN_ES,
  OPTIN_IF_EN,
  OPTIN_IF_ES,
  OPTOUT_ALL_EN,
  OPTOUT_EN,
  OPTOUT_ES,
  OTHER_OBJECTS,
  PHRASES_EN,
  PHRASES_ES,
  SAID_FOLLOWERS,
  SECOND_PERSON,
  STANDALONE_ONLY,
  TAIL_PHRASES_EN,
  TAIL_PHRASES_ES,
  TEXT_WORDS,
  TRAIL_AFTER,
  TRAIL_KEYWORDS,
  type Pattern,
} from './keyword-lists';
import { MAX_BODY_CHARS, normalizeSegments } from './normalize';

export type KeywordClass = 'optout' | 'optout_all' | 'optin' | 'optin_if_opted_out' | 'help' | 'none';

export interface Classification {
  kind: KeywordClass;
  rule: 'exact' | 'with_filler' | 'phrase' | 'none';
  language: 'en' | 'es' | null;
}

/**
 * A message of at most this many tokens is "short": a weak cue (rule 2b) then counts when only
 * fillers follow it to the end of the message, without further context. Longer messages need the
 * weak cue to end its sentence in a message about messages. Strong cues count at any length.
 */
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

/** Every concrete opt-out phrase (rule 2a), expanded from the cue patterns. */
export function optoutPhrases(): readonly (readonly string[])[] {
  return expandAll([...PHRASES_EN, ...PHRASES_ES].map((c) => c.pattern));
}

/** Every concrete weak cue (rule 2b). */
export function optoutTailPhrases(): readonly (readonly string[])[] {
  return expandAll([...TAIL_PHRASES_EN, ...TAIL_PHRASES_ES].map((c) => c.pattern));
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

/** A cue with each alternative split into tokens ([] = the slot may be skipped). */
interface CompiledCue {
  readonly slots: readonly (readonly (readonly string[])[])[];
  readonly lang: Lang;
  readonly follow: Follow;
  readonly guard: Guard;
  readonly complaint: boolean;
  readonly notAfter: readonly (readonly string[])[];
  readonly notBefore: readonly (readonly string[])[];
  readonly atStart: boolean;
}

const split = (s: string): string[] => (s === '' ? [] : s.split(' '));

function compile(cues: readonly Cue[], lang: Lang): CompiledCue[] {
  return cues.map((c) => ({
    slots: c.pattern.map((slot) => slot.map(split)),
    lang,
    follow: c.follow,
    guard: c.guard,
    complaint: c.complaint === true,
    notAfter: (c.notAfter ?? []).map(split),
    notBefore: (c.notBefore ?? []).map(split),
    atStart: c.atStart === true,
  }));
}

/** The tokens a cue can start with (looking past skippable slots). */
function firstTokens(c: CompiledCue, from = 0): string[] {
  const slot = c.slots[from];
  if (slot === undefined) return [];
  const out: string[] = [];
  for (const alt of slot) {
    const first = alt[0];
    if (first === undefined) out.push(...firstTokens(c, from + 1));
    else out.push(first);
  }
  return out;
}

const CUE_INDEX: ReadonlyMap<string, readonly CompiledCue[]> = (() => {
  const map = new Map<string, CompiledCue[]>();
  const all = [
    ...compile(PHRASES_EN, 'en'),
    ...compile(PHRASES_ES, 'es'),
    ...compile(TAIL_PHRASES_EN, 'en'),
    ...compile(TAIL_PHRASES_ES, 'es'),
  ];
  for (const c of all) {
    for (const first of new Set(firstTokens(c))) {
      const bucket = map.get(first);
      if (bucket === undefined) map.set(first, [c]);
      else bucket.push(c);
    }
  }
  return map;
})();

// ---------------------------------------------------------------------------------------------
// Matching helpers
// ---------------------------------------------------------------------------------------------

/** Highest first: a message with an opt-out signal is an opt-out whatever else it says. */
const PRECEDENCE: readonly KeywordKind[] = ['optout_all', 'optout', 'help', 'optin', 'optin_if_opted_out'];

function rank(kind: KeywordKind): number {
  return PRECEDENCE.indexOf(kind);
}

/** Whether tokens[at..] starts with seq, without reaching `limit`. */
function startsAt(tokens: readonly string[], at: number, seq: readonly string[], limit = tokens.length): boolean {
  if (at < 0 || at + seq.length > limit) return false;
  for (let k = 0; k < seq.length; k++) if (tokens[at + k] !== seq[k]) return false;
  return true;
}

function longestAt(tokens: readonly string[], at: number, limit = tokens.length): VocabEntry | undefined {
  const first = tokens[at];
  if (first === undefined || at >= limit) return undefined;
  return VOCAB_INDEX.get(first)?.find((e) => startsAt(tokens, at, e.tokens, limit));
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
  for (let i = 0; i < tokens.length;) {
    const entry = longestAt(tokens, i);
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

/**
 * The normalised message with its sentence boundaries and a few precomputed facts, each one linear
 * pass, so that every per-position question below is answered in constant time.
 */
interface Scan {
  readonly tokens: readonly string[];
  /** Sentences as [start, end) token ranges. */
  readonly sentences: readonly (readonly [number, number])[];
  /** For each token, the index of its sentence. */
  readonly sentenceOf: Uint32Array;
  /** fillersToSentenceEnd[i]: tokens i.. to the end of i's sentence are all fillers. */
  readonly fillersToSentenceEnd: Uint8Array;
  /** fillersToEnd[i]: tokens i.. to the end of the message are all fillers (length n + 1). */
  readonly fillersToEnd: Uint8Array;
  /** fillersFromSentenceStart[i]: the tokens of i's sentence before i are all fillers. */
  readonly fillersFromSentenceStart: Uint8Array;
  readonly short: boolean;
  readonly aboutMessages: boolean;
  readonly aboutTreatment: boolean;
}

/** Filler entries starting at `at` that end by `limit`. */
function fillersAt(tokens: readonly string[], at: number, limit: number): VocabEntry[] {
  const first = tokens[at];
  if (first === undefined) return [];
  return (VOCAB_INDEX.get(first) ?? []).filter((e) => e.kind === null && startsAt(tokens, at, e.tokens, limit));
}

/** out[i] = tokens[i..end) is a sequence of fillers (out[end] = 1), for i in [start, end]. */
function markFillerTails(tokens: readonly string[], start: number, end: number, out: Uint8Array): void {
  const ok = new Uint8Array(end - start + 1);
  ok[end - start] = 1;
  for (let i = end - 1; i >= start; i--) {
    for (const e of fillersAt(tokens, i, end)) {
      if (ok[i + e.tokens.length - start] === 1) {
        ok[i - start] = 1;
        break;
      }
    }
  }
  for (let i = start; i < end; i++) out[i] = ok[i - start] as number;
}

function scan(segments: readonly (readonly string[])[]): Scan {
  const tokens = segments.flat();
  const n = tokens.length;
  const sentences: [number, number][] = [];
  const sentenceOf = new Uint32Array(n);
  let at = 0;
  for (const seg of segments) {
    for (let k = 0; k < seg.length; k++) sentenceOf[at + k] = sentences.length;
    sentences.push([at, at + seg.length]);
    at += seg.length;
  }
  const fillersToSentenceEnd = new Uint8Array(n);
  const fillersFromSentenceStart = new Uint8Array(n);
  for (const [start, end] of sentences) {
    markFillerTails(tokens, start, end, fillersToSentenceEnd);
    const reach = new Uint8Array(end - start + 1);
    reach[0] = 1;
    for (let i = start; i < end; i++) {
      if (reach[i - start] !== 1) continue;
      fillersFromSentenceStart[i] = 1;
      for (const e of fillersAt(tokens, i, end)) reach[i + e.tokens.length - start] = 1;
    }
  }
  const fillersToEnd = new Uint8Array(n + 1);
  fillersToEnd[n] = 1;
  markFillerTails(tokens, 0, n, fillersToEnd);
  return {
    tokens,
    sentences,
    sentenceOf,
    fillersToSentenceEnd,
    fillersToEnd,
    fillersFromSentenceStart,
    short: n <= MAX_PHRASE_TOKENS,
    aboutMessages: tokens.some((t) => MESSAGING_CONTEXT.has(t)),
    aboutTreatment: tokens.some((t) => MEDICAL_CONTEXT.has(t)),
  };
}

/** Only fillers from `at` to `end` (the end of the sentence `at` is in, or at === end). */
function fillersUntil(s: Scan, at: number, end: number): boolean {
  return at >= end || s.fillersToSentenceEnd[at] === 1;
}

function endsWithAny(tokens: readonly string[], start: number, at: number, seqs: readonly (readonly string[])[]): boolean {
  return seqs.some((seq) => at - seq.length >= start && startsAt(tokens, at - seq.length, seq, at));
}

/** Whether the cue starting at `at` is negated by the words just before it, in its sentence. */
function negated(c: CompiledCue, tokens: readonly string[], start: number, at: number, short: boolean): boolean {
  if (c.guard === 'none') return false;
  const english = c.guard === 'en';
  const transparent = english ? EN_NEGATION_TRANSPARENT : ES_NEGATION_TRANSPARENT;
  for (let j = at - 1, steps = 0; j >= start && steps < 6; j--, steps++) {
    const t = tokens[j] as string;
    const negator = english ? EN_NEGATORS.has(t) || (c.complaint && EN_COMPLAINT_NEGATORS.has(t)) : ES_NEGATORS.has(t);
    if (negator) {
      const prev = j > start ? tokens[j - 1] : undefined;
      if (english) {
        // "why don't you stop texting me"; "you never stop texting me", "you won't leave me alone"
        if (prev === 'why') return false;
        if (prev !== undefined && SECOND_PERSON.has(prev) && j === at - 1) return false;
      } else {
        // "¿por qué no dejan de enviarme?"; "No dejen de enviarme" opening a sentence reads as "No. Stop…"
        if (prev === 'que' || prev === 'porque') return false;
        if (c.guard === 'es_lead' && short && t === 'no' && j === at - 1 && j === start) return false;
      }
      return true;
    }
    if (!transparent.has(t)) return false;
  }
  return false;
}

/** Index of the first token from `at` that is not a preposition/determiner (at most 5 skipped). */
function skipObjectWords(tokens: readonly string[], at: number, end: number): number {
  let j = at;
  while (j < end && j - at < 5 && OBJECT_SKIP.has(tokens[j] as string)) j++;
  return j;
}

/** A messaging word at `at`, but not a list of something else ("the list of meds", "la lista de espera"). */
function messagingObjectAt(tokens: readonly string[], at: number, end: number): boolean {
  const w = tokens[at] as string;
  if (!MESSAGING_OBJECTS.has(w)) return false;
  const qualifier = tokens[at + 1];
  if (!CONTAINER_OBJECTS.has(w) || at + 1 >= end || qualifier === undefined || !CONTAINER_QUALIFIERS.has(qualifier)) return true;
  const j = skipObjectWords(tokens, at + 2, end);
  return j >= end || MESSAGING_OBJECTS.has(tokens[j] as string);
}

function startsFiller(tokens: readonly string[], at: number, end: number): boolean {
  return fillersAt(tokens, at, end).length > 0;
}

/** Whether what follows a cue match (tokens from `at`, sentence ending at `end`) fits its Follow rule. */
function followOk(c: CompiledCue, s: Scan, at: number, end: number): boolean {
  const t = s.tokens;
  switch (c.follow) {
    case 'any':
      return true;
    case 'not_other': {
      // The next few words name the thing: a text word wins ("stop sending texts about my bill"),
      // otherwise a non-messaging word blocks ("stop sending paper reminders", "recordatorios en papel").
      const from = skipObjectWords(t, at, end);
      for (let k = from; k < end && k < from + 4; k++) {
        const w = t[k] as string;
        if (TEXT_WORDS.has(w)) return true;
        if (OTHER_OBJECTS.has(w)) return false;
      }
      return true;
    }
    case 'object':
    case 'msg_object': {
      const next = t[at];
      const strict =
        c.follow === 'msg_object' ||
        OBJECT_PREPOSITIONS.has(t[at - 1] as string) ||
        (next !== undefined && at < end && OBJECT_SKIP.has(next));
      if (!strict || fillersUntil(s, at, end)) return true;
      if (next !== undefined && CLAUSE_STARTERS.has(next) && !OBJECT_SKIP.has(next)) return true;
      const j = skipObjectWords(t, at, end);
      return fillersUntil(s, j, end) || messagingObjectAt(t, j, end);
    }
    case 'said': {
      const next = t[at];
      return (
        fillersUntil(s, at, end) || next === undefined || SAID_FOLLOWERS.has(next) || CLAUSE_STARTERS.has(next) || startsFiller(t, at, end)
      );
    }
    case 'end':
      return (s.short && s.fillersToEnd[at] === 1) || (fillersUntil(s, at, end) && s.aboutMessages && !s.aboutTreatment);
  }
}

/** Every position where cue `c` matched from `pos` can end, inside the sentence ending at `limit`. */
function cueEnds(c: CompiledCue, tokens: readonly string[], pos: number, limit: number, slot = 0, out: number[] = []): number[] {
  const alternatives = c.slots[slot];
  if (alternatives === undefined) {
    out.push(pos);
    return out;
  }
  for (const alt of alternatives) if (startsAt(tokens, pos, alt, limit)) cueEnds(c, tokens, pos + alt.length, limit, slot + 1, out);
  return out;
}

function hasAllWord(tokens: readonly string[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (ALL_WORDS.has(tokens[k] as string)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Rule 2
// ---------------------------------------------------------------------------------------------

/** Rules 2a and 2b: cues and weak cues, anywhere in the message. */
function matchCues(s: Scan): PhraseMatch | null {
  const t = s.tokens;
  let found: PhraseMatch | null = null;
  for (let i = 0; i < t.length; i++) {
    const candidates = CUE_INDEX.get(t[i] as string);
    if (candidates === undefined) continue;
    const [start, end] = s.sentences[s.sentenceOf[i] as number] as readonly [number, number];
    for (const c of candidates) {
      if (c.atStart && s.fillersFromSentenceStart[i] !== 1) continue;
      if (endsWithAny(t, start, i, c.notAfter)) continue;
      if (negated(c, t, start, i, s.short)) continue;
      for (const stop of cueEnds(c, t, i, end)) {
        if (c.notBefore.some((seq) => startsAt(t, stop, seq, end))) continue;
        if (!followOk(c, s, stop, end)) continue;
        // "all" inside the cue ("stop all texts") or in the object right after it ("opt out of all texts")
        const objectAt = skipObjectWords(t, stop, end);
        const all = hasAllWord(t, i, stop) || (hasAllWord(t, stop, objectAt) && messagingObjectAt(t, objectAt, end));
        const match: PhraseMatch = { kind: all ? 'optout_all' : 'optout', lang: c.lang };
        found = better(found, match);
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

/** Rule 2d, opening: "STOP I never signed up", "please stop this is spam", "Wrong number I'm not Ana". */
function matchLeadKeyword(s: Scan): PhraseMatch | null {
  const t = s.tokens;
  let found: PhraseMatch | null = null;
  for (const [start, end] of s.sentences) {
    let keyword = false;
    let all = false;
    let spanish = false;
    let i = start;
    while (i < end) {
      const entry = longestAt(t, i, end);
      if (entry === undefined) break;
      if (entry.kind !== null && !LEAD_KEYWORDS.has(entry.text)) break;
      if (entry.kind !== null) keyword = true;
      if (ALL_WORDS.has(entry.text)) all = true;
      if (entry.lang === 'es') spanish = true;
      i += entry.tokens.length;
    }
    if (!keyword || i >= end || !CLAUSE_STARTERS.has(t[i] as string)) continue;
    found = better(found, { kind: all ? 'optout_all' : 'optout', lang: spanish ? 'es' : 'en' });
  }
  return found;
}

const TRAIL_CUE: CompiledCue = {
  slots: [],
  lang: 'en',
  follow: 'any',
  guard: 'en',
  complaint: false,
  notAfter: [],
  notBefore: [],
  atStart: false,
};

/** Rule 2d, closing: "… I never signed up for this STOP", "… so please stop", "… ya basta". */
function matchTrailingKeyword(s: Scan): PhraseMatch | null {
  const t = s.tokens;
  let found: PhraseMatch | null = null;
  for (const [start, end] of s.sentences) {
    for (let k = end - 1; k > start && fillersUntil(s, k + 1, end); k--) {
      const word = t[k] as string;
      if (!TRAIL_KEYWORDS.has(word) || !TRAIL_AFTER.has(t[k - 1] as string)) continue;
      if (negated(TRAIL_CUE, t, start, k, s.short)) continue;
      found = better(found, {
        kind: word === 'stopall' ? 'optout_all' : 'optout',
        lang: word === 'stop' || word === 'stopall' ? 'en' : 'es',
      });
      break;
    }
  }
  return found;
}

/** An English cue in a message written mostly in Spanish gets a Spanish reply ("STOP. Ya no vivo aquí"). */
function replyLanguage(match: PhraseMatch, tokens: readonly string[]): Lang {
  if (match.lang === 'es') return 'es';
  let es = 0;
  let en = 0;
  for (const t of tokens) {
    if (ES_MARKERS.has(t)) es++;
    if (EN_MARKERS.has(t)) en++;
  }
  return es > en ? 'es' : 'en';
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

  const s = scan(segments);
  const phrase = better(better(matchCues(s), matchSentences(segments)), better(matchLeadKeyword(s), matchTrailingKeyword(s)));
  if (phrase !== null) return { kind: phrase.kind, rule: 'phrase', language: replyLanguage(phrase, tokens) };
  return { ...NONE };
}
