import { LedgerIdentityError, type IdentityGuard } from '../../src/runtime/ledger/identity';
import { isOptedOut, LedgerWriteError, OptOutLedger, sendGate } from '../../src/runtime/ledger/ledger';
import { ledgerKey } from '../../src/runtime/ledger/key';
import type { LedgerRecord } from '../../src/runtime/ledger/record';
import { StoreError } from '../../src/runtime/ledger/store';
import { CANARY_PHONE, findCanary } from '../helpers/canary';
import { UNCHECKED_IDENTITY } from '../helpers/ledger-identity';
import { MemoryStore } from '../helpers/memory-store';

const SECRET = 's'.repeat(40);
const MG = `MG${'a'.repeat(32)}`;

function fakeClock(): { now: () => number; sleep: (ms: number) => Promise<void> } {
  let t = 1_000_000;
  return {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
  };
}

function ledgerWith(
  store: MemoryStore,
  budgetMs = 8000,
  identity: IdentityGuard = UNCHECKED_IDENTITY,
  pools: ConstructorParameters<typeof OptOutLedger>[4] = [],
): OptOutLedger {
  return new OptOutLedger(store, SECRET, { budgetMs, ...fakeClock(), random: () => 0.5 }, identity, pools);
}

const stop = (at: number, messageSid: string | null = null, senders: string[] = [MG]) => ({
  scope: { kind: 'senders' as const, senders },
  state: 'opted_out' as const,
  at,
  messageSid,
  via: 'keyword' as const,
});
const SM1 = `SM${'1'.repeat(32)}`;
const NUMBER = '+15555550100';

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
    expect(result).toMatchObject({ changed: true, replay: false, attempts: 6 });
    expect(result.record?.senders[MG]).toMatchObject({ state: 'opted_out', seq: 1 });
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
    await expect(ledgerWith(store).apply(CANARY_PHONE, stop(1))).rejects.toMatchObject({
      name: 'LedgerWriteError',
      code: 20003,
      attempts: 1,
    });
  });

  test('gives up when the time budget is spent, never reporting success', async () => {
    const store = new MemoryStore();
    for (let i = 0; i < 500; i += 1) store.failures.push(new StoreError(true, 503));
    const err = await ledgerWith(store, 2000)
      .apply(CANARY_PHONE, stop(1))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LedgerWriteError);
    expect((err as LedgerWriteError).code).toBe(503);
    expect(store.writes).toBe(0);
  });

  test('a replayed MessageSid writes nothing and says so', async () => {
    const store = new MemoryStore();
    const ledger = ledgerWith(store);
    const first = await ledger.apply(CANARY_PHONE, stop(1, SM1));
    expect(first).toMatchObject({ changed: true, replay: false });
    const again = await ledger.apply(CANARY_PHONE, stop(1, SM1));
    expect(again).toMatchObject({ changed: false, replay: true, attempts: 1 });
    expect(again.record).toEqual(first.record);
    expect(store.writes).toBe(1);
  });

  test('a veto (`when`) writes nothing and returns the record as found', async () => {
    const store = new MemoryStore();
    const ledger = ledgerWith(store);
    await ledger.apply(CANARY_PHONE, stop(1));
    const vetoed = await ledger.apply(CANARY_PHONE, { ...stop(2), state: 'opted_in' }, () => false);
    expect(vetoed).toMatchObject({ changed: false, replay: false });
    expect(vetoed.record?.senders[MG]?.state).toBe('opted_out');
    expect(store.writes).toBe(1);
  });

  test('status takes one sender, several, or none (all-senders only)', async () => {
    const ledger = ledgerWith(new MemoryStore());
    await ledger.apply(CANARY_PHONE, stop(1, null, [NUMBER]));
    expect(await ledger.status(CANARY_PHONE, NUMBER)).toMatchObject({ optedOut: true, scope: 'sender' });
    expect(await ledger.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: false });
    expect(await ledger.status(CANARY_PHONE, [MG, NUMBER])).toMatchObject({ optedOut: true });
    expect(await ledger.status(CANARY_PHONE, null)).toMatchObject({ optedOut: false });
    await ledger.apply(CANARY_PHONE, {
      scope: { kind: 'all' },
      state: 'opted_out',
      at: 2,
      messageSid: null,
      via: 'staff',
      reason: 'patient_phone_request',
    });
    expect(await ledger.status(CANARY_PHONE, null)).toMatchObject({ optedOut: true, scope: 'all' });
  });

  test('a send through a Messaging Service is blocked by an opt-out of a number in its pool, and vice versa', async () => {
    const pools = [{ messagingServiceSid: MG, numbers: [NUMBER] }];
    const ledger = ledgerWith(new MemoryStore(), 8000, UNCHECKED_IDENTITY, pools);
    await ledger.apply(CANARY_PHONE, stop(1, null, [NUMBER]));
    expect(await ledger.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: true });
    const other = ledgerWith(new MemoryStore(), 8000, UNCHECKED_IDENTITY, pools);
    await other.apply(CANARY_PHONE, stop(1));
    expect(await other.status(CANARY_PHONE, NUMBER)).toMatchObject({ optedOut: true });
  });

  test('a stored version-1 record is upgraded on read and on write', async () => {
    const store = new MemoryStore();
    const ledger = ledgerWith(store);
    const v1 = {
      v: 1,
      senders: { [MG]: { state: 'opted_out', at: 5, since: 5, messageSid: null, via: 'keyword' } },
    } as unknown as LedgerRecord;
    await store.write(ledger.keyFor(CANARY_PHONE), v1, null);
    expect(await ledger.read(CANARY_PHONE)).toMatchObject({ v: 2, seq: 1, senders: { [MG]: { state: 'opted_out', seq: 1 } } });
    expect(await ledger.status(CANARY_PHONE, MG)).toMatchObject({ optedOut: true });
    const start = await ledger.apply(CANARY_PHONE, { ...stop(1, SM1), state: 'opted_in' });
    expect(start.changed).toBe(true);
    expect(store.data.get(ledger.keyFor(CANARY_PHONE))?.record).toMatchObject({ v: 2, seq: 2, seen: { [SM1]: 2 } });
  });

  test('a store failure is a LedgerWriteError (never a silent success) whose message, stack and fields carry no number', async () => {
    // Issue 15: this test used to pass when apply() did not throw at all (it read `.message` of the
    // result). It now requires the rejection first, then looks for the number in any format.
    const store = new MemoryStore();
    store.failures.push(new StoreError(false, 20404));
    const err: unknown = await ledgerWith(store)
      .apply(CANARY_PHONE, stop(1))
      .then(
        () => 'resolved',
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(LedgerWriteError);
    expect(err).toMatchObject({ code: 20404 });
    const e = err as LedgerWriteError;
    expect(findCanary(`${e.message} ${e.stack ?? ''} ${JSON.stringify(e)}`)).toBeUndefined();
    expect(store.writes).toBe(0);
  });
});

