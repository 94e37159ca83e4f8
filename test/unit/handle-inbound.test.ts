import { createLogger } from '../../src/runtime/core/log';
import { handleInboundSms, scopesOf, type OptOutEffects } from '../../src/runtime/sms/handle-inbound';
import { twimlReply } from '../../src/runtime/core/http';
import type { InboundMessage, ReplyRouter, RouteContext } from '../../src/runtime/sms/inbound-router';
import { OptOutLedger } from '../../src/runtime/ledger/ledger';
import type { LedgerRecord } from '../../src/runtime/ledger/record';
import { StoreError } from '../../src/runtime/ledger/store';
import { CANARY_BODY, CANARY_PHONE } from '../helpers/canary';
import { UNCHECKED_IDENTITY } from '../helpers/ledger-identity';
import { MemoryStore } from '../helpers/memory-store';

const MG_A = `MG${'a'.repeat(32)}`;
const MG_B = `MG${'b'.repeat(32)}`;
const TO = '+15555550100';
let clock = 1_000;
let n = 0;

function msg(body: string, sender: string | null = MG_A): InboundMessage {
  n += 1;
  return {
    messageSid: `SM${n.toString(16).padStart(32, '0')}`,
    accountSid: `AC${'0'.repeat(32)}`,
    from: CANARY_PHONE,
    to: '+15555550100',
    messagingServiceSid: sender,
    body,
  };
}

function setup() {
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
  const routed: InboundMessage[] = [];
  const contexts: RouteContext[] = [];
  const router: ReplyRouter = {
    route: async (m, context) => {
      routed.push(m);
      contexts.push(context);
      return twimlReply('<Response><Message>routed</Message></Response>');
    },
  };
  const deps: Parameters<typeof handleInboundSms>[1] = {
    ledger,
    router,
    log: createLogger((level, line) => lines.push(`${level} ${line}`)),
    replyVars: { clinicName: 'Example Clinic', helpPhone: '+15555550100' },
    replies: 'ours',
    now: () => (clock += 10),
  };
  return { store, ledger, lines, routed, contexts, deps };
}

/** Opt-out effects that record their calls and answer `ok` (or throw). */
function effects(ok: boolean | 'throw' = true): OptOutEffects & { calls: { e164: string; record: LedgerRecord | null }[] } {
  const calls: { e164: string; record: LedgerRecord | null }[] = [];
  return {
    calls,
    afterOptOut: async (e164, record) => {
      calls.push({ e164, record });
      if (ok === 'throw') throw new Error('effects down');
      return ok;
    },
  };
}

const messageOf = (body: string): string | null => /<Message>([^<]*)<\/Message>/.exec(body)?.[1] ?? null;

