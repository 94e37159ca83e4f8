/**
 * The IVR menu core: each key, no pending reminder, events not configured, store failures, no PHI
 * out, and a caller Twilio did not verify (SHAKEN/STIR A) who acts on nothing and learns nothing.
 */
import { CasError, StoreError } from '../../src/runtime/state/kv';
import { handleMenu } from '../../src/runtime/voice/menu';
import { PROMPTS } from '../../src/runtime/voice/prompts';
import { CANARY_PHONE, CANARY_PHONE_DIGITS, findCanary } from '../helpers/canary';
import { callSid, FRONT_DESK, menuWorld, reminder, STIR_A, UNVERIFIED_STIR, voiceSettings, type MenuWorld } from '../helpers/voice-helpers';

const FRONT_DESK_DIAL = `<Dial timeout="20">${FRONT_DESK}</Dial>`;
let w: MenuWorld;
let n = 0;

beforeEach(() => {
  w = menuWorld();
});

afterEach(() => {
  // Nothing the IVR said or logged may carry the caller's number.
  expect(findCanary(w.lines.join('\n'))).toBeUndefined();
});

async function press(
  digits: string | undefined,
  opts: Parameters<MenuWorld['deps']>[0] = {},
  from = CANARY_PHONE,
  /** `null`: the request carries no StirVerstat at all. */
  stirVerstat: string | null = STIR_A,
): Promise<{ xml: string; sid: string }> {
  const sid = callSid(++n);
  const call = { callSid: sid, from, ...(digits === undefined ? {} : { digits }), ...(stirVerstat === null ? {} : { stirVerstat }) };
  const xml = await handleMenu(call, w.deps(opts));
  expect(findCanary(xml)).toBeUndefined();
  expect(xml).not.toContain(CANARY_PHONE_DIGITS);
  return { xml, sid };
}

describe('handleMenu with a pending reminder', () => {
  beforeEach(async () => {
    await w.pending.add(CANARY_PHONE, reminder('appt-1001', { appointmentAt: Date.now() + 3 * 86_400_000 }));
  });

  test.each([
    ['1', 'confirm', 'Your appointment is confirmed.'],
    ['2', 'reschedule', 'We will contact you to find a new time.'],
    ['3', 'cancel', 'Your appointment has been cancelled.'],
  ] as const)('key %s: event %s delivered, reminder marked, spoken acknowledgement, hang up', async (digit, action, spoken) => {
    const { xml, sid } = await press(digit);
    expect(xml).toContain(spoken);
    expect(xml).toMatch(/<Hangup\/><\/Response>$/);
    expect(xml).not.toContain('<Dial');
    expect(w.delivered).toEqual([
      {
        eventId: `${sid}-${digit}`,
        type: 'appointment.reply',
        appointmentRef: 'appt-1001',
        action,
        channel: 'voice',
        callSid: sid,
        receivedAt: '2026-04-01T14:00:00.000Z',
      },
    ]);
    expect(w.queue.items.size).toBe(0);
    expect((await w.pending.latest(CANARY_PHONE))?.answered?.action).toBe(action);
    expect(w.lines).toContain(`info {"event":"reminders.reply_recorded","action":"${action}","channel":"voice"}`);
  });

  test('the acknowledgement never speaks the appointment reference', async () => {
    const { xml } = await press('1');
    expect(xml).not.toContain('appt-1001');
  });

  test("a caller who is not the reminder's number finds nothing and goes to the front desk", async () => {
    const { xml } = await press('1', {}, '+15555550123');
    expect(xml).toContain(PROMPTS.notFound);
    expect(xml).toContain(FRONT_DESK_DIAL);
    expect(w.delivered).toEqual([]);
  });

  test('a blocked caller ID is not looked up and goes to the front desk', async () => {
    const { xml } = await press('1', {}, 'anonymous');
    expect(xml).toContain(PROMPTS.notFound);
    expect(w.delivered).toEqual([]);
  });

  test('events not configured: nothing recorded, "could not find", front desk', async () => {
    const { xml, sid } = await press('1', { events: false });
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        `<Say language="en-US">${PROMPTS.notFound}</Say>` +
        `<Say language="en-US">${PROMPTS.connecting}</Say>${FRONT_DESK_DIAL}</Response>`,
    );
    expect((await w.pending.latest(CANARY_PHONE))?.answered).toBeUndefined();
    expect(w.lines).toEqual([
      `warn {"event":"voice.reply_unmatched","callSid":"${sid}","action":"confirm","status":"events_not_configured"}`,
    ]);
  });
});

