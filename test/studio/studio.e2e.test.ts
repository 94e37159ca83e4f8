/**
 * The Studio Functions end to end: a real twilio-run serving dist/ (Sync state and Messages
 * redirected to the fake Twilio API, responses checked against Twilio's OpenAPI specs) and a local
 * clinic events endpoint. Each test makes the Run Function calls the templates make, in the order a
 * Studio execution would (gate → reminder → guard → reply; IVR key press), signed as Studio signs.
 */
import { replyText } from '../../src/runtime/sms/inbound-replies';
import { CANARY_BODY, CANARY_NAME, CANARY_PHONE, findCanary } from '../helpers/canary';
import type { EventsEndpoint } from '../helpers/events-endpoint';
import { postForm, type PostResult } from '../helpers/signed-post';
import { checkAfterEach, startSyncWorld, type SyncWorld } from '../helpers/sync-world';

const MG = `MG${'5'.repeat(32)}`;
const CLINIC_NUMBER = '+15555550100';
const EVENTS_SECRET = 's'.repeat(40);
const VARS = { clinicName: 'Example Clinic', helpPhone: '+15555550100' };
const OTHER_PATIENT = '+13125550188';
let seq = 0;
const smsSid = (): string => `SM${(++seq).toString(16).padStart(32, 'c')}`;
const callSid = (): string => `CA${(++seq).toString(16).padStart(32, 'c')}`;

let world: SyncWorld<EventsEndpoint>;

const run = (path: string, params: Record<string, string>): Promise<PostResult> => world.post(path, params);
const body = (r: PostResult): unknown => JSON.parse(r.body);
/** What the reminder flow's guard widget sends for a reply to the execution started from MG. */
const replyGuard = (from: string, text: string, messageSid = smsSid()) =>
  run('/optout/guard', { From: from, To: CLINIC_NUMBER, Body: text, MessageSid: messageSid, Sender: MG });

beforeAll(async () => {
  // The clinic as README configures it: the Messaging Service and the numbers in its pool, so the
  // ledger knows that a STOP to CLINIC_NUMBER also covers sends through MG.
  world = await startSyncWorld({
    prefix: 'e2e-studio-',
    eventsSecret: EVENTS_SECRET,
    env: { MESSAGING_SERVICE_SID: MG, MESSAGING_SERVICE_NUMBERS: CLINIC_NUMBER, LEDGER_WRITE_BUDGET_MS: '700' },
  });
}, 90_000);
afterAll(() => world?.stop());
afterEach(() => checkAfterEach(world));

describe('appointment-reminder flow calls', () => {
  test('gate says send; the reply "1" is not a keyword; /studio/reply delivers the event keyed by the reply SID', async () => {
    const gate = await run('/studio/can-send', { To: CANARY_PHONE, Sender: MG });
    expect(gate.status).toBe(200);
    expect(gate.contentType).toMatch(/^application\/json/);
    expect(body(gate)).toEqual({ send: true });
    const replySid = smsSid();
    expect(body(await replyGuard(CANARY_PHONE, ' 1 ', replySid))).toEqual({ action: 'none', reply: '' });
    const recorded = await run('/studio/reply', {
      appointmentRef: 'apt_studio_e2e_1',
      action: 'confirm',
      channel: 'sms',
      MessageSid: replySid,
    });
    expect(body(recorded)).toEqual({ recorded: true });
    expect(world.endpoint.events).toEqual([
      expect.objectContaining({
        eventId: replySid,
        appointmentRef: 'apt_studio_e2e_1',
        action: 'confirm',
        channel: 'sms',
        messageSid: replySid,
      }),
    ]);
  });

  test('free text is "none" too (the flow sends its one clarification) and writes nothing to the ledger', async () => {
    expect(body(await replyGuard(CANARY_PHONE, CANARY_BODY))).toEqual({ action: 'none', reply: '' });
    expect(await world.ledger.read(CANARY_PHONE)).toBeNull();
  });

  test("STOP as the reply: stored in Sync under the reminder's sender and the receiving number, confirmed once; the gate then refuses both", async () => {
    const stop = await replyGuard(CANARY_PHONE, 'STOP');
    expect(body(stop)).toEqual({ action: 'optout', reply: replyText('optout', 'en', VARS) });
    expect(await world.ledger.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: true, scope: 'sender' });
    expect(await world.ledger.status(CANARY_PHONE, CLINIC_NUMBER)).toMatchObject({ optedOut: true, scope: 'sender' });
    expect(body(await replyGuard(CANARY_PHONE, 'stop'))).toEqual({ action: 'optout', reply: '' });
    expect(body(await run('/studio/can-send', { To: CANARY_PHONE, Sender: MG }))).toEqual({ send: false });
    expect(body(await run('/studio/can-send', { To: CANARY_PHONE, Sender: CLINIC_NUMBER }))).toEqual({ send: false });
  });

  test('the guard retried with the same MessageSid (a replay) confirms nothing and changes nothing', async () => {
    const patient = '+12025550133';
    const stopSid = smsSid();
    expect(body(await replyGuard(patient, 'STOP', stopSid))).toEqual({ action: 'optout', reply: replyText('optout', 'en', VARS) });
    expect(body(await replyGuard(patient, 'START'))).toEqual({ action: 'optin', reply: replyText('optin', 'en', VARS) });
    expect(body(await replyGuard(patient, 'STOP', stopSid))).toEqual({ action: 'optout', reply: '' });
    expect(body(await run('/studio/can-send', { To: patient, Sender: MG }))).toEqual({ send: true });
  });

  test('Sync unavailable: the gate fails closed ({"send":false}) and the guard answers 500 (the flow ends, nothing sent)', async () => {
    world.fake.faults.failNext(10_000, 503, 20500);
    const gate = await run('/studio/can-send', { To: OTHER_PATIENT, Sender: MG });
    const guard = await replyGuard(OTHER_PATIENT, 'STOP');
    world.fake.faults.reset();
    expect(body(gate)).toEqual({ send: false });
    expect(guard).toMatchObject({ status: 500, body: 'Internal error' });
    expect(world.server.output()).toMatch(
      /"event":"optout_guard\.ledger_write_failed","messageSid":"SM[0-9a-f]{32}","keywordClass":"optout"/,
    );
    expect(await world.ledger.read(OTHER_PATIENT)).toBeNull();
  });
});