describe('handleInboundSms', () => {
  test('STOP: ledger first, then one confirmation; a second STOP gets no reply', async () => {
    const s = setup();
    const first = await handleInboundSms(msg('STOP'), s.deps);
    expect(messageOf(first.body)).toBe(
      'Example Clinic: You are unsubscribed and will get no more texts from this number. Reply START to resubscribe.',
    );
    expect(await s.ledger.status(CANARY_PHONE, MG_A)).toMatchObject({ optedOut: true });
    const second = await handleInboundSms(msg('stop please'), s.deps);
    expect(messageOf(second.body)).toBeNull();
    expect(second.status).toBe(200);
  });

  test('STOP is recorded under the receiving Messaging Service and the receiving number; STOPALL to all', async () => {
    const s = setup();
    await handleInboundSms(msg('STOP', MG_A), s.deps);
    expect(await s.ledger.status(CANARY_PHONE, MG_A)).toMatchObject({ optedOut: true, scope: 'sender' });
    expect(await s.ledger.status(CANARY_PHONE, TO)).toMatchObject({ optedOut: true, scope: 'sender' });
    expect((await s.ledger.read(CANARY_PHONE))?.senders).toEqual({
      [MG_A]: expect.objectContaining({ state: 'opted_out', seq: 1 }),
      [TO]: expect.objectContaining({ state: 'opted_out', seq: 1 }),
    });
    expect(await s.ledger.status(CANARY_PHONE, MG_B)).toMatchObject({ optedOut: false });
    const all = await handleInboundSms(msg('STOPALL', MG_A), s.deps);
    expect(messageOf(all.body)).toContain('unsubscribed from all of our texts');
    expect(await s.ledger.status(CANARY_PHONE, MG_B)).toMatchObject({ optedOut: true, scope: 'all' });
  });

  test('the scopes are the Messaging Service and the receiving number; without a service, the number alone', () => {
    expect(scopesOf(msg('x', MG_A))).toEqual([MG_A, TO]);
    expect(scopesOf(msg('x', null))).toEqual([TO]);
  });

  test('START through the Messaging Service reopens both scopes STOP closed', async () => {
    const s = setup();
    await handleInboundSms(msg('STOP', MG_A), s.deps);
    const start = await handleInboundSms(msg('START', MG_A), s.deps);
    expect(messageOf(start.body)).toContain('You are resubscribed');
    expect(await s.ledger.status(CANARY_PHONE, MG_A)).toMatchObject({ optedOut: false });
    expect(await s.ledger.status(CANARY_PHONE, TO)).toMatchObject({ optedOut: false });
  });

  test('a STOP straight to the number (no service): any send that could go out from that number is blocked', async () => {
    const s = setup();
    await handleInboundSms(msg('STOP', null), s.deps);
    expect(await s.ledger.status(CANARY_PHONE, TO)).toMatchObject({ optedOut: true });
    // A send that may go out from that number (any scope it could carry) is blocked.
    expect(await s.ledger.status(CANARY_PHONE, [MG_A, TO])).toMatchObject({ optedOut: true });
  });

  test('a replayed STOP (same MessageSid, e.g. the fallback URL) changes nothing and is not confirmed again', async () => {
    const s = setup();
    const m = msg('STOP');
    expect(messageOf((await handleInboundSms(m, s.deps)).body)).toContain('You are unsubscribed');
    const writes = s.store.writes;
    const again = await handleInboundSms(m, s.deps);
    expect(again.status).toBe(200);
    expect(messageOf(again.body)).toBeNull();
    expect(s.store.writes).toBe(writes);
    expect(s.lines.some((l) => l.includes('"event":"sms_inbound.replay"'))).toBe(true);
  });

  test('a replayed START after a newer STOP leaves the number opted out', async () => {
    const s = setup();
    await handleInboundSms(msg('STOP'), s.deps);
    const start = msg('START');
    await handleInboundSms(start, s.deps);
    await handleInboundSms(msg('STOP'), s.deps);
    const replay = await handleInboundSms(start, s.deps);
    expect(messageOf(replay.body)).toBeNull();
    expect(await s.ledger.status(CANARY_PHONE, MG_A)).toMatchObject({ optedOut: true });
  });

  test('START after STOP confirms once; START when not opted out changes nothing', async () => {
    const s = setup();
    expect(messageOf((await handleInboundSms(msg('START'), s.deps)).body)).toBeNull();
    await handleInboundSms(msg('STOP'), s.deps);
    expect(messageOf((await handleInboundSms(msg('start'), s.deps)).body)).toContain('You are resubscribed');
  });

  test('YES is an opt-in only while opted out; otherwise it goes to the router', async () => {
    const s = setup();
    await handleInboundSms(msg('YES'), s.deps);
    expect(s.routed).toHaveLength(1);
    await handleInboundSms(msg('STOP'), s.deps);
    const yes = await handleInboundSms(msg('Yes'), s.deps);
    expect(messageOf(yes.body)).toContain('You are resubscribed');
    expect(s.routed).toHaveLength(1);
  });

  test('a YES sent while opted in, redelivered after a STOP, does not re-subscribe', async () => {
    const s = setup();
    const yes = msg('YES');
    await handleInboundSms(yes, s.deps);
    expect(s.routed).toHaveLength(1);
    await handleInboundSms(msg('STOP'), s.deps);
    const replay = await handleInboundSms(yes, s.deps);
    expect(messageOf(replay.body)).toBeNull();
    expect(s.routed).toHaveLength(1);
    expect(await s.ledger.status(CANARY_PHONE, MG_A)).toMatchObject({ optedOut: true });
  });

  test('HELP: clinic name and number, no ledger access', async () => {
    const s = setup();
    s.store.failures.push(new StoreError(false, 1));
    const help = await handleInboundSms(msg('HELP'), s.deps);
    expect(messageOf(help.body)).toBe(
      'Example Clinic: For help call +15555550100. Reply STOP to unsubscribe. Msg&amp;data rates may apply.',
    );
  });

  test('Spanish keywords get Spanish confirmations', async () => {
    const s = setup();
    const res = await handleInboundSms(msg('PARAR'), s.deps);
    expect(messageOf(res.body)).toContain('Se ha dado de baja');
    expect(messageOf((await handleInboundSms(msg('AYUDA'), s.deps)).body)).toContain('Para ayuda llame al +15555550100');
  });

  test('non-keyword messages go to the router untouched, told the sender is not opted out', async () => {
    const s = setup();
    const res = await handleInboundSms(msg(CANARY_BODY), s.deps);
    expect(messageOf(res.body)).toBe('routed');
    expect(s.store.writes).toBe(0);
    expect(s.contexts).toEqual([{ optedOut: false }]);
  });

  test('the router is told when the sender is opted out of any scope the message covers', async () => {
    const s = setup();
    // Opted out through the number alone: a message through the service to that number counts.
    await handleInboundSms(msg('STOP', null), s.deps);
    await handleInboundSms(msg('1', MG_A), s.deps);
    // Another service, another receiving number: not opted out there.
    await handleInboundSms({ ...msg('1', MG_B), to: '+15555550199' }, s.deps);
    expect(s.contexts).toEqual([{ optedOut: true }, { optedOut: false }]);
  });

  test('an unreadable ledger routes as opted out (fail closed)', async () => {
    const s = setup();
    // Down: still failing after the read's two retries.
    s.store.failures.push(new StoreError(true, 20500), new StoreError(true, 20500), new StoreError(true, 20500));
    await handleInboundSms(msg(CANARY_BODY), s.deps);
    expect(s.contexts).toEqual([{ optedOut: true }]);
  });

  test('a stored opt-out runs the effects with the stored record before confirming; replays run them again', async () => {
    const s = setup();
    const fx = effects();
    s.deps.effects = fx;
    const m = msg('STOP');
    await handleInboundSms(m, s.deps);
    expect(fx.calls).toHaveLength(1);
    expect(fx.calls[0]?.e164).toBe(CANARY_PHONE);
    expect(fx.calls[0]?.record?.senders[MG_A]?.state).toBe('opted_out');
    await handleInboundSms(m, s.deps);
    expect(fx.calls).toHaveLength(2);
    await handleInboundSms(msg('START'), s.deps);
    await handleInboundSms(msg('HELP'), s.deps);
    expect(fx.calls).toHaveLength(2);
  });

  test.each([
    ['reporting failure', false],
    ['throwing', 'throw'],
  ] as const)('opt-out effects %s: 500 and no confirmation (the opt-out stays stored)', async (_name, outcome) => {
    const s = setup();
    s.deps.effects = effects(outcome);
    const res = await handleInboundSms(msg('STOP'), s.deps);
    expect(res.status).toBe(500);
    expect(res.body).not.toContain('unsubscribed');
    expect(await s.ledger.status(CANARY_PHONE, MG_A)).toMatchObject({ optedOut: true });
    expect(s.lines.some((l) => l.startsWith('error ') && l.includes('sms_inbound.optout_effects_failed'))).toBe(true);
  });

  test('a ledger write that fails: 500 (Twilio retries via fallback), no confirmation, PHI-free alert', async () => {
    const s = setup();
    s.store.failures.push(new StoreError(false, 20003));
    const m = msg('STOP');
    const res = await handleInboundSms(m, s.deps);
    expect(res.status).toBe(500);
    expect(res.body).not.toContain('unsubscribed');
    expect(s.lines).toEqual([
      `error {"event":"sms_inbound.ledger_write_failed","messageSid":"${m.messageSid}","keywordClass":"optout","attempts":"1","errorCode":"20003"}`,
    ]);
  });

  test('log lines carry SIDs and classes only', async () => {
    const s = setup();
    for (const body of ['STOP', 'START', 'HELP', CANARY_BODY, 'YES']) await handleInboundSms(msg(body), s.deps);
    // One line per message: without it the checks below pass on a handler that logs nothing.
    expect(s.lines).toHaveLength(5);
    const all = s.lines.join('\n');
    expect(all).not.toContain(CANARY_PHONE);
    expect(all).not.toContain('CANARY');
    for (const line of s.lines) expect(Object.keys(JSON.parse(line.slice(line.indexOf(' ') + 1)))).not.toContain('dropped');
  });

  test('OPTOUT_REPLIES=twilio: changes are recorded, Twilio answers, we stay silent', async () => {
    const s = setup();
    s.deps.replies = 'twilio';
    const stop = await handleInboundSms(msg('STOP'), s.deps);
    expect(stop.body).toMatch(/<Response\/>$/);
    expect(await s.ledger.status(CANARY_PHONE, MG_A)).toMatchObject({ optedOut: true });
    expect((await handleInboundSms(msg('HELP'), s.deps)).body).toMatch(/<Response\/>$/);
  });
});
