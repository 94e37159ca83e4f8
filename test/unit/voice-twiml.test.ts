/** The IVR's TwiML builders and the dial-status decision: pure functions, no I/O. */
import { createLogger } from '../../src/runtime/core/log';
import { handleDialStatus, type DialCallStatus } from '../../src/runtime/voice/dial-status';
import { choiceFor } from '../../src/runtime/voice/menu';
import { PROMPTS } from '../../src/runtime/voice/prompts';
import {
  ackTwiml,
  frontDeskTwiml,
  hangupTwiml,
  inboundTwiml,
  notAnOptionTwiml,
  notFoundTwiml,
  unverifiedInboundTwiml,
  voicemailTwiml,
  type VoicemailSettings,
} from '../../src/runtime/voice/twiml';
import { callSid, FRONT_DESK, voiceSettings } from '../helpers/voice-helpers';

const ON: VoicemailSettings = { enabled: true, transcribe: false, maxLengthSeconds: 90 };
const OFF: VoicemailSettings = { enabled: false, transcribe: true, maxLengthSeconds: 90 };
const STATUSES: DialCallStatus[] = ['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled'];

function logged(): { lines: string[]; log: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  return { lines, log: createLogger((level, line) => lines.push(`${level} ${line}`)) };
}

/** Every TwiML document the IVR can produce for these voicemail settings. */
function everyTwiml(voicemail: VoicemailSettings): string[] {
  const voice = voiceSettings(voicemail);
  const { log } = logged();
  return [
    inboundTwiml('Example Clinic', voice),
    unverifiedInboundTwiml('Example Clinic', voice),
    notFoundTwiml(voice),
    frontDeskTwiml(voice),
    frontDeskTwiml(voice, PROMPTS.notFound),
    ackTwiml('confirm'),
    ackTwiml('reschedule'),
    ackTwiml('cancel'),
    notAnOptionTwiml(),
    hangupTwiml(),
    voicemailTwiml(voicemail),
    ...STATUSES.map((s) => handleDialStatus({ callSid: callSid(1), dialCallStatus: s }, voicemail, log)),
    handleDialStatus({ callSid: callSid(1), recordingSid: `RE${'a'.repeat(32)}` }, voicemail, log),
  ];
}

describe('inbound TwiML', () => {
  test('a one-digit DTMF gather to /voice/menu with the PHI-free greeting, then the front desk', () => {
    const xml = inboundTwiml('Example Clinic', voiceSettings());
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Gather input="dtmf" numDigits="1" action="/voice/menu" method="POST" timeout="6">' +
        '<Say language="en-US">Hello, this is Example Clinic. Press 1 to confirm your next appointment, 2 to reschedule, 3 to cancel it, or 0 for the front desk.</Say>' +
        '</Gather>' +
        '<Say language="en-US">Please hold while we connect you to the front desk.</Say>' +
        `<Dial timeout="20">${FRONT_DESK}</Dial></Response>`,
    );
  });

  test('the clinic name is XML-escaped by the SDK builder', () => {
    expect(inboundTwiml("O'Neil & Sons", voiceSettings())).toContain("Hello, this is O'Neil &amp; Sons.");
  });

  test('with voicemail on, the front-desk Dial reports to /voice/dial-status', () => {
    expect(inboundTwiml('Example Clinic', voiceSettings(ON))).toContain(
      `<Dial timeout="20" action="/voice/dial-status" method="POST">${FRONT_DESK}</Dial>`,
    );
  });

  test('no voice attribute (default Twilio voice, no add-on) and every action URL is a bare path', () => {
    for (const xml of [...everyTwiml(ON), ...everyTwiml({ ...ON, transcribe: true })]) {
      expect(xml).not.toMatch(/voice="/);
      for (const m of xml.matchAll(/(?:action="|<Redirect[^>]*>)([^"<]*)/g)) expect(m[1]).toMatch(/^\/voice\/[a-z-]+$/);
    }
  });
});

