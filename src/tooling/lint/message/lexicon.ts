/**
 * The clinical lexicon (lexicon/message-lexicon.json, a versioned data file): validated with ajv
 * against lexicon/message-lexicon.schema.json, then compiled once into stem-sequence indexes, so
 * linting a text is one pass over its tokens with map look-ups. An invalid lexicon throws: the
 * linter cannot run, and the caller must not treat that as a pass.
 *
 * Matching: each text token is stemmed with the stemmer of every language the text reads as (see
 * language.ts); an entry matches where its stems appear in order, within one sentence. A word
 * whose stem is shorter than MIN_STEM letters must appear as written instead (folded), because
 * short stems collide ("sida"/"sido", "venas"/"venir"). `any` entries (drug names, acronyms) are
 * checked in every detected language, `word` entries as written but in any case (eponyms:
 * "parkinsons" must not match the surname "Parkinson"), `exact` entries case-sensitively and
 * unstemmed ("PrEP", "AIDS"). Ordinary wording ("medical center", "as a result", "Sacred Heart") is matched as
 * written (folded, never stemmed, so "medical" does not cover "medication") and covers its
 * tokens first; a clinical match on a covered token is dropped. The longest match at a position
 * wins.
 */
import Ajv from 'ajv';
import lexiconData from '../../../../lexicon/message-lexicon.json';
import lexiconSchema from '../../../../lexicon/message-lexicon.schema.json';
import { describeErrors, validateWith } from '../../../runtime/core/validation';
import { stem, type StemLanguage } from './stem';
import { foldedWords, rawWords, type Token } from './text';

type EntryLists = { description?: string } & Partial<Record<'en' | 'es' | 'any' | 'word' | 'exact', string[]>>;

export interface LexiconFile {
  version: string;
  description?: string;
  categories: Record<string, EntryLists>;
  ordinary: EntryLists;
}

/**
 * A key per entry word: `s:` + stem, `w:` + folded word (for words whose stem is shorter than
 * {@link MIN_STEM}: "sida" and "sido" share the Spanish stem "sid", "venas" and "venir" share
 * "ven"), or `x:` + the word as written (exact entries).
 */
type Key = string;

/** Stems shorter than this are too ambiguous to match on: the entry word must appear as written (folded). */
export const MIN_STEM = 4;

interface Entry {
  /** The entry as written in the lexicon (what findings quote: never the linted text). */
  term: string;
  category: string;
  keys: readonly Key[];
  /** The entry's folded words, to prefer the entry spelled like the text among entries sharing stems. */
  words: readonly string[];
}

type Index = Map<Key, Entry[]>;
type Source = StemLanguage | 'exact';

export interface CompiledLexicon {
  version: string;
  categories: readonly string[];
  /** Number of entries per category (all lists). */
  sizes: Readonly<Record<string, number>>;
  clinical: Record<Source, Index>;
  /** Ordinary wording: folded words as written (`w:`), or exact (`x:`); never stemmed. */
  ordinary: Record<'words' | 'exact', Index>;
}

export interface TermMatch {
  term: string;
  category: string;
  /** Token indices [start, end). */
  start: number;
  end: number;
}

export class LexiconError extends Error {}

const validate = new Ajv({ allErrors: true, strictRequired: false }).compile<LexiconFile>(lexiconSchema);

function add(index: Index, entry: Entry): void {
  const first = entry.keys[0];
  if (first === undefined) return;
  const bucket = index.get(first);
  if (bucket === undefined) index.set(first, [entry]);
  else bucket.push(entry);
}

function stemKey(word: string, lang: StemLanguage): Key {
  const s = stem(word, lang);
  return s.length < MIN_STEM ? `w:${word}` : `s:${s}`;
}

type ListName = 'en' | 'es' | 'any' | 'word' | 'exact';

function eachEntry(lists: EntryLists, where: string, visit: (term: string, list: ListName, words: string[]) => void): number {
  let count = 0;
  for (const list of ['en', 'es', 'any', 'word', 'exact'] as const) {
    (lists[list] ?? []).forEach((term, i) => {
      const words = list === 'exact' ? rawWords(term) : foldedWords(term);
      if (words.length === 0) throw new LexiconError(`message lexicon is invalid: ${where}/${list}/${i} (no words)`);
      count++;
      visit(term, list, words);
    });
  }
  return count;
}

