/**
 * Each message rule on a failing and a passing fixture, plus the behaviours each rule documents
 * (inflection, Spanish, PHI in location names, placeholder syntaxes and Liquid paths, the reserved
 * keyword's own meaning). Findings must quote lexicon terms and titles, never the linted text.
 */
import { rule as clinicalTerms } from '../../../src/tooling/lint/message/rules/clinical-terms';
import { rule as patientNamePlaceholder } from '../../../src/tooling/lint/message/rules/patient-name-placeholder';
import { rule as placeholderAllowlist } from '../../../src/tooling/lint/message/rules/placeholder-allowlist';
import { rule as providerName } from '../../../src/tooling/lint/message/rules/provider-name';
import { rule as reservedReply } from '../../../src/tooling/lint/message/rules/reserved-reply';
import { DEFAULT_ALLOWED_PLACEHOLDERS } from '../../../src/tooling/lint/message';
import type { MessageRule } from '../../../src/tooling/lint/types';

const opts = { allowedPlaceholders: DEFAULT_ALLOWED_PLACEHOLDERS };
const messages = (rule: MessageRule, text: string): string[] => rule.check(text, opts).map((f) => f.message);
const flags = (rule: MessageRule, text: string): boolean => rule.check(text, opts).length > 0;

describe('MSG-CLINICAL-TERMS', () => {
  test('failing fixture: a condition, named with its category', () => {
    const findings = clinicalTerms.check('Your follow-up regarding your diabetes management is tomorrow.', opts);
    expect(findings).toEqual([
      { ruleId: 'MSG-CLINICAL-TERMS', severity: 'error', message: "clinical term 'diabetes' (condition)", state: null, pointer: '' },
    ]);
  });

  test('passing fixture: an ordinary reminder', () => {
    expect(clinicalTerms.check('Reminder: you have an appointment at Main Street Clinic tomorrow at 2pm.', opts)).toEqual([]);
  });

  test.each([
    ['Your diabetic foot check is due.', 'diabetic'],
    ['Your oncologist will see you.', 'oncologist'],
    ['Your oncological follow-up is Monday.', 'oncology'],
    ['Your results are ready.', 'results'],
    ['Your result is ready.', 'results'],
    ['Your prescriptions were sent.', 'prescription'],
    ['Su cita de oncología es mañana.', 'oncologia'],
    ['Su médico revisará sus resultados.', 'resultados'],
    ['Su cita con el oncólogo es el lunes.', 'oncologo'],
    ['Sus medicamentos están listos.', 'medicamento'],
  ])('inflections and Spanish: %s', (text) => {
    expect(flags(clinicalTerms, text)).toBe(true);
  });

  test.each([
    ['Your appointment at the Oncology Center is on Monday.', 'specialty'],
    ['Your visit at Planned Parenthood is confirmed.', 'reproductive health'],
    ['Reminder: Methadone Clinic appointment tomorrow.', 'substance use'],
    ['Your appointment at the HIV Clinic at Main St is on Monday.', 'sexual health'],
    ['Behavioral Health Clinic: your next session is Monday.', 'mental health'],
    ['Reminder: St. Jude appointment on Monday.', 'specialty'],
    ['Your genetic testing kit has shipped.', 'genetic'],
  ])('PHI hidden in a location or service name: %s', (text, category) => {
    expect(messages(clinicalTerms, text).join(' ')).toContain(`(${category})`);
  });

  test.each([
    'Family Health Center: your visit is on Monday.',
    'Your visit at Sacred Heart Medical Center is on Monday.',
    'This is a test message from Main Street Clinic.',
    'As a result of the storm, the clinic is closed.',
    'Thank you for your feedback. The survey results help us improve.',
    "Please call your doctor's office if you need to reschedule.",
    'Your care team will see you at your follow-up visit.',
    'The clinic is closed on Labor Day.',
    "St. Mary's Hospital: your appointment is on Monday.",
    'Our Huntington Avenue office is closed today.',
    'Clínica Dolores Huerta: su cita es mañana.',
    'Su cita ha sido confirmada.',
    'Si no puede venir, llámenos.',
  ])('ordinary clinic wording is not clinical: %s', (text) => {
    expect(messages(clinicalTerms, text)).toEqual([]);
  });

  test('"medical" does not hide "medication" (ordinary wording is matched as written)', () => {
    expect(messages(clinicalTerms, 'Your medical center has your medication ready.')).toEqual(["clinical term 'medication' (medication)"]);
  });

  test('case-sensitive entries: PrEP and AIDS, but not "prep" or "aids"', () => {
    expect(flags(clinicalTerms, 'Your PrEP refill is ready.')).toBe(true);
    expect(messages(clinicalTerms, 'Prep for your visit: bring your ID. Visual aids are in the lobby.')).toEqual([]);
  });

  test('a term is reported once, and the message quotes the lexicon entry, not the text', () => {
    const found = messages(clinicalTerms, 'DIABETES diabetes Diabetes');
    expect(found).toEqual(["clinical term 'diabetes' (condition)"]);
  });
});