describe('unverified caller TwiML', () => {
  test('a greeting without the menu (no <Gather>, no action the caller could reach), then the front desk', () => {
    expect(unverifiedInboundTwiml('Example Clinic', voiceSettings())).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        '<Say language="en-US">Hello, this is Example Clinic.</Say>' +
        '<Say language="en-US">Please hold while we connect you to the front desk.</Say>' +
        `<Dial timeout="20">${FRONT_DESK}</Dial></Response>`,
    );
  });

  test('the no-appointment answer to 1/2/3 is one fixed document', () => {
    expect(notFoundTwiml(voiceSettings())).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        `<Say language="en-US">${PROMPTS.notFound}</Say>` +
        '<Say language="en-US">Please hold while we connect you to the front desk.</Say>' +
        `<Dial timeout="20">${FRONT_DESK}</Dial></Response>`,
    );
  });
});

describe('menu TwiML', () => {
  test('acknowledgements say nothing about the appointment and hang up', () => {
    expect(ackTwiml('confirm')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-US">Thank you. Your appointment is confirmed. Goodbye.</Say><Hangup/></Response>',
    );
    expect(ackTwiml('reschedule')).toContain('We will contact you to find a new time.');
    expect(ackTwiml('cancel')).toContain('Your appointment has been cancelled.');
  });

  test('not an option: apology and a POST redirect back to the menu', () => {
    expect(notAnOptionTwiml()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-US">Sorry, that is not an option.</Say><Redirect method="POST">/voice/inbound</Redirect></Response>',
    );
  });

  test('keys map to choices: 1/2/3 replies, 0 front desk, anything else invalid', () => {
    expect(choiceFor('1')).toEqual({ kind: 'reply', action: 'confirm', digit: '1' });
    expect(choiceFor('2')).toEqual({ kind: 'reply', action: 'reschedule', digit: '2' });
    expect(choiceFor('3')).toEqual({ kind: 'reply', action: 'cancel', digit: '3' });
    expect(choiceFor('0')).toEqual({ kind: 'front_desk' });
    for (const d of ['4', '9', '*', '#', '', '11', undefined]) expect(choiceFor(d)).toEqual({ kind: 'invalid' });
  });
});

describe('voicemail', () => {
  test('disabled: no <Record> in any TwiML the IVR can produce, even with transcribe set', () => {
    for (const xml of everyTwiml(OFF)) expect(xml).not.toContain('<Record');
  });

  test('enabled: not answered → a no-PHI prompt, then <Record> with its action, then thanks and hang up', () => {
    const xml = voicemailTwiml(ON);
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        `<Say language="en-US">${PROMPTS.voicemail}</Say>` +
        '<Record maxLength="90" playBeep="true" finishOnKey="#" action="/voice/dial-status" method="POST"/>' +
        '<Say language="en-US">Thank you. Goodbye.</Say><Hangup/></Response>',
    );
    expect(PROMPTS.voicemail).toContain('do not include personal health details');
  });

  test("transcription: only Twilio's own, only when configured, never a callback", () => {
    expect(voicemailTwiml(ON)).not.toContain('transcribe');
    const withTranscript = voicemailTwiml({ ...ON, transcribe: true });
    expect(withTranscript).toContain('transcribe="true"');
    expect(withTranscript).not.toMatch(/transcribeCallback|recordingStatusCallback/);
  });

  test('the default maximum length applies when none is configured', () => {
    expect(voicemailTwiml({ enabled: true })).toContain('maxLength="120"');
  });

  test('dial status: answered hangs up; busy/no-answer/failed/canceled record only with voicemail on', () => {
    const { log } = logged();
    for (const s of ['completed', 'answered'] as const) {
      expect(handleDialStatus({ callSid: callSid(2), dialCallStatus: s }, ON, log)).toBe(
        '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>',
      );
    }
    for (const s of ['busy', 'no-answer', 'failed', 'canceled'] as const) {
      expect(handleDialStatus({ callSid: callSid(2), dialCallStatus: s }, ON, log)).toContain('<Record ');
      expect(handleDialStatus({ callSid: callSid(2), dialCallStatus: s }, OFF, log)).toBe(
        `<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-US">${PROMPTS.closed}</Say><Hangup/></Response>`,
      );
    }
  });

  test('the <Record> action request: thanks, hang up, and a PHI-free log line', () => {
    const { lines, log } = logged();
    const xml = handleDialStatus({ callSid: callSid(3), recordingSid: `RE${'b'.repeat(32)}` }, ON, log);
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-US">Thank you. Goodbye.</Say><Hangup/></Response>');
    expect(lines).toEqual([`info {"event":"voice.voicemail_recorded","callSid":"${callSid(3)}","action":"voicemail"}`]);
  });
});