describe('handleMenu without a pending reminder', () => {
  test('"could not find" and the front desk; nothing delivered', async () => {
    const { xml, sid } = await press('2');
    expect(xml).toContain(PROMPTS.notFound);
    expect(xml).toContain(FRONT_DESK_DIAL);
    expect(w.delivered).toEqual([]);
    expect(w.lines).toEqual([`info {"event":"voice.reply_unmatched","callSid":"${sid}","action":"reschedule","status":"no_pending"}`]);
  });

  test('an expired reminder is not matched', async () => {
    await w.pending.add(CANARY_PHONE, reminder('appt-1002', { appointmentAt: Date.now() - 25 * 3_600_000 }));
    const { xml } = await press('1');
    expect(xml).toContain(PROMPTS.notFound);
    expect(w.delivered).toEqual([]);
  });
});

describe('handleMenu: 0, other keys, voicemail', () => {
  test('0 goes straight to the front desk', async () => {
    const { xml, sid } = await press('0');
    expect(xml).toBe(
      `<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-US">${PROMPTS.connecting}</Say>${FRONT_DESK_DIAL}</Response>`,
    );
    expect(w.lines).toEqual([`info {"event":"voice.menu","callSid":"${sid}","action":"front_desk"}`]);
  });

  test.each(['4', '9', '*', '#', ''])('key "%s" is not an option and returns to the menu', async (digit) => {
    const { xml } = await press(digit);
    expect(xml).toContain(PROMPTS.notAnOption);
    expect(xml).toContain('<Redirect method="POST">/voice/inbound</Redirect>');
    expect(w.delivered).toEqual([]);
  });

  test('no Digits at all is not an option either', async () => {
    expect((await press(undefined)).xml).toContain(PROMPTS.notAnOption);
  });

  test('with voicemail on, the front-desk Dial reports to /voice/dial-status; never records itself', async () => {
    const { xml } = await press('0', { voice: voiceSettings({ enabled: true, transcribe: true }) });
    expect(xml).toContain(`<Dial timeout="20" action="/voice/dial-status" method="POST">${FRONT_DESK}</Dial>`);
    expect(xml).not.toContain('<Record');
  });
});

describe('handleMenu: a state store we cannot use', () => {
  const expectFrontDesk = (xml: string): void => {
    expect(xml).toContain(PROMPTS.unavailable);
    expect(xml).toContain(FRONT_DESK_DIAL);
    expect(xml).not.toContain('<Hangup');
  };

  test('the pending read fails: alert, front desk, nothing delivered', async () => {
    w.kv.failures.push(new StoreError(true, 20500));
    const { xml, sid } = await press('1');
    expectFrontDesk(xml);
    expect(w.delivered).toEqual([]);
    expect(w.lines).toEqual([
      `error {"event":"voice.state_unavailable","callSid":"${sid}","action":"confirm","status":"store_unavailable","errorCode":"20500"}`,
    ]);
  });

  test('the outbox append fails: alert, front desk', async () => {
    await w.pending.add(CANARY_PHONE, reminder());
    w.queue.failures.push(new StoreError(false, 403));
    const { xml } = await press('3');
    expectFrontDesk(xml);
    expect(w.lines.at(-1)).toMatch(
      /^error \{"event":"voice\.state_unavailable","callSid":"CA[0-9a-f]{32}","action":"cancel","status":"store_error","errorCode":"403"\}$/,
    );
  });

  test('marking the reminder answered fails (CAS): alert with attempts, front desk', async () => {
    await w.pending.add(CANARY_PHONE, reminder());
    w.kv.writeFailures.push(new StoreError(false, 20001));
    const { xml } = await press('1');
    expectFrontDesk(xml);
    expect(w.lines.at(-1)).toMatch(
      /^error \{"event":"voice\.state_unavailable","callSid":"CA[0-9a-f]{32}","action":"confirm","status":"cas_error","errorCode":"20001","attempts":"1"\}$/,
    );
  });

  test('a CasError thrown directly is handled the same way', async () => {
    await w.pending.add(CANARY_PHONE, reminder());
    const deps = w.deps();
    const failing = {
      ...deps,
      stores: () => ({
        ...deps.stores(),
        pending: {
          latest: async () => {
            throw new CasError(4, null);
          },
        } as never,
      }),
    };
    const xml = await handleMenu({ callSid: callSid(99), from: CANARY_PHONE, digits: '2', stirVerstat: STIR_A }, failing);
    expectFrontDesk(xml);
    expect(w.lines.at(-1)).toBe(
      `error {"event":"voice.state_unavailable","callSid":"${callSid(99)}","action":"reschedule","status":"cas_error","attempts":"4"}`,
    );
  });

  test('any other error is not swallowed (the wrapper answers a generic 500)', async () => {
    const deps = w.deps();
    const failing = {
      ...deps,
      stores: () => {
        throw new TypeError('boom');
      },
    };
    await expect(handleMenu({ callSid: callSid(98), from: CANARY_PHONE, digits: '1', stirVerstat: STIR_A }, failing)).rejects.toThrow(
      TypeError,
    );
  });
});