describe('inbound-sms flow calls', () => {
  test("the trigger's fields as Studio sends them (empty Messaging Service): HELP answers; PARAR to a pooled number stops the reminders sent through the service", async () => {
    // Issue 15: this test used to assert that PARAR opted out of the receiving number only (the
    // service MG still read "not opted out"), locking in split opt-out keys: the patient's next
    // reminder through MG would have gone out. What users need is the gate's answer.
    const params = (text: string) => ({
      From: OTHER_PATIENT,
      To: CLINIC_NUMBER,
      Body: text,
      MessageSid: smsSid(),
      MessagingServiceSid: '',
    });
    expect(body(await run('/optout/guard', params('HELP')))).toEqual({ action: 'help', reply: replyText('help', 'en', VARS) });
    expect(body(await run('/studio/can-send', { To: OTHER_PATIENT, Sender: MG }))).toEqual({ send: true });
    expect(body(await run('/optout/guard', params('PARAR')))).toEqual({ action: 'optout', reply: replyText('optout', 'es', VARS) });
    expect(await world.ledger.status(OTHER_PATIENT, CLINIC_NUMBER)).toMatchObject({ optedOut: true, scope: 'sender' });
    expect(body(await run('/studio/can-send', { To: OTHER_PATIENT, Sender: MG }))).toEqual({ send: false });
    expect(body(await run('/studio/can-send', { To: OTHER_PATIENT, Sender: CLINIC_NUMBER }))).toEqual({ send: false });
  });
});

describe('ivr flow calls', () => {
  test('a caller with a reminder from /reminders/send: unverified (B, none) not_found and nothing recorded; verified (A) 2 records reschedule; a caller without one: not_found', async () => {
    const patient = '+12125550142';
    const sent = await run('/reminders/send', {
      to: patient,
      appointmentAt: new Date(Date.now() + 48 * 3_600_000).toISOString(),
      templateId: 'appointment-reminder',
      locationId: 'main-street',
      appointmentRef: 'apt_studio_e2e_2',
    });
    expect(sent.status).toBe(202);
    const noReminder = await run('/studio/ivr-reply', {
      CallSid: callSid(),
      From: '+13125550111',
      StirVerstat: 'TN-Validation-Passed-A',
      Digits: '1',
    });
    for (const stir of ['TN-Validation-Passed-B', '']) {
      const spoofed = await run('/studio/ivr-reply', { CallSid: callSid(), From: patient, StirVerstat: stir, Digits: '3' });
      expect({ stir, status: spoofed.status, body: spoofed.body }).toEqual({ stir, status: noReminder.status, body: noReminder.body });
    }
    expect(body(noReminder)).toEqual({ result: 'not_found' });
    expect(world.endpoint.events.filter((e) => e.appointmentRef === 'apt_studio_e2e_2')).toEqual([]);
    const call = callSid();
    expect(
      body(await run('/studio/ivr-reply', { CallSid: call, From: patient, StirVerstat: 'TN-Validation-Passed-A', Digits: '2' })),
    ).toEqual({ result: 'recorded', action: 'reschedule' });
    expect(world.endpoint.events.filter((e) => e.appointmentRef === 'apt_studio_e2e_2')).toEqual([
      expect.objectContaining({ eventId: `${call}-2`, action: 'reschedule', channel: 'voice' }),
    ]);
    expect(world.server.output()).toMatch(
      /"event":"studio_ivr\.caller_unverified","callSid":"CA[0-9a-f]{32}","action":"cancel","status":"tn-validation-passed-b"/,
    );
  });
});

describe('every Studio Function', () => {
  test('unsigned: 403; bad input: 400 naming fields only; PHI never in responses, events or logs', async () => {
    const paths = ['/optout/guard', '/studio/reply', '/studio/can-send', '/studio/ivr-reply'];
    for (const path of paths) {
      const unsigned = await postForm(world.url(path), { From: CANARY_PHONE, To: CLINIC_NUMBER, MessageSid: smsSid() });
      expect({ path, status: unsigned.status }).toEqual({ path, status: 403 });
    }
    const bad = [
      await run('/optout/guard', { From: CANARY_NAME, To: CLINIC_NUMBER, MessageSid: smsSid(), Body: CANARY_BODY }),
      await run('/studio/reply', { appointmentRef: CANARY_NAME, action: 'confirm', channel: 'sms', MessageSid: smsSid() }),
      await run('/studio/can-send', { To: CANARY_PHONE, Sender: CANARY_NAME }),
      await run('/studio/ivr-reply', { CallSid: callSid(), From: CANARY_PHONE, StirVerstat: 'TN-Validation-Passed-A', Digits: '9' }),
    ];
    expect(bad.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    for (const r of bad) expect(findCanary(r.body)).toBeUndefined();
    expect(findCanary(world.endpoint.raw.join('\n'))).toBeUndefined();
    expect(findCanary(world.server.output())).toBeUndefined();
  });
});
