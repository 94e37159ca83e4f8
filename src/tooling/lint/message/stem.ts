/**
 * English and Spanish stemmers (Snowball ports from @orama/stemmers), with a bounded cache. The
 * package is ESM-typed but ships CommonJS builds, so it is loaded with createRequire and typed with
 * an import type (TypeScript's node16 mode refuses a plain `import` of an ESM-typed package from
 * CommonJS).
 */
import { createRequire } from 'node:module';

type StemmerModule = typeof import('@orama/stemmers/english', { with: { 'resolution-mode': 'import' } });
export type StemLanguage = 'en' | 'es';

const load = createRequire(__filename);
const STEMMERS: Record<StemLanguage, (word: string) => string> = {
  en: (load('@orama/stemmers/english') as StemmerModule).stemmer,
  es: (load('@orama/stemmers/spanish') as StemmerModule).stemmer,
};

const MAX_CACHE = 50_000;
const caches: Record<StemLanguage, Map<string, string>> = { en: new Map(), es: new Map() };

/** The stem of a folded word (lowercase, no diacritics). Digits and one-letter words are their own stem. */
export function stem(word: string, language: StemLanguage): string {
  const cache = caches[language];
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  const result = word.length < 3 || /\d/.test(word) ? word : STEMMERS[language](word);
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(word, result);
  return result;
}
