/**
 * POST /optout/guard: /sms/inbound's keyword and ledger logic answering JSON for a Studio flow.
 * The ledger is written before the answer; a failed write is a 500 (the flow's fail branch) with
 * no confirmation; YES/SÍ are keywords only while opted out; `Sender` sets the opt-out scope.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/runtime/core/log';
import { replyText } from '../../src/runtime/sms/inbound-replies';
import type { InboundMessage } from '../../src/runtime/sms/inbound-router';
import { IDENTITY_KEY } from '../../src/runtime/ledger/identity';
import { OptOutLedger } from '../../src/runtime/ledger/ledger';
import { StoreError } from '../../src/runtime/ledger/store';
import { guardMessage, optoutGuardSpec, runOptoutGuard, type GuardDeps } from '../../src/runtime/optout/guard-spec';
import { CANARY_BODY, CANARY_NAME, CANARY_PHONE, findCanary } from '../helpers/canary';
import { TEST_ACCOUNT_SID } from '../helpers/env';
import { UNCHECKED_IDENTITY } from '../helpers/ledger-identity';
import { MemoryStore } from '../helpers/memory-store';
import { json, specHarness } from './webhook-harness';

const MG_A = `MG${'a'.repeat(32)}`;
const MG_B = `MG${'b'.repeat(32)}`;
const CLINIC_NUMBER = '+15555550100';
const VARS = { clinicName: 'Example Clinic', helpPhone: '+15555550100' };
let n = 0;
const sid = (): string => `SM${(++n).toString(16).padStart(32, '0')}`;

function msg(body: string, sender: string | null = MG_A): InboundMessage {
  return { messageSid: sid(), accountSid: TEST_ACCOUNT_SID, from: CANARY_PHONE, to: CLINIC_NUMBER, messagingServiceSid: sender, body };
}

function setup() {
  let clock = 1_000;
  const store = new MemoryStore();
  const ledger = new OptOutLedger(
    store,
    's'.repeat(40),
    {
      budgetMs: 1000,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
      random: () => 0,
    },
    UNCHECKED_IDENTITY,
  );
  const lines: string[] = [];
  const deps: GuardDeps = {
    ledger,
    log: createLogger((level, line) => lines.push(`${level} ${line}`)),
    replyVars: VARS,
    replies: 'ours',
    now: () => (clock += 10),
  };
  const guard = async (m: InboundMessage) => {
    const r = await runOptoutGuard(m, deps);
    return {
      status: r.status,
      contentType: r.contentType,
      body: r.status === 200 ? (JSON.parse(r.body) as { action: string; reply: string }) : r.body,
    };
  };
  return { store, ledger, lines, deps, guard };
}

describe('runOptoutGuard', () => {
  test('STOP: stored first, then {"action":"optout"} with the one confirmation; a repeat gets no text', async () => {
    const s = setup();
    const first = await s.guard(msg('STOP'));
    expect(first).toEqual({
      status: 200,
      contentType: 'application/json',
      body: { action: 'optout', reply: replyText('optout', 'en', VARS) },
    });
    expect(await s.ledger.status(CANARY_PHONE, MG_A)).toMatchObject({ optedOut: true });
    expect((await s.guard(msg('stop please'))).body).toEqual({ action: 'optout', reply: '' });
  });

  test('STOP through a Messaging Service is recorded under the service and the receiving number', async () => {
    const s = setup();
    await s.guard(msg('STOP', MG_A));
    expect(await s.ledger.status(CANARY_PHONE, MG_A)).toMatchObject({ optedOut: true, scope: 'sender' });
    expect(await s.ledger.status(CANARY_PHONE, CLINIC_NUMBER)).toMatchObject({ optedOut: true, scope: 'sender' });
    expect(await s.ledger.status(CANARY_PHONE, MG_B)).toMatchObject({ optedOut: false });
  });

  test('a replayed STOP (same MessageSid, a retried Run Function) is "optout" with no text, and writes nothing', async () => {
    const s = setup();
    const m = msg('STOP');
    await s.guard(m);
    const writes = s.store.writes;
    expect((await s.guard(m)).body).toEqual({ action: 'optout', reply: '' });
    expect(s.store.writes).toBe(writes);
    expect(s.lines.some((l) => l.includes('"event":"optout_guard.replay"'))).toBe(true);
  });

  test('a replayed START after a newer STOP leaves the number opted out', async () => {
    const s = setup();
    await s.guard(msg('STOP'));
    const start = msg('START');
    await s.guard(start);
    await s.guard(msg('STOP'));
    expect((await s.guard(start)).body).toEqual({ action: 'optin', reply: '' });
    expect(await s.ledger.status(CANARY_PHONE, MG_A)).toMatchObject({ optedOut: true });
  });

  test('a stored opt-out runs the effects; effects that fail are a 500 with no confirmation', async () => {
    const s = setup();
    const calls: string[] = [];
    s.deps.effects = {
      afterOptOut: async (e164) => {
        calls.push(e164);
        return calls.length > 1;
      },
    };
    const failed = await runOptoutGuard(msg('STOP'), s.deps);
    expect(failed).toEqual({ status: 500, contentType: 'text/plain', body: 'Internal error' });
    expect(await s.ledger.status(CANARY_PHONE, MG_A)).toMatchObject({ optedOut: true });
    expect((await s.guard(msg('STOP'))).body).toEqual({ action: 'optout', reply: '' });
    expect(calls).toEqual([CANARY_PHONE, CANARY_PHONE]);
    await s.guard(msg('START'));
    expect(calls).toHaveLength(2);
  });

  test('STOPALL opts out of every sender; START after STOP resubscribes once', async () => {
    const s = setup();
    expect((await s.guard(msg('STOPALL'))).body).toEqual({ action: 'optout_all', reply: replyText('optout_all', 'en', VARS) });
    expect(await s.ledger.status(CANARY_PHONE, MG_B)).toMatchObject({ optedOut: true, scope: 'all' });
    const s2 = setup();
    expect((await s2.guard(msg('START'))).body).toEqual({ action: 'optin', reply: '' });
    await s2.guard(msg('STOP'));
    expect((await s2.guard(msg('start'))).body).toEqual({ action: 'optin', reply: replyText('optin', 'en', VARS) });
  });

  test('YES is "none" (carry on routing) unless the number is opted out', async () => {
    const s = setup();
    expect((await s.guard(msg('YES'))).body).toEqual({ action: 'none', reply: '' });
    await s.guard(msg('STOP'));
    expect((await s.guard(msg('Yes'))).body).toEqual({ action: 'optin', reply: replyText('optin', 'en', VARS) });
    // Now opted in again, so SÍ is an ordinary reply too.
    expect((await s.guard(msg('sí'))).body).toEqual({ action: 'none', reply: '' });
  });

  test('HELP answers without touching the ledger; Spanish keywords get Spanish text', async () => {
    const s = setup();
    s.store.failures.push(new StoreError(false, 1));
    expect((await s.guard(msg('HELP'))).body).toEqual({ action: 'help', reply: replyText('help', 'en', VARS) });
    const s2 = setup();
    expect((await s2.guard(msg('PARAR'))).body).toEqual({ action: 'optout', reply: replyText('optout', 'es', VARS) });
  });

  test('anything else (a reminder digit, free text) is "none" and writes nothing', async () => {
    const s = setup();
    for (const body of ['1', ' 3 ', CANARY_BODY, '']) expect((await s.guard(msg(body))).body).toEqual({ action: 'none', reply: '' });
    expect(s.store.writes).toBe(0);
  });

  test('a ledger write that fails: 500, no confirmation, one PHI-free alert', async () => {
    const s = setup();
    s.store.failures.push(new StoreError(false, 20003));
    const m = msg('STOP');
    const res = await runOptoutGuard(m, s.deps);
    expect(res).toEqual({ status: 500, contentType: 'text/plain', body: 'Internal error' });
    expect(s.lines).toEqual([
      `error {"event":"optout_guard.ledger_write_failed","messageSid":"${m.messageSid}","keywordClass":"optout","attempts":"1","errorCode":"20003"}`,
    ]);
  });

  test('OPTOUT_REPLIES=twilio: recorded, but the reply is empty (Twilio answers keywords itself)', async () => {
    const s = setup();
    s.deps.replies = 'twilio';
    expect((await s.guard(msg('STOP'))).body).toEqual({ action: 'optout', reply: '' });
    expect(await s.ledger.status(CANARY_PHONE, MG_A)).toMatchObject({ optedOut: true });
    expect((await s.guard(msg('HELP'))).body).toEqual({ action: 'help', reply: '' });
  });

  test('logs carry SIDs and classes only', async () => {
    const s = setup();
    for (const body of ['STOP', 'START', 'HELP', CANARY_BODY, 'YES', CANARY_NAME]) await s.guard(msg(body));
    // One line per message: without it the checks below pass on a guard that logs nothing.
    expect(s.lines).toHaveLength(6);
    expect(findCanary(s.lines.join('\n'))).toBeUndefined();
    for (const line of s.lines) expect(line).not.toContain('dropped');
  });
});

describe('guardMessage (the opt-out scope)', () => {
  const base = { From: CANARY_PHONE, To: CLINIC_NUMBER, MessageSid: `SM${'1'.repeat(32)}`, Body: 'STOP' };
  test("as /sms/inbound: the Messaging Service when given, else the receiving number; Studio's empty value is none", () => {
    expect(guardMessage({ ...base, MessagingServiceSid: MG_A }, TEST_ACCOUNT_SID)).toMatchObject({
      messagingServiceSid: MG_A,
      to: CLINIC_NUMBER,
    });
    expect(guardMessage({ ...base, MessagingServiceSid: '' }, TEST_ACCOUNT_SID)).toMatchObject({
      messagingServiceSid: null,
      to: CLINIC_NUMBER,
    });
  });

  test("Sender (a reminder execution's From) replaces it: a Messaging Service or a number", () => {
    expect(guardMessage({ ...base, MessagingServiceSid: '', Sender: MG_B }, TEST_ACCOUNT_SID)).toMatchObject({ messagingServiceSid: MG_B });
    // A number as Sender keeps the service the message came through: both scopes are written.
    expect(guardMessage({ ...base, MessagingServiceSid: MG_A, Sender: '+15555550199' }, TEST_ACCOUNT_SID)).toMatchObject({
      messagingServiceSid: MG_A,
      to: '+15555550199',
    });
    expect(guardMessage({ ...base, Sender: '' }, TEST_ACCOUNT_SID)).toMatchObject({ messagingServiceSid: null, to: CLINIC_NUMBER });
  });
});

describe('POST /optout/guard through the webhook wrapper (local profile)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'optout-guard-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const params = (extra: Record<string, string> = {}): Record<string, string> => ({
    From: CANARY_PHONE,
    To: CLINIC_NUMBER,
    Body: 'STOP',
    MessageSid: sid(),
    MessagingServiceSid: '',
    ...extra,
  });

  test('a signed Run Function call records the opt-out and answers JSON the flow can branch on', async () => {
    const h = specHarness(optoutGuardSpec(), '/optout/guard', dir);
    const res = await h.call(params({ Sender: MG_A }));
    expect(res.contentType).toBe('application/json');
    expect(json(res)).toEqual({ action: 'optout', reply: replyText('optout', 'en', VARS) });
    expect(json(await h.call(params({ Body: 'hello', Sender: MG_A })))).toEqual({ action: 'none', reply: '' });
  });

  test('a ledger that was never set up (no identity): 500, nothing confirmed', async () => {
    const h = specHarness(optoutGuardSpec(), '/optout/guard', dir);
    rmSync(join(dir, `${IDENTITY_KEY}.json`));
    const res = await h.call(params({ Sender: MG_A }));
    expect(res.status).toBe(500);
    expect(res.body).not.toContain('unsubscribed');
    expect(h.lines.join('\n')).toContain('optout_guard.ledger_write_failed');
  });

  test('unsigned or wrongly signed: 403; another account: 403; bad input: 400; nothing echoed', async () => {
    const h = specHarness(optoutGuardSpec(), '/optout/guard', dir);
    const replies = [
      await h.call(params(), { unsigned: true }),
      await h.call(params(), { authToken: 'f'.repeat(32) }),
      await h.call(params({ AccountSid: `AC${'9'.repeat(32)}` })),
      await h.call(params({ From: CANARY_NAME })),
      await h.call(params({ Sender: CANARY_NAME })),
      await h.call(params(), { contentType: 'application/json' }),
    ];
    expect(replies.map((r) => r.status)).toEqual([403, 403, 403, 400, 400, 415]);
    for (const r of replies) expect(findCanary(r.body)).toBeUndefined();
    expect(findCanary(h.lines.join('\n'))).toBeUndefined();
  });

  test('fields Studio might add are tolerated (a refused guard would lose an opt-out)', async () => {
    const h = specHarness(optoutGuardSpec(), '/optout/guard', dir);
    expect(json(await h.call(params({ FlowSid: `FW${'0'.repeat(32)}` })))).toMatchObject({ action: 'optout' });
  });
});
