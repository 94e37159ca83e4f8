import { applyChange, effectiveState, optedOutEverywhere, type Change, type LedgerRecord } from '../../src/ledger/record';

const MG_A = `MG${'a'.repeat(32)}`;
const MG_B = `MG${'b'.repeat(32)}`;

function change(at: number, state: Change['state'], sender: string | null): Change {
  return { scope: sender === null ? { kind: 'all' } : { kind: 'sender', sender }, state, at, messageSid: null, via: 'keyword' };
}

function run(changes: Change[]): { record: LedgerRecord | null; changed: boolean[] } {
  let record: LedgerRecord | null = null;
  const changed: boolean[] = [];
  for (const c of changes) {
    const r = applyChange(record, c);
    changed.push(r.changed);
    if (r.next) record = r.next;
  }
  return { record, changed };
}

describe('ledger record logic', () => {
  test('no record means not opted out', () => {
    expect(effectiveState(null, MG_A)).toEqual({ optedOut: false, scope: 'none', changedAt: null });
  });

  test('STOP scopes to the sender that received it', () => {
    const { record } = run([change(1000, 'opted_out', MG_A)]);
    expect(effectiveState(record, MG_A)).toMatchObject({ optedOut: true, scope: 'sender' });
    expect(effectiveState(record, MG_B).optedOut).toBe(false);
  });

  test('STOPALL opts out of every sender; START then reopens only its own sender', () => {
    const { record } = run([change(1000, 'opted_out', null), change(2000, 'opted_in', MG_A)]);
    expect(effectiveState(record, MG_A).optedOut).toBe(false);
    expect(effectiveState(record, MG_B)).toMatchObject({ optedOut: true, scope: 'all' });
  });

  test('a repeated STOP is not a state change, but moves the ordering time', () => {
    const { record, changed } = run([change(1000, 'opted_out', MG_A), change(3000, 'opted_out', MG_A)]);
    expect(changed).toEqual([true, false]);
    expect(record?.senders[MG_A]).toMatchObject({ at: 3000, since: 1000 });
    // An older START arriving late must not undo the newer STOP.
    const late = applyChange(record, change(2000, 'opted_in', MG_A));
    expect(late).toEqual({ next: null, changed: false });
  });

  test('stale changes are ignored whatever order they land in', () => {
    const events = [change(1, 'opted_out', MG_A), change(2, 'opted_in', MG_A), change(3, 'opted_out', MG_A), change(4, 'opted_in', MG_A)];
    const reversed = run([...events].reverse());
    expect(effectiveState(reversed.record, MG_A).optedOut).toBe(false);
    expect(reversed.changed).toEqual([false, false, false, false]);
  });

  test('STOPALL is a change unless every sender is already opted out', () => {
    const first = run([change(1000, 'opted_out', MG_A), change(2000, 'opted_out', null)]);
    expect(first.changed).toEqual([true, true]);
    expect(optedOutEverywhere(first.record)).toBe(true);
    const again = applyChange(first.record, change(3000, 'opted_out', null));
    expect(again.changed).toBe(false);
  });

  test('STOP after STOPALL on the same sender sends no second confirmation', () => {
    const { changed } = run([change(1000, 'opted_out', null), change(2000, 'opted_out', MG_A)]);
    expect(changed).toEqual([true, false]);
  });

  test('changedAt is the time the state changed, as ISO 8601', () => {
    const { record } = run([change(Date.UTC(2026, 0, 2), 'opted_out', MG_A)]);
    expect(effectiveState(record, MG_A).changedAt).toBe('2026-01-02T00:00:00.000Z');
  });
});
