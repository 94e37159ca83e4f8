import { isOptedOut, LedgerWriteError, OptOutLedger } from '../../src/ledger/ledger';
import { ledgerKey } from '../../src/ledger/key';
import { StoreError } from '../../src/ledger/store';
import { CANARY_PHONE } from '../helpers/canary';
import { MemoryStore } from '../helpers/memory-store';

const SECRET = 's'.repeat(40);
const MG = `MG${'a'.repeat(32)}`;

function fakeClock(): { now: () => number; sleep: (ms: number) => Promise<void> } {
  let t = 1_000_000;
  return { now: () => t, sleep: async (ms) => { t += ms; } };
}

function ledgerWith(store: MemoryStore, budgetMs = 8000): OptOutLedger {
  return new OptOutLedger(store, SECRET, { budgetMs, ...fakeClock(), random: () => 0.5 });
}

const stop = (at: number) => ({ scope: { kind: 'sender' as const, sender: MG }, state: 'opted_out' as const, at, messageSid: null, via: 'keyword' as const });

describe('OptOutLedger', () => {
  test('keys are HMAC-SHA256 hex of the number, never the number', async () => {
    const store = new MemoryStore();
    await ledgerWith(store).apply(CANARY_PHONE, stop(1));
    const keys = [...store.data.keys()];
    expect(keys).toEqual([ledgerKey(SECRET, CANARY_PHONE)]);
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify([...store.data.entries()])).not.toContain(CANARY_PHONE.slice(2));
  });

  test('retries conflicts until the write lands', async () => {
    const store = new MemoryStore();
    store.conflictsToInject = 5;
    const result = await ledgerWith(store).apply(CANARY_PHONE, stop(1));
    expect(result).toEqual({ changed: true, attempts: 6 });
    expect(await ledgerWith(store).status(CANARY_PHONE, MG)).toMatchObject({ optedOut: true });
  });

  test('retries transient store errors with backoff', async () => {
    const store = new MemoryStore();
    store.failures.push(new StoreError(true, 20429), new StoreError(true, 503));
    const result = await ledgerWith(store).apply(CANARY_PHONE, stop(1));
    expect(result.changed).toBe(true);
    expect(result.attempts).toBe(3);
  });

  test('a permanent store error fails at once with its code', async () => {
    const store = new MemoryStore();
    store.failures.push(new StoreError(false, 20003));
    await expect(ledgerWith(store).apply(CANARY_PHONE, stop(1))).rejects.toMatchObject({ name: 'LedgerWriteError', code: 20003, attempts: 1 });
  });

  test('gives up when the time budget is spent, never reporting success', async () => {
    const store = new MemoryStore();
    for (let i = 0; i < 500; i += 1) store.failures.push(new StoreError(true, 503));
    const err = await ledgerWith(store, 2000).apply(CANARY_PHONE, stop(1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LedgerWriteError);
    expect((err as LedgerWriteError).code).toBe(503);
    expect(store.writes).toBe(0);
  });

  test('the error message carries no number', async () => {
    const store = new MemoryStore();
    store.failures.push(new StoreError(false, 20404));
    const err = (await ledgerWith(store).apply(CANARY_PHONE, stop(1)).catch((e: unknown) => e)) as Error;
    expect(`${err.message} ${err.stack ?? ''}`).not.toContain(CANARY_PHONE);
  });
});

describe('isOptedOut gate', () => {
  test('reads the effective state', async () => {
    const store = new MemoryStore();
    const ledger = ledgerWith(store);
    expect(await isOptedOut(ledger, CANARY_PHONE, MG)).toBe(false);
    await ledger.apply(CANARY_PHONE, stop(1));
    expect(await isOptedOut(ledger, CANARY_PHONE, MG)).toBe(true);
  });

  test('fails closed: an unreadable ledger counts as opted out, logged without PHI', async () => {
    const store = new MemoryStore();
    store.failures.push(new StoreError(true, 503));
    const lines: string[] = [];
    const log = { warn: (event: string, fields?: Record<string, string | number>) => lines.push(JSON.stringify({ event, ...fields })) };
    expect(await isOptedOut(ledgerWith(store), CANARY_PHONE, MG, log)).toBe(true);
    expect(lines).toEqual([JSON.stringify({ event: 'ledger.unreadable_blocking_send', errorCode: 503 })]);
  });
});