describe('handleMenu: a caller Twilio did not verify (spoofable caller ID)', () => {
  const NOT_FOUND_XML =
    '<?xml version="1.0" encoding="UTF-8"?><Response>' +
    `<Say language="en-US">${PROMPTS.notFound}</Say>` +
    `<Say language="en-US">${PROMPTS.connecting}</Say>${FRONT_DESK_DIAL}</Response>`;

  /** What a verified caller with no reminder at all hears for this key (a fresh, empty world). */
  async function noAppointmentXml(digit: string): Promise<string> {
    const empty = menuWorld();
    return handleMenu({ callSid: callSid(7000), from: '+15555550123', digits: digit, stirVerstat: STIR_A }, empty.deps());
  }

  test.each(UNVERIFIED_STIR.map((v) => [v === undefined ? '(no StirVerstat)' : JSON.stringify(v), v]))(
    '%s with a pending reminder: 1/2/3 record nothing, open no store, and answer byte-for-byte what a caller without an appointment hears',
    async (_name, stir) => {
      await w.pending.add(CANARY_PHONE, reminder('appt-3001'));
      for (const digit of ['1', '2', '3']) {
        const { xml, sid } = await press(digit, {}, CANARY_PHONE, stir ?? null);
        expect(xml).toBe(await noAppointmentXml(digit));
        expect(xml).toBe(NOT_FOUND_XML);
        expect(w.lines.at(-1)).toMatch(
          new RegExp(
            `^info \\{"event":"voice\\.caller_unverified","callSid":"${sid}","action":"(confirm|reschedule|cancel)","status":"[a-z0-9-]+"\\}$`,
          ),
        );
      }
      expect(w.storeOpens()).toBe(0);
      expect(w.delivered).toEqual([]);
      expect(w.queue.items.size).toBe(0);
      expect((await w.pending.latest(CANARY_PHONE))?.answered).toBeUndefined();
    },
  );

  test('spoofed caller with an appointment, verified caller without one, unverified caller without one: one identical answer', async () => {
    const without = await press('1', {}, CANARY_PHONE, 'TN-Validation-Passed-B');
    await w.pending.add(CANARY_PHONE, reminder('appt-3002'));
    const spoofed = await press('1', {}, CANARY_PHONE, 'TN-Validation-Passed-B');
    expect(spoofed.xml).toBe(without.xml);
    expect(spoofed.xml).toBe(await noAppointmentXml('1'));
    expect(w.delivered).toEqual([]);
  });

  test('the label is logged, never the value: a documented value in lower case, else "absent"/"unrecognized"', async () => {
    const { sid: b } = await press('2', {}, CANARY_PHONE, 'TN-Validation-Failed-A');
    const { sid: none } = await press('2', {}, CANARY_PHONE, null);
    const { sid: odd } = await press('2', {}, CANARY_PHONE, 'tn-validation-passed-a');
    expect(w.lines).toEqual([
      `info {"event":"voice.caller_unverified","callSid":"${b}","action":"reschedule","status":"tn-validation-failed-a"}`,
      `info {"event":"voice.caller_unverified","callSid":"${none}","action":"reschedule","status":"absent"}`,
      `info {"event":"voice.caller_unverified","callSid":"${odd}","action":"reschedule","status":"unrecognized"}`,
    ]);
  });

  test('Sync down changes nothing for an unverified caller (no state is read): still the no-appointment answer, no alert', async () => {
    w.kv.down = new StoreError(true, 20500);
    const { xml } = await press('1', {}, CANARY_PHONE, null);
    expect(xml).toBe(NOT_FOUND_XML);
    expect(w.lines.join('\n')).not.toContain('state_unavailable');
  });

  test('0 still reaches the front desk and other keys still say "not an option" (the redirect re-checks at /voice/inbound)', async () => {
    expect((await press('0', {}, CANARY_PHONE, null)).xml).toContain(FRONT_DESK_DIAL);
    expect((await press('7', {}, CANARY_PHONE, null)).xml).toContain('<Redirect method="POST">/voice/inbound</Redirect>');
    expect(w.storeOpens()).toBe(0);
  });

  test('the same caller verified (A) is recorded: the gate is the attestation, nothing else', async () => {
    await w.pending.add(CANARY_PHONE, reminder('appt-3003'));
    const { xml } = await press('1', {}, CANARY_PHONE, STIR_A);
    expect(xml).toContain('Your appointment is confirmed.');
    expect(w.delivered).toHaveLength(1);
  });
});