describe('isOptedOut gate', () => {
  test('reads the effective state', async () => {
    const store = new MemoryStore();
    const ledger = ledgerWith(store);
    expect(await isOptedOut(ledger, CANARY_PHONE, MG)).toBe(false);
    expect(await sendGate(ledger, CANARY_PHONE, MG)).toBe('sendable');
    await ledger.apply(CANARY_PHONE, stop(1));
    expect(await isOptedOut(ledger, CANARY_PHONE, MG)).toBe(true);
    expect(await sendGate(ledger, CANARY_PHONE, MG)).toBe('opted_out');
  });

  test('fails closed: an unreadable ledger (still failing after two retries) counts as opted out, logged without PHI', async () => {
    const store = new MemoryStore();
    const down = (): void => {
      for (let i = 0; i < 3; i += 1) store.failures.push(new StoreError(true, 503));
    };
    down();
    const lines: string[] = [];
    const log = { warn: (event: string, fields?: Record<string, string | number>) => lines.push(JSON.stringify({ event, ...fields })) };
    expect(await isOptedOut(ledgerWith(store), CANARY_PHONE, MG, log)).toBe(true);
    down();
    expect(await sendGate(ledgerWith(store), CANARY_PHONE, MG)).toBe('unreadable');
    expect(lines).toEqual([JSON.stringify({ event: 'ledger.unreadable_blocking_send', errorCode: 503 })]);
  });
});

test('a read refused for its rate (Sync 429 / 54009) is retried: the gate answers from the record', async () => {
  const store = new MemoryStore();
  const ledger = ledgerWith(store);
  await ledger.apply(CANARY_PHONE, stop(1));
  store.failures.push(new StoreError(true, 54009), new StoreError(true, 54009));
  expect(await sendGate(ledger, CANARY_PHONE, MG)).toBe('opted_out');
  expect(store.failures).toEqual([]);
  // A permanent error is not retried.
  store.failures.push(new StoreError(false, 20403), new StoreError(false, 20403));
  expect(await sendGate(ledger, CANARY_PHONE, MG)).toBe('unreadable');
  expect(store.failures).toHaveLength(1);
});

describe('the identity guard', () => {
  const failing = (problem: 'missing' | 'secret'): IdentityGuard & { calls: number } => {
    const guard = {
      calls: 0,
      verify: async () => {
        guard.calls += 1;
        throw new LedgerIdentityError(problem);
      },
    };
    return guard;
  };

  test('is verified before any read: a missing identity makes the ledger unreadable, even with no record', async () => {
    const store = new MemoryStore();
    const guard = failing('missing');
    const ledger = ledgerWith(store, 8000, guard);
    await expect(ledger.read(CANARY_PHONE)).rejects.toMatchObject({ name: 'LedgerIdentityError', problem: 'missing' });
    await expect(ledger.status(CANARY_PHONE, MG)).rejects.toBeInstanceOf(LedgerIdentityError);
    expect(guard.calls).toBe(2);
  });

  test('a write to a ledger that fails its identity check is a LedgerWriteError, and nothing is stored', async () => {
    const store = new MemoryStore();
    const ledger = ledgerWith(store, 8000, failing('secret'));
    await expect(ledger.apply(CANARY_PHONE, stop(1))).rejects.toBeInstanceOf(LedgerWriteError);
    expect(store.writes).toBe(0);
  });

  test('the gate fails closed on it: unreadable, logged with the problem and no number', async () => {
    const lines: string[] = [];
    const log = { warn: (event: string, fields?: Record<string, string | number>) => lines.push(JSON.stringify({ event, ...fields })) };
    const ledger = ledgerWith(new MemoryStore(), 8000, failing('secret'));
    expect(await sendGate(ledger, CANARY_PHONE, MG, log)).toBe('unreadable');
    expect(await isOptedOut(ledger, CANARY_PHONE, MG)).toBe(true);
    expect(lines[0]).toBe(JSON.stringify({ event: 'ledger.identity_unverified', status: 'secret' }));
    expect(lines.join()).not.toContain(CANARY_PHONE.slice(2));
  });
});