/** Validates and compiles a lexicon document. Throws LexiconError (naming JSON paths, not values). */
export function compileLexicon(data: unknown): CompiledLexicon {
  const result = validateWith<LexiconFile>(validate, data);
  if (!result.ok) throw new LexiconError(`message lexicon is invalid: ${describeErrors(result.errors)}`);
  const file = result.value;
  const clinical: Record<Source, Index> = { en: new Map(), es: new Map(), exact: new Map() };
  const ordinary: Record<'words' | 'exact', Index> = { words: new Map(), exact: new Map() };
  const sizes: Record<string, number> = {};
  for (const [category, lists] of Object.entries(file.categories)) {
    sizes[category] = eachEntry(lists, `/categories/${category}`, (term, list, words) => {
      if (list === 'exact') return add(clinical.exact, { term, category, keys: words.map((w) => `x:${w}`), words });
      // Unstemmed words are looked up through every language index (each token also answers to `w:`).
      if (list === 'word') {
        for (const lang of ['en', 'es'] as const) add(clinical[lang], { term, category, keys: words.map((w) => `w:${w}`), words });
        return;
      }
      for (const lang of list === 'any' ? (['en', 'es'] as const) : [list]) {
        add(clinical[lang], { term, category, keys: words.map((w) => stemKey(w, lang)), words });
      }
    });
  }
  eachEntry(file.ordinary, '/ordinary', (term, list, words) => {
    const entry = { term, category: 'ordinary', keys: words.map((w): Key => (list === 'exact' ? `x:${w}` : `w:${w}`)), words };
    add(list === 'exact' ? ordinary.exact : ordinary.words, entry);
  });
  for (const index of [...Object.values(clinical), ...Object.values(ordinary)]) {
    for (const bucket of index.values()) bucket.sort((a, b) => b.keys.length - a.keys.length);
  }
  return { version: file.version, categories: Object.keys(file.categories), sizes, clinical, ordinary };
}

let shipped: CompiledLexicon | null = null;

/** The shipped lexicon, compiled on first use (so a broken file surfaces where the caller can handle it). */
export function getLexicon(): CompiledLexicon {
  if (shipped === null) shipped = compileLexicon(lexiconData);
  return shipped;
}

/** The keys token `i` answers to in one source: its stem key, its folded word, or its raw form. */
type TokenKeys = readonly (readonly Key[])[];

function keysFor(tokens: readonly Token[], source: Source | 'words'): TokenKeys {
  if (source === 'exact') return tokens.map((t) => [`x:${t.raw}`]);
  if (source === 'words') return tokens.map((t) => [`w:${t.folded}`]);
  return tokens.map((t) => [`w:${t.folded}`, `s:${stem(t.folded, source)}`]);
}

/** Every entry of `index` that matches at token `i`, within one sentence. */
function entriesAt(index: Index, keys: TokenKeys, tokens: readonly Token[], i: number): Entry[] {
  const out: Entry[] = [];
  for (const first of keys[i] ?? []) {
    for (const e of index.get(first) ?? []) {
      if (e.keys.every((k, j) => keys[i + j]?.includes(k) === true && (j === 0 || tokens[i + j]?.breakBefore === false))) out.push(e);
    }
  }
  return out;
}

/** Clinical terms in the tokens, for the given languages (see the module comment for the rules). */
export function findTerms(lexicon: CompiledLexicon, tokens: readonly Token[], languages: readonly StemLanguage[]): TermMatch[] {
  const covered = new Array<boolean>(tokens.length).fill(false);
  const words = keysFor(tokens, 'words');
  const exact = keysFor(tokens, 'exact');
  for (let i = 0; i < tokens.length; i++) {
    for (const e of [...entriesAt(lexicon.ordinary.words, words, tokens, i), ...entriesAt(lexicon.ordinary.exact, exact, tokens, i)]) {
      covered.fill(true, i, i + e.keys.length);
    }
  }
  const sources: [Index, TokenKeys][] = [
    ...languages.map((l): [Index, TokenKeys] => [lexicon.clinical[l], keysFor(tokens, l)]),
    [lexicon.clinical.exact, exact],
  ];
  const found: TermMatch[] = [];
  for (let i = 0; i < tokens.length;) {
    const spelledLikeText = (e: Entry): number =>
      e.words.every((w, j) => tokens[i + j]?.folded === w || tokens[i + j]?.raw === w) ? 1 : 0;
    const candidates = sources
      .flatMap(([index, keys]) => entriesAt(index, keys, tokens, i))
      .sort((a, b) => b.keys.length - a.keys.length || spelledLikeText(b) - spelledLikeText(a));
    const hit = candidates.find((e) => !covered.slice(i, i + e.keys.length).includes(true));
    if (hit === undefined) {
      i++;
      continue;
    }
    found.push({ term: hit.term, category: hit.category, start: i, end: i + hit.keys.length });
    i += hit.keys.length;
  }
  return found;
}
