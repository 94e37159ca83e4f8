/**
 * Which languages' lexicon entries a text is checked against. Templates are English or Spanish;
 * Spanish entries are only used on text that reads as Spanish (and English ones on English), so a
 * stem that is clinical in one language and ordinary in the other cannot fire on the wrong one.
 * A text with too few function words to tell (a clinic name, a fragment) is checked in both.
 */
import type { Token } from './text';
import type { StemLanguage } from './stem';

const EN_MARKERS: ReadonlySet<string> = new Set([
  'the',
  'your',
  'you',
  'to',
  'at',
  'is',
  'are',
  'and',
  'for',
  'on',
  'please',
  'reply',
  'with',
  'of',
  'this',
  'our',
  'we',
  'have',
  'has',
  'will',
  'be',
  'from',
  'call',
  'appointment',
  'text',
  'thank',
  'thanks',
  'an',
  'it',
  'in',
  'if',
  'or',
  'by',
  'us',
  'about',
  'today',
  'tomorrow',
  'ready',
  'visit',
  'can',
  'new',
]);
const ES_MARKERS: ReadonlySet<string> = new Set([
  'el',
  'la',
  'los',
  'las',
  'su',
  'sus',
  'usted',
  'tiene',
  'cita',
  'para',
  'del',
  'en',
  'por',
  'que',
  'con',
  'es',
  'una',
  'un',
  'le',
  'al',
  'responda',
  'llame',
  'gracias',
  'favor',
  'manana',
  'hoy',
  'esta',
  'y',
  'o',
  'de',
  'se',
  'mas',
  'nos',
  'lo',
  'sobre',
  'nuestra',
  'nuestro',
  'clinica',
  'lista',
  'listo',
  'necesita',
]);

/** Markers needed before a language counts as present. */
const THRESHOLD = 2;

export function detectLanguages(tokens: readonly Token[]): readonly StemLanguage[] {
  let en = 0;
  let es = 0;
  for (const t of tokens) {
    if (EN_MARKERS.has(t.folded)) en++;
    if (ES_MARKERS.has(t.folded)) es++;
  }
  const out: StemLanguage[] = [];
  if (en >= THRESHOLD) out.push('en');
  if (es >= THRESHOLD) out.push('es');
  return out.length > 0 ? out : ['en', 'es'];
}
