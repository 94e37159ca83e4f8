/**
 * Which Liquid variable paths name PHI-like keys, from the versioned word list in phi-keys.json:
 * `flow.data.patient_first_name` and `widgets.lookup.parsed.dob` do; `flow.data.clinicName` and
 * `contact.channel.address` do not (a safe qualifier precedes the word).
 */
import data from './phi-keys.json';

const WORDS: ReadonlySet<string> = new Set(data.words);
const PHRASES: readonly string[][] = data.phrases.map((p) => p.split('_'));
const SAFE: ReadonlySet<string> = new Set(data.safeQualifiers);

/** `patientFirstName` / `patient_first-name` → ['patient', 'first', 'name']. */
export function wordsOf(segment: string): string[] {
  return segment
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** The PHI-like word or phrase a path names (e.g. `first_name`), or null. */
export function phiKeyOf(path: readonly string[]): string | null {
  const words = path.flatMap(wordsOf);
  for (let i = 0; i < words.length; i += 1) {
    if (i > 0 && SAFE.has(words[i - 1] as string)) continue;
    const phrase = PHRASES.find((p) => p.every((w, j) => words[i + j] === w));
    if (phrase) return phrase.join('_');
    if (WORDS.has(words[i] as string)) return words[i] as string;
  }
  return null;
}

export const PHI_KEYS_VERSION: number = data.version;
