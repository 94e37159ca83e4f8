import { createLogger } from '../../src/core/log';
import { handleInboundSms, senderOf } from '../../src/inbound/handle-inbound';
import { twimlReply } from '../../src/core/http';
import type { InboundMessage, ReplyRouter } from '../../src/inbound/router';
import { OptOutLedger } from '../../src/ledger/ledger';
import { StoreError } from '../../src/ledger/store';
import { CANARY_BODY, CANARY_PHONE } from '../helpers/canary';
import { MemoryStore } from '../helpers/memory-store';

const MG_A = `MG${'a'.repeat(32)}`;
const MG_B = `MG${'b'.repeat(32)}`;
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
  const ledger = new OptOutLedger(store, 's'.repeat(40), { budgetMs: 1000, now: () => clock, sleep: async (ms) => { clock += ms; }, random: () => 0 });
  const lines: string[] = [];
  const routed: InboundMessage[] = [];
  const router: ReplyRouter = { route: async (m) => { routed.push(m); return twimlReply('<Response><Message>routed</Message></Response>'); } };
  const deps = { ledger, router, log: createLogger((level, line) => lines.push(`${level} ${line}`)), replyVars: { clinicName: 'Example Clinic', helpPhone: '+15555550100' }, replies: 'ours' as 'ours' | 'twilio', now: () => (clock += 10) };
  return { store, ledger, lines, routed, deps };
}

const messageOf = (body: string): string | null => /<Message>([^<]*)<\/Message>/.exec(body)?.[1] ?? null;

describe('handleInboundSms', () => {
  test('STOP: ledger first, then one confirmation; a second STOP gets no reply', async () => {
    const s = setup();
    const first = await handleInboundSms(msg('STOP'), s.deps);
    expect(messageOf(first.body)).toBe('Example Clinic: You are unsubscribed and will get no more texts from this number. Reply START to resubscribe.');
    expect(await s.ledger.status(CANARY_PHONE, MG_A)).toMatchObject({ optedOut: true });
    const second = await handleInboundSms(msg('stop please'), s.deps);
    expect(messageOf(second.body)).toBeNull();
    expect(second.status).toBe(200);
  });

  test('STOP scopes to the receiving Messaging Service; STOPALL to all', async () => {
    const s = setup();
    await handleInboundSms(msg('STOP', MG_A), s.deps);
    expect(await s.ledger.status(CANARY_PHONE, MG_B)).toMatchObject({ optedOut: false });
    const all = await handleInboundSms(msg('STOPALL', MG_A), s.deps);
    expect(messageOf(all.body)).toContain('unsubscribed from all of our texts');
    expect(await s.ledger.status(CANARY_PHONE, MG_B)).toMatchObject({ optedOut: true, scope: 'all' });
  });

  test('without a Messaging Service the scope is the receiving number', () => {
    expect(senderOf(msg('x', null))).toBe('+15555550100');
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

  test('HELP: clinic name and number, no ledger access', async () => {
    const s = setup();
    s.store.failures.push(new StoreError(false, 1));
    const help = await handleInboundSms(msg('HELP'), s.deps);
    expect(messageOf(help.body)).toBe('Example Clinic: For help call +15555550100. Reply STOP to unsubscribe. Msg&amp;data rates may apply.');
  });

  test('Spanish keywords get Spanish confirmations', async () => {
    const s = setup();
    const res = await handleInboundSms(msg('PARAR'), s.deps);
    expect(messageOf(res.body)).toContain('Se ha dado de baja');
    expect(messageOf((await handleInboundSms(msg('AYUDA'), s.deps)).body)).toContain('Para ayuda llame al +15555550100');
  });

  test('non-keyword messages go to the router untouched', async () => {
    const s = setup();
    const res = await handleInboundSms(msg(CANARY_BODY), s.deps);
    expect(messageOf(res.body)).toBe('routed');
    expect(s.store.writes).toBe(0);
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
