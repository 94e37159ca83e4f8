/**
 * /sms/status core: statuses never move backwards, only SIDs/status/codes are stored, and 21610
 * puts the recipient into the ledger as opted out of that sender.
 */
import { createLogger } from '../../src/core/log';
import { OptOutLedger } from '../../src/ledger/ledger';
import { StoreError } from '../../src/state/kv';
import { recordStatus, shouldReplace, type StatusCallback, type StatusRecord } from '../../src/status/message-status';
import { CANARY_PHONE, findCanary } from '../helpers/canary';
import { Clock, MemoryKv } from '../helpers/memory-state';
import { MemoryStore } from '../helpers/memory-store';

const MG = `MG${'1'.repeat(32)}`;
const SID = `SM${'2'.repeat(32)}`;

function harness() {
  const clock = new Clock();
  const logs: string[] = [];
  const ledgerStore = new MemoryStore();
  const statuses = new MemoryKv<StatusRecord>(clock);
  const timing = { budgetMs: 200, sleep: async () => undefined };
  const deps = { statuses, ledger: new OptOutLedger(ledgerStore, 'k'.repeat(40), timing), log: createLogger((_l, line) => logs.push(line)), timing, now: clock.now };
  return { deps, statuses, ledgerStore, logs };
}

const cb = (status: string, extra: Partial<StatusCallback> = {}): StatusCallback => ({
  messageSid: SID,
  status,
  errorCode: null,
  messagingServiceSid: MG,
  from: '+15555550100',
  to: CANARY_PHONE,
  ...extra,
});

describe('recordStatus', () => {
  test('keeps the furthest status: a late "sent" does not undo "delivered"', async () => {
    const h = harness();
    for (const s of ['queued', 'delivered', 'sent']) await recordStatus(cb(s), h.deps);
    expect((await h.statuses.read(SID))?.value).toMatchObject({ status: 'delivered', errorCode: null });
  });

  test('stores SIDs, status and code only; the number is never stored or logged', async () => {
    const h = harness();
    await recordStatus(cb('undelivered', { errorCode: 30003 }), h.deps);
    expect(Object.keys((await h.statuses.read(SID))!.value).sort()).toEqual(['errorCode', 'status', 'updatedAt']);
    expect(findCanary(h.statuses.dump() + h.logs.join())).toBeUndefined();
    expect(h.logs.join()).toContain('"errorCode":"30003"');
  });

  test('21610 records the opt-out for the Messaging Service that sent it', async () => {
    const h = harness();
    expect(await recordStatus(cb('failed', { errorCode: 21610 }), h.deps)).toBe(true);
    expect(await h.deps.ledger.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: true, scope: 'sender' });
    expect(await h.deps.ledger.status(CANARY_PHONE, `MG${'9'.repeat(32)}`)).toMatchObject({ optedOut: false });
  });

  test('without a Messaging Service the sending number is the scope', async () => {
    const h = harness();
    await recordStatus(cb('failed', { errorCode: 21610, messagingServiceSid: null }), h.deps);
    expect(await h.deps.ledger.status(CANARY_PHONE, '+15555550100')).toMatchObject({ optedOut: true });
  });

  test('a 21610 the ledger cannot store returns false (the webhook answers 500 for a retry)', async () => {
    const h = harness();
    h.ledgerStore.failures.push(new StoreError(false, 20403));
    expect(await recordStatus(cb('failed', { errorCode: 21610 }), h.deps)).toBe(false);
    expect(h.logs.join()).toContain('ledger.carrier_optout_not_recorded');
  });

  test.each([
    [null, 'queued', true],
    ['queued', 'sent', true],
    ['delivered', 'sent', false],
    ['delivered', 'undelivered', false],
    ['delivered', 'read', true],
    ['scheduled', 'canceled', true],
  ])('from %s, %s replaces: %s', (current, next, expected) => {
    expect(shouldReplace(current === null ? null : { status: current, errorCode: null, updatedAt: 0 }, next)).toBe(expected);
  });
});