describe('MSG-PROVIDER-NAME', () => {
  test('failing fixture: a titled provider name; the name is not quoted', () => {
    const findings = providerName.check('Your follow-up with Dr. Smith is tomorrow.', opts);
    expect(findings).toEqual([
      { ruleId: 'MSG-PROVIDER-NAME', severity: 'error', message: "provider title 'Dr' followed by a name", state: null, pointer: '' },
    ]);
    expect(JSON.stringify(findings)).not.toContain('Smith');
  });

  test('passing fixture: no provider named', () => {
    expect(providerName.check("Please call your doctor's office. Our providers have openings.", opts)).toEqual([]);
  });

  test.each([
    'Your appointment with Dr Smith is Monday.',
    'Doctor Jones will see you tomorrow.',
    'Nurse Practitioner Lee has an opening.',
    'Your visit with NP Lee is confirmed.',
    'PA Chen will see you at 3.',
    'Your appointment with Jane Smith, MD is Monday.',
    'Sarah Johnson, PA-C will see you.',
    'Su cita con la Dra. García es mañana.',
    'Your appointment with Dr. {{provider}} is Monday.',
    "Dr. J. Patel's office: your visit is tomorrow.",
  ])('flags %s', (text) => {
    expect(flags(providerName, text)).toBe(true);
  });

  test.each([
    'Main Street Clinic: Dr. appointments are now available on Saturdays.',
    'Our new address is 1200 Sunset Dr Suite 4.',
    'Reminder: your appointment at our Rockville, MD office is Monday.',
    'Visit us at 400 Pratt St, Baltimore, MD 21201.',
    'Call our nurse line any time.',
    'Your doctor Monday will be on call.',
    'Philadelphia, PA office hours have changed.',
  ])('does not flag %s', (text) => {
    expect(messages(providerName, text)).toEqual([]);
  });
});

describe('MSG-PATIENT-NAME-PLACEHOLDER', () => {
  test('failing fixture: a patient name placeholder, with the kind of identifier', () => {
    expect(patientNamePlaceholder.check('Hi {{first_name}}, your appointment is on {{date}}.', opts)).toEqual([
      {
        ruleId: 'MSG-PATIENT-NAME-PLACEHOLDER',
        severity: 'error',
        message: "placeholder 'first_name' carries a patient identifier (name)",
        state: null,
        pointer: '',
      },
    ]);
  });

  test('passing fixture: only clinic, date, time and location', () => {
    expect(patientNamePlaceholder.check('{{clinicName}}: {{date}} at {{time}}, {{locationName}}.', opts)).toEqual([]);
  });

  test.each([
    ['{{first_name}}', 'name'],
    ['{{patientName}}', 'name'],
    ['{{flow.data.name}}', 'name'],
    ['[Patient Name]', 'name'],
    ['[First Name]', 'name'],
    ['<name>', 'name'],
    ['%NAME%', 'name'],
    ['{name}', 'name'],
    ['${firstName}', 'name'],
    ['*|FNAME|*', 'name'],
    ['{{dob}}', 'date of birth'],
    ['{{ flow.data.date_of_birth }}', 'date of birth'],
    ['MRN {{mrn}}', 'record or member number'],
    ['{{contact.channel.address}}', 'contact detail'],
    ['{{trigger.message.From}}', 'contact detail'],
    ['{{trigger.message.Body}}', "patient's own words"],
    ['{{widgets.ask.SpeechResult}}', "patient's own words"],
    ['[Nombre del Paciente]', 'name'],
  ])('%s carries a %s', (placeholder, kind) => {
    expect(messages(patientNamePlaceholder, `Hello ${placeholder}, see you soon.`).join(' ')).toContain(`(${kind})`);
  });

  test('clinic and location names are not patient names', () => {
    expect(messages(patientNamePlaceholder, '[Clinic Name] at {{flow.data.locationName}}, {{to}}')).toEqual([]);
  });
});

