/**
 * Provider titles with a name: "Dr. Smith", "Dr Smith", "Doctor Jones", "Nurse Practitioner Lee",
 * "NP Lee", "PA Chen", "Dra. García", "Jane Smith, MD", and a title followed by a placeholder
 * ("Dr. {{provider}}"). A name is a capitalised word that is not a known non-name ("Dr. Office",
 * "Doctor Appointment", weekdays, months). Abbreviated titles (NP, PA, RN…) count only in
 * capitals, since "pa" and "np" are also ordinary tokens. "Your doctor" without a name is
 * ordinary. Postnominal MD is ignored right after "at/in/near/from" or before a ZIP code, because
 * there it is Maryland ("our Rockville, MD office", "Baltimore, MD 21201").
 */
import { normalizeText } from './text';

export interface ProviderMention {
  /** The title as listed here (never the name that followed it). */
  title: string;
  offset: number;
}

const NAME = String.raw`(?:\p{Lu}\.\s*)?\p{Lu}[\p{L}'\-]+`;
const PLACEHOLDER = String.raw`(?:\{\{|\{|\[|<|%|\$)`;
const WORD_TITLES = [
  'Nurse Practitioner',
  "Physician's Assistant",
  'Physician Assistant',
  'Physician',
  'Doctora',
  'Doctor',
  'Dra',
  'Dr',
  'Drs',
  'Nurse',
  'Midwife',
  'Therapist',
  'Counselor',
  'Counsellor',
  'Surgeon',
  'Professor',
  'Prof',
  'Enfermera',
  'Enfermero',
  'Licenciada',
  'Licenciado',
  'Lic',
  'Psicóloga',
  'Psicólogo',
  'Dentist',
];
const CAPS_TITLES = ['PA-C', 'NP', 'PA', 'RN', 'LPN', 'CNM', 'FNP', 'APRN', 'DNP', 'CRNP', 'LCSW', 'MFT'];
const SUFFIXES = [
  'M\\.D\\.',
  'MD',
  'D\\.O\\.',
  'DO',
  'NP',
  'PA-C',
  'RN',
  'DNP',
  'DDS',
  'DMD',
  'PhD',
  'LCSW',
  'LMFT',
  'LPC',
  'PsyD',
  'FNP-C',
  'FNP',
  'APRN',
  'CNM',
  'DPM',
  'CRNP',
  'MSW',
];

const NOT_NAMES: ReadonlySet<string> = new Set([
  'office',
  'offices',
  'appointment',
  'appointments',
  'visit',
  'visits',
  'team',
  'line',
  'hotline',
  'station',
  'practitioner',
  'practitioners',
  'assistant',
  'assistants',
  'on',
  'at',
  'in',
  'or',
  'and',
  'the',
  'your',
  'our',
  'a',
  'an',
  'if',
  'to',
  'for',
  'with',
  'reply',
  'please',
  'call',
  'today',
  'tomorrow',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'note',
  'who',
  'will',
  'is',
  'can',
  'available',
  'visits',
  'oficina',
  'cita',
  'citas',
  'consultorio',
  'equipo',
  'hoy',
  'manana',
  'lunes',
  'martes',
  'miercoles',
  'jueves',
  'viernes',
  'sabado',
  'domingo',
  'su',
  'la',
  'el',
  'por',
  'para',
  'responda',
  'llame',
  'clinic',
  'clinica',
  'services',
  'staff',
  'portal',
  'group',
  'directory',
  'access',
  'advice',
  'hours',
  // "Sunset Dr Suite 4": Dr is Drive
  'suite',
  'ste',
  'building',
  'bldg',
  'floor',
  'unit',
  'room',
  'entrance',
  'parking',
  'apt',
  'north',
  'south',
  'east',
  'west',
]);

function fold(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z]/g, '');
}

/** Each word title as written, lowercase and in capitals (no `i` flag: it would make \p{Lu} match lowercase). */
const WORD_TITLE_FORMS = [...new Set(WORD_TITLES.flatMap((t) => [t, t.toLowerCase(), t.toUpperCase()]))].map((t) => t.replace(/'/g, "'?"));
const TITLE_THEN_NAME = new RegExp(String.raw`(?<![\p{L}\p{N}])(${WORD_TITLE_FORMS.join('|')})(?:\.\s*|\s+)(${NAME}|${PLACEHOLDER})`, 'gu');
const CAPS_TITLE_THEN_NAME = new RegExp(String.raw`(?<![\p{L}\p{N}])(${CAPS_TITLES.join('|')})(?:\.\s*|\s+)(${NAME}|${PLACEHOLDER})`, 'gu');
const NAME_THEN_SUFFIX = new RegExp(String.raw`(?:(\p{L}+)\s+)?(${NAME}),?\s+(${SUFFIXES.join('|')})(?![\p{L}\p{N}])(\s*\d{5})?`, 'gu');

function nameOk(candidate: string): boolean {
  if (/^[{[<%$]/.test(candidate)) return true;
  const first = candidate.replace(/^\p{Lu}\.\s*/u, '');
  return !NOT_NAMES.has(fold(first));
}

export function findProviderMentions(text: string): ProviderMention[] {
  const normal = normalizeText(text);
  const out: ProviderMention[] = [];
  for (const m of normal.matchAll(TITLE_THEN_NAME)) {
    const title = m[1] ?? '';
    // Word titles other than Dr/Dra need a capital themselves ("your nurse Monday" is not a title).
    if (!/^dra?s?$/i.test(title) && !/^\p{Lu}/u.test(title)) continue;
    if (nameOk(m[2] ?? '')) out.push({ title: title.replace(/'/g, ''), offset: m.index ?? 0 });
  }
  for (const m of normal.matchAll(CAPS_TITLE_THEN_NAME)) {
    if (nameOk(m[2] ?? '')) out.push({ title: m[1] ?? '', offset: m.index ?? 0 });
  }
  for (const m of normal.matchAll(NAME_THEN_SUFFIX)) {
    const before = fold(m[1] ?? '');
    const suffix = m[3] ?? '';
    const zip = m[4] !== undefined;
    if (!nameOk(m[2] ?? '')) continue;
    if (
      (suffix === 'MD' || suffix === 'DO') &&
      (zip || ['at', 'in', 'near', 'from', 'our', 'the', 'your', 'en', 'de', 'nuestra', 'nuestro', 'su'].includes(before))
    )
      continue;
    if (suffix === 'DO' && !/,\s*DO$/.test(m[0].replace(/\s*\d{5}$/, ''))) continue;
    out.push({ title: suffix.replace(/\\/g, ''), offset: m.index ?? 0 });
  }
  return out.sort((a, b) => a.offset - b.offset);
}
