/**
 * POST /studio/can-send: the REST-triggered reminder's pre-send gate. Sendable only for an allowed
 * country and a number not opted out of this sender (or of all senders); an unreadable ledger is
 * "do not send"; the answer never says why.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/runtime/core/log';
import { createLedger } from '../../src/runtime/ledger/factory';
import { loadConfig } from '../../src/runtime/core/config';
import { IDENTITY_KEY, LedgerIdentityError } from '../../src/runtime/ledger/identity';
import { OptOutLedger } from '../../src/runtime/ledger/ledger';
import { StoreError } from '../../src/runtime/ledger/store';
import type { Scope } from '../../src/runtime/ledger/record';
import { canSend, studioCanSendSpec } from '../../src/runtime/studio/can-send-spec';
import { optoutGuardSpec } from '../../src/runtime/optout/guard-spec';
import { CANARY_NAME, CANARY_PHONE, findCanary } from '../helpers/canary';
import { localEnv } from '../helpers/env';
import { UNCHECKED_IDENTITY } from '../helpers/ledger-identity';
import { MemoryStore } from '../helpers/memory-store';
import { DOMAIN, json, specHarness } from './webhook-harness';

const MG_A = `MG${'a'.repeat(32)}`;
const MG_B = `MG${'b'.repeat(32)}`;
const CLINIC_NUMBER = '+15555550100';

function world(pools: ConstructorParameters<typeof OptOutLedger>[4] = []) {
  const store = new MemoryStore();
  const ledger = new OptOutLedger(store, 's'.repeat(40), { budgetMs: 200, sleep: async () => undefined }, UNCHECKED_IDENTITY, pools);
  const lines: string[] = [];
  const deps = { ledger, countries: ['US' as const], log: createLogger((level, line) => lines.push(`${level} ${line}`)) };
  const optOut = (scope: Scope) =>
    ledger.apply(CANARY_PHONE, { scope, state: 'opted_out', at: Date.now(), messageSid: null, via: 'keyword' });
  const ask = async (to: string, sender: string) => json(await canSend({ To: to, Sender: sender }, deps));
  return { store, lines, optOut, ask };
}

describe('canSend', () => {
  test('a US number never opted out: send', async () => {
    const w = world();
    expect(await w.ask(CANARY_PHONE, MG_A)).toEqual({ send: true });
  });

  test('opted out of this sender: no; of another sender: yes; of all senders: no', async () => {
    const w = world();
    await w.optOut({ kind: 'senders', senders: [MG_A] });
    expect(await w.ask(CANARY_PHONE, MG_A)).toEqual({ send: false });
    expect(await w.ask(CANARY_PHONE, MG_B)).toEqual({ send: true });
    await w.optOut({ kind: 'all' });
    expect(await w.ask(CANARY_PHONE, MG_B)).toEqual({ send: false });
  });

  test('a clinic number as the sender scopes like a Messaging Service', async () => {
    const w = world();
    await w.optOut({ kind: 'senders', senders: [CLINIC_NUMBER] });
    expect(await w.ask(CANARY_PHONE, CLINIC_NUMBER)).toEqual({ send: false });
  });

  test('a STOP received through a Messaging Service blocks that service and the number that received it', async () => {
    const w = world();
    // As /sms/inbound records it: every scope the message covers.
    await w.optOut({ kind: 'senders', senders: [MG_A, CLINIC_NUMBER] });
    expect(await w.ask(CANARY_PHONE, MG_A)).toEqual({ send: false });
    expect(await w.ask(CANARY_PHONE, CLINIC_NUMBER)).toEqual({ send: false });
    expect(await w.ask(CANARY_PHONE, MG_B)).toEqual({ send: true });
  });

  test('with the Messaging Service pool known, an opt-out of a pooled number blocks the service and vice versa', async () => {
    const pools = [{ messagingServiceSid: MG_A, numbers: [CLINIC_NUMBER] }];
    const w = world(pools);
    await w.optOut({ kind: 'senders', senders: [CLINIC_NUMBER] });
    expect(await w.ask(CANARY_PHONE, MG_A)).toEqual({ send: false });
    const v = world(pools);
    await v.optOut({ kind: 'senders', senders: [MG_A] });
    expect(await v.ask(CANARY_PHONE, CLINIC_NUMBER)).toEqual({ send: false });
    expect(await v.ask(CANARY_PHONE, MG_B)).toEqual({ send: true });
  });

  test('a ledger that fails its identity check: do not send (fail closed)', async () => {
    const lines: string[] = [];
    const ledger = new OptOutLedger(
      new MemoryStore(),
      's'.repeat(40),
      { budgetMs: 200 },
      { verify: async () => Promise.reject(new LedgerIdentityError('missing')) },
    );
    const res = json(
      await canSend(
        { To: CANARY_PHONE, Sender: MG_A },
        { ledger, countries: ['US'], log: createLogger((level, line) => lines.push(`${level} ${line}`)) },
      ),
    );
    expect(res).toEqual({ send: false });
    expect(lines.join('\n')).toContain('ledger.identity_unverified');
  });

  test("the ledger cannot be read (still failing after the read's two retries): do not send (fail closed)", async () => {
    const w = world();
    w.store.failures.push(new StoreError(true, 20429), new StoreError(true, 20429), new StoreError(true, 20429));
    expect(await w.ask(CANARY_PHONE, MG_A)).toEqual({ send: false });
    expect(w.lines.join('\n')).toContain('ledger.unreadable_blocking_send');
  });

  test("a number outside the clinic's countries: do not send; logs say why, the answer does not", async () => {
    const w = world();
    expect(await w.ask('+442071838750', MG_A)).toEqual({ send: false });
    expect(w.lines).toEqual(['info {"event":"studio_can_send.refused","status":"destination"}']);
    expect(findCanary(w.lines.join('\n'))).toBeUndefined();
  });
});

describe('POST /studio/can-send through the webhook wrapper (local profile)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'can-send-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('reads the file ledger and the clinic countries from the private asset', async () => {
    const h = specHarness(studioCanSendSpec(), '/studio/can-send', dir);
    expect(json(await h.call({ To: CANARY_PHONE, Sender: MG_A }))).toEqual({ send: true });
    const ledger = createLedger(loadConfig(localEnv(dir), DOMAIN), () => {
      throw new Error('no client');
    });
    await ledger.apply(CANARY_PHONE, {
      scope: { kind: 'senders', senders: [MG_A] },
      state: 'opted_out',
      at: Date.now(),
      messageSid: null,
      via: 'staff',
    });
    expect(json(await h.call({ To: CANARY_PHONE, Sender: MG_A }))).toEqual({ send: false });
  });

  test('a STOP through the opt-out guard via the Messaging Service blocks sends from the receiving number too', async () => {
    const guard = specHarness(optoutGuardSpec(), '/optout/guard', dir);
    const stop = await guard.call({
      From: CANARY_PHONE,
      To: CLINIC_NUMBER,
      Body: 'STOP',
      MessageSid: `SM${'4'.repeat(32)}`,
      MessagingServiceSid: MG_A,
    });
    expect(json(stop)).toMatchObject({ action: 'optout' });
    const h = specHarness(studioCanSendSpec(), '/studio/can-send', dir);
    expect(json(await h.call({ To: CANARY_PHONE, Sender: MG_A }))).toEqual({ send: false });
    expect(json(await h.call({ To: CANARY_PHONE, Sender: CLINIC_NUMBER }))).toEqual({ send: false });
    expect(json(await h.call({ To: CANARY_PHONE, Sender: MG_B }))).toEqual({ send: true });
  });

  test('a file ledger without its identity (never set up) is "do not send", not "never opted out"', async () => {
    const h = specHarness(studioCanSendSpec(), '/studio/can-send', dir);
    rmSync(join(dir, `${IDENTITY_KEY}.json`));
    expect(json(await h.call({ To: CANARY_PHONE, Sender: MG_A }))).toEqual({ send: false });
    expect(h.lines.join('\n')).toContain('ledger.identity_unverified');
  });

  test('no clinic config: 500 (the flow ends without sending); bad input: 400 naming the field only', async () => {
    const h = specHarness(studioCanSendSpec(), '/studio/can-send', dir);
    expect((await h.call({ To: CANARY_PHONE, Sender: MG_A }, { readAsset: () => null })).status).toBe(500);
    const bad = await h.call({ To: CANARY_NAME, Sender: MG_A });
    expect({ status: bad.status, body: json(bad) }).toEqual({ status: 400, body: { error: 'invalid_request', fields: ['To'] } });
    const extra = await h.call({ To: CANARY_PHONE, Sender: MG_A, name: CANARY_NAME });
    expect(json(extra)).toEqual({ error: 'invalid_request', fields: [], unknownFields: true });
    expect(findCanary(h.lines.join('\n'))).toBeUndefined();
  });
});