describe('MSG-PLACEHOLDER-ALLOWLIST', () => {
  test('failing fixture: a placeholder outside the allowlist', () => {
    expect(placeholderAllowlist.check('Your {{appointment_type}} visit is on {{date}}.', opts)).toEqual([
      {
        ruleId: 'MSG-PLACEHOLDER-ALLOWLIST',
        severity: 'error',
        message: "placeholder 'appointment_type' is not allowlisted (allowed: clinicName, date, time, locationName)",
        state: null,
        pointer: '',
      },
    ]);
  });

  test('passing fixture: allowlisted names in any syntax and spelling, Liquid paths by their last segment', () => {
    const text =
      '[Clinic Name] {{clinicName}} {{ clinic_name }} %CLINIC_NAME% {{flow.data.date}} {{ time | date: "%H:%M" }} ' +
      '{{flow.data[\'locationName\']}} <date> {time} {% if flow.data.date %}x{% endif %} {{ "literal" }}';
    expect(placeholderAllowlist.check(text, opts)).toEqual([]);
  });

  test('the whole flow.data object and unclosed placeholders are refused', () => {
    expect(messages(placeholderAllowlist, 'Data: {{flow.data}}')).toHaveLength(1);
    expect(messages(placeholderAllowlist, 'Hi {{clinicName')).toEqual(['unnamed or unclosed placeholder']);
  });

  test('Liquid tag variables count', () => {
    expect(messages(placeholderAllowlist, '{% if flow.data.reason %}see you{% endif %}').join(' ')).toContain("'flow.data.reason'");
  });

  test('SSML markup in Say text is not a placeholder', () => {
    expect(messages(placeholderAllowlist, '<speak>Your appointment is <break/> on {{date}}.</speak> <p>Thanks</p>')).toEqual([]);
  });

  test('the allowlist is an option', () => {
    expect(placeholderAllowlist.check('{{clinicName}}', { allowedPlaceholders: ['date'] })).toHaveLength(1);
    expect(placeholderAllowlist.check('{{unit}}', { allowedPlaceholders: ['unit'] })).toEqual([]);
  });
});

describe('MSG-RESERVED-REPLY', () => {
  test('failing fixture: YES as a confirmation', () => {
    expect(reservedReply.check('Reply YES to confirm your appointment.', opts)).toEqual([
      {
        ruleId: 'MSG-RESERVED-REPLY',
        severity: 'error',
        message: "reply instruction uses the reserved keyword 'YES' (an opt-in word) for another purpose",
        state: null,
        pointer: '',
      },
    ]);
  });

  test('passing fixture: numeric replies with the standard notices', () => {
    expect(reservedReply.check('Reply 1 to confirm, 2 to reschedule, 3 to cancel. Reply HELP for help, STOP to opt out.', opts)).toEqual(
      [],
    );
  });

  test.each([
    ['Text CANCEL to cancel.', 'CANCEL'],
    ['Reply CANCEL to cancel your appointment.', 'CANCEL'],
    ['Reply YES to confirm or CANCEL to cancel.', 'YES,CANCEL'],
    ['To confirm, reply YES.', 'YES'],
    ['Text STOP to cancel this appointment.', 'STOP'],
    ['Reply HELP to reschedule.', 'HELP'],
    ['Confirm your visit: YES to confirm, END to cancel.', 'YES,END'],
    ['Reply with the word YES to keep your appointment.', 'YES'],
    ['Reply START to begin check-in.', 'START'],
    ['Responda SÍ para confirmar.', 'SI'],
    ['Responda CANCELAR para cancelar su cita.', 'CANCELAR'],
    ['Envíe PARAR para confirmar.', 'PARAR'],
    ['Reply OPT OUT to reschedule.', 'OPT OUT'],
  ])('flags %s', (text, keywords) => {
    const found = reservedReply.check(text, opts).map((f) => /'([^']+)'/.exec(f.message)?.[1]);
    expect(found.join(',')).toBe(keywords);
  });

  test.each([
    'Reply STOP to opt out.',
    'Reply STOP to unsubscribe.',
    'Reply STOP to cancel.',
    'Text STOP to end messages.',
    'Reply HELP for help.',
    'Reply HELP for more information or STOP to cancel.',
    'To opt out of appointment texts, reply STOP.',
    'Reply START to resubscribe.',
    'Reply YES to receive appointment reminders by text.',
    'Reply CANCEL to stop receiving text messages.',
    'Responda STOP para darse de baja.',
    'Responda AYUDA para obtener ayuda o STOP para darse de baja.',
    'Responda si tiene preguntas.',
    'Responda 1 si viene, 2 si necesita otra fecha.',
    'Reply C to cancel or R to reschedule.',
    'Are you happy with your visit? Reply 1 for yes, 2 for no.',
    'Please reply by the end of the day.',
  ])('does not flag %s', (text) => {
    expect(messages(reservedReply, text)).toEqual([]);
  });
});
