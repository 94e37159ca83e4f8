/**
 * The shipped private assets: the clinic config and reminder templates validate, and every
 * template (raw and filled), every location name and every acknowledgement passes the message
 * linter (src/tooling/lint/message): no clinical terms, no provider names, allowlisted placeholders only,
 * no reserved keyword as a reply instruction (numeric replies; STOP only to opt out), and short
 * enough once filled.
 */
import { loadClinicConfig, loadTemplates } from '../../src/runtime/clinic/clinic-config';
import { ConfigError } from '../../src/runtime/core/config';
import { lintMessage } from '../../src/tooling/lint/message';
import { ACK_KINDS, ackText, actionForDigit } from '../../src/runtime/reminders/acks';
import { formatAppointment, renderTemplate } from '../../src/runtime/reminders/format';
import { shippedAssets } from '../helpers/reminder-deps';

/** Rule ids of the linter's findings (empty = PHI-free). */
function lint(text: string): string[] {
  return lintMessage(text).findings.map((f) => `${f.ruleId}: ${f.message}`);
}

const clinic = loadClinicConfig(shippedAssets);
const templates = loadTemplates(shippedAssets);

describe('shipped clinic config', () => {
  test('validates, with the US allowed and no specialty in location names', () => {
    expect(clinic.countries).toContain('US');
    for (const l of clinic.locations) expect(lint(l.name)).toEqual([]);
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
    expect(lint(t.text)).toEqual([]);
    expect(lint(text)).toEqual([]);
    expect(text).toMatch(/\b1\b.*\b2\b.*\b3\b/);
  });

  test('the linter catches the anti-patterns these checks guard against', () => {
    expect(lint('Reply YES to confirm or CANCEL to cancel.')).toEqual([
      "MSG-RESERVED-REPLY: reply instruction uses the reserved keyword 'YES' (an opt-in word) for another purpose",
      "MSG-RESERVED-REPLY: reply instruction uses the reserved keyword 'CANCEL' (an opt-out word) for another purpose",
    ]);
    expect(lint('Reply CANCEL to cancel your appointment.')).toHaveLength(1);
    expect(lint('Reply 1 to confirm. Reply STOP to opt out.')).toEqual([]);
    expect(lint('Your follow-up with Dr. Smith regarding your diabetes management')).toEqual([
      "MSG-CLINICAL-TERMS: clinical term 'diabetes' (condition)",
      "MSG-PROVIDER-NAME: provider title 'Dr' followed by a name",
    ]);
    expect(lint('Hi {{patientName}}, reply 1.')).toHaveLength(2);
  });

  test('a template with a placeholder outside the allowlist is refused', () => {
    const bad = JSON.stringify({ version: '1.0.0', templates: [{ id: 'x', language: 'en', text: 'Hi {{patientName}}, reply 1.' }] });
    expect(() => loadTemplates(() => bad)).toThrow(/\/templates\/0\/text \(pattern\)/);
    const dup = JSON.stringify({ version: '1.0.0', templates: [templates.templates[0], templates.templates[0]] });
    expect(() => loadTemplates(() => dup)).toThrow('duplicate template id');
  });
});

describe('acknowledgements', () => {
  test.each(ACK_KINDS.flatMap((k) => (['en', 'es'] as const).map((l) => [k, l] as const)))(
    '%s (%s) is PHI-free and uses no reserved instruction',
    (kind, language) => {
      const text = ackText(kind, language, { clinicName: 'Example Clinic', helpPhone: '+15555550100' });
      expect(lint(text)).toEqual([]);
    },
  );

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
