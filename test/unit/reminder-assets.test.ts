/**
 * The shipped private assets: the clinic config and reminder templates validate, and every
 * template (and every acknowledgement) is PHI-free by the rules the message linter will enforce:
 * allowlisted placeholders only, numeric replies (no reserved keyword as an instruction, except
 * STOP to opt out), no clinical words, and short enough once filled.
 */
import { loadClinicConfig, loadTemplates } from '../../src/clinic/clinic-config';
import { ConfigError } from '../../src/core/config';
import { ACK_KINDS, ackText, actionForDigit } from '../../src/reminders/acks';
import { formatAppointment, renderTemplate } from '../../src/reminders/format';
import { shippedAssets } from '../helpers/reminder-deps';

const RESERVED = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'OPT OUT', 'START', 'YES', 'UNSTOP', 'HELP', 'INFO', 'PARAR', 'CANCELAR', 'SI', 'SÍ'];
/** A starter lexicon until the message linter (issue 5) lands; the linter's lexicon supersedes it. */
const CLINICAL = /\b(diabet\w*|oncolog\w*|cancer|chemo\w*|psychiatr\w*|mental|therap\w*|hiv|pregnan\w*|prenatal|abortion|substance|rehab\w*|methadone|insulin|prescription|medication|lab|results?|biopsy|surgery|dr\.|doctor|cardiolog\w*|dialysis|std|sti)\b/i;

/** "Reply X ..." / "Responda X ..." instructions whose X is a reserved word, unless it is the opt-out notice. */
function reservedInstructions(text: string): string[] {
  const found: string[] = [];
  const re = /\b(?:reply|text|send|responda|envíe)\s+([A-Za-zÍí ]{2,12}?)(?=\s+(?:to|para|for)\b|[.,]|$)/gi;
  for (const m of text.matchAll(re)) {
    const word = (m[1] ?? '').trim().toUpperCase();
    if (!RESERVED.includes(word)) continue;
    const rest = text.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 30).toLowerCase();
    const isOptOutNotice = word === 'STOP' && /^\s+(to opt out|to unsubscribe|para darse de baja)/.test(rest);
    if (!isOptOutNotice) found.push(word);
  }
  return found;
}

const clinic = loadClinicConfig(shippedAssets);
const templates = loadTemplates(shippedAssets);

describe('shipped clinic config', () => {
  test('validates, with the US allowed and no specialty in location names', () => {
    expect(clinic.countries).toContain('US');
    for (const l of clinic.locations) expect(l.name).not.toMatch(CLINICAL);
  });

  test('a missing or invalid asset is a ConfigError that names no value', () => {
    expect(() => loadClinicConfig(() => null)).toThrow(ConfigError);
    expect(() => loadClinicConfig(() => '{')).toThrow('not valid JSON');
    const bad = JSON.stringify({ ...clinic, locations: [{ id: 'x', name: 'Zebulon <script>' }] });
    expect(() => loadClinicConfig(() => bad)).toThrow(/\/locations\/0\/name \(pattern\)/);
    const badZone = JSON.stringify({ ...clinic, timeZone: 'Mars/Olympus' });
    expect(() => loadClinicConfig(() => badZone)).toThrow('unknown time zone');
  });
});

describe('shipped reminder templates', () => {
  const at = new Date('2026-12-01T19:30:00Z');
  test.each(templates.templates.map((t) => [t.id, t] as const))('%s is PHI-free and numeric-reply', (_id, t) => {
    const { date, time } = formatAppointment(at, clinic.timeZone, t.language);
    const longest = clinic.locations.reduce((a, b) => (b.name.length > a.length ? b.name : a), '');
    const text = renderTemplate(t, { clinicName: 'X'.repeat(40), date, time, locationName: longest });
    expect(text).not.toMatch(/\{\{|\}\}/);
    expect(text.length).toBeLessThanOrEqual(320);
    expect(text).not.toMatch(CLINICAL);
    expect(reservedInstructions(text)).toEqual([]);
    expect(text).toMatch(/\b1\b.*\b2\b.*\b3\b/);
  });

  test('the checker itself catches the anti-patterns', () => {
    expect(reservedInstructions('Reply YES to confirm or CANCEL to cancel.')).toEqual(['YES']);
    expect(reservedInstructions('Reply CANCEL to cancel your appointment.')).toEqual(['CANCEL']);
    expect(reservedInstructions('Reply 1 to confirm. Reply STOP to opt out.')).toEqual([]);
    expect('Your follow-up with Dr. Smith regarding your diabetes management').toMatch(CLINICAL);
  });

  test('a template with a placeholder outside the allowlist is refused', () => {
    const bad = JSON.stringify({ version: '1.0.0', templates: [{ id: 'x', language: 'en', text: 'Hi {{patientName}}, reply 1.' }] });
    expect(() => loadTemplates(() => bad)).toThrow(/\/templates\/0\/text \(pattern\)/);
    const dup = JSON.stringify({ version: '1.0.0', templates: [templates.templates[0], templates.templates[0]] });
    expect(() => loadTemplates(() => dup)).toThrow('duplicate template id');
  });
});

describe('acknowledgements', () => {
  test.each(ACK_KINDS.flatMap((k) => (['en', 'es'] as const).map((l) => [k, l] as const)))('%s (%s) is PHI-free and uses no reserved instruction', (kind, language) => {
    const text = ackText(kind, language, { clinicName: 'Example Clinic', helpPhone: '+15555550100' });
    expect(text).not.toMatch(CLINICAL);
    expect(reservedInstructions(text)).toEqual([]);
  });

  test.each([
    ['1', 'confirm'],
    [' 2', 'reschedule'],
    ['3!', 'cancel'],
    ['１', 'confirm'],
    ['4', null],
    ['12', null],
    ['one', null],
    ['', null],
  ])('reply %j → %s', (text, action) => {
    expect(actionForDigit(text)).toBe(action);
  });
});
