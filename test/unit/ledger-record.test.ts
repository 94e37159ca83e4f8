import {
  applyChange,
  effectiveFor,
  optedOutEverywhere,
  scopeStates,
  SEEN_MAX,
  upgradeRecord,
  type Change,
  type LedgerRecord,
} from '../../src/runtime/ledger/record';

const MG_A = `MG${'a'.repeat(32)}`;
const MG_B = `MG${'b'.repeat(32)}`;
const NUM = '+15555550100';
const HOUR = 3_600_000;

const sid = (n: number): string => `SM${n.toString(16).padStart(32, '0')}`;

/** A change for one sender (or all senders with `null`), optionally carrying a MessageSid. */
function change(
  at: number,
  state: Change['state'],
  sender: string | string[] | null,
  messageSid: string | null = null,
  via: Change['via'] = 'keyword',
): Change {
  const scope: Change['scope'] =
    sender === null ? { kind: 'all' } : { kind: 'senders', senders: typeof sender === 'string' ? [sender] : sender };
  return { scope, state, at, messageSid, via };
}

function run(changes: Change[], start: LedgerRecord | null = null): { record: LedgerRecord | null; changed: boolean[]; replay: boolean[] } {
  let record = start;
  const changed: boolean[] = [];
  const replay: boolean[] = [];
  for (const c of changes) {
    const r = applyChange(record, c);
    changed.push(r.changed);
    replay.push(r.replay);
    if (r.next) record = r.next;
  }
  return { record, changed, replay };
}

describe('ledger record logic', () => {
  test('no record means not opted out', () => {
    expect(effectiveFor(null, [MG_A])).toEqual({ optedOut: false, scope: 'none', changedAt: null });
    expect(effectiveFor(null, [])).toEqual({ optedOut: false, scope: 'none', changedAt: null });
  });

  test('STOP scopes to the sender that received it', () => {
    const { record } = run([change(1000, 'opted_out', MG_A)]);
    expect(effectiveFor(record, [MG_A])).toMatchObject({ optedOut: true, scope: 'sender' });
    expect(effectiveFor(record, [MG_B]).optedOut).toBe(false);
    // With no sender named, only the all-senders entry counts.
    expect(effectiveFor(record, []).optedOut).toBe(false);
  });

  test('a change for several senders records every one of them, under one sequence number', () => {
    const { record, changed } = run([change(1000, 'opted_out', [MG_A, NUM], sid(1))]);
    expect(changed).toEqual([true]);
    expect(record?.seq).toBe(1);
    expect(record?.senders[MG_A]).toMatchObject({ state: 'opted_out', seq: 1, messageSid: sid(1) });
    expect(record?.senders[NUM]).toMatchObject({ state: 'opted_out', seq: 1, messageSid: sid(1) });
    expect(effectiveFor(record, [NUM]).optedOut).toBe(true);
  });

  test('a send any of several senders could carry is blocked when any of them is opted out', () => {
    const { record } = run([change(1000, 'opted_out', NUM)]);
    expect(effectiveFor(record, [MG_A]).optedOut).toBe(false);
    expect(effectiveFor(record, [MG_A, NUM])).toMatchObject({ optedOut: true, scope: 'sender' });
  });

  test('STOPALL opts out of every sender; START then reopens only its own sender', () => {
    const { record } = run([change(1000, 'opted_out', null), change(2000, 'opted_in', MG_A)]);
    expect(effectiveFor(record, [MG_A]).optedOut).toBe(false);
    expect(effectiveFor(record, [MG_B])).toMatchObject({ optedOut: true, scope: 'all' });
    expect(effectiveFor(record, [MG_A, MG_B]).optedOut).toBe(true);
  });

  test('a repeated STOP is not a state change, but moves its sequence number (since stays)', () => {
    const { record, changed } = run([change(1000, 'opted_out', MG_A), change(3000, 'opted_out', MG_A)]);
    expect(changed).toEqual([true, false]);
    expect(record?.senders[MG_A]).toMatchObject({ seq: 2, at: 3000, since: 1000 });
  });

  test('order is arrival order, not the clock: a START stamped earlier but arriving later is applied', () => {
    const { record, changed } = run([change(3000, 'opted_out', MG_A, sid(1)), change(2000, 'opted_in', MG_A, sid(2))]);
    expect(changed).toEqual([true, true]);
    expect(effectiveFor(record, [MG_A]).optedOut).toBe(false);
  });

  test('an opt-out is never discarded as stale: a STOP stamped far in the past still opts out', () => {
    const { record, changed } = run([change(5000, 'opted_in', MG_A, sid(1)), change(1, 'opted_out', MG_A, sid(2))]);
    expect(changed).toEqual([false, true]);
    expect(effectiveFor(record, [MG_A]).optedOut).toBe(true);
  });

  test('events are applied in arrival order whatever their timestamps', () => {
    const events = [
      change(1, 'opted_out', MG_A, sid(1)),
      change(2, 'opted_in', MG_A, sid(2)),
      change(3, 'opted_out', MG_A, sid(3)),
      change(4, 'opted_in', MG_A, sid(4)),
    ];
    const reversed = run([...events].reverse());
    // Arrival: START(4) (nothing to undo), STOP(3), START(2), STOP(1): the last one to arrive wins.
    expect(reversed.changed).toEqual([false, true, true, true]);
    expect(reversed.replay).toEqual([false, false, false, false]);
    expect(effectiveFor(reversed.record, [MG_A]).optedOut).toBe(true);
    expect(reversed.record?.seq).toBe(4);
  });

  test('STOP(SM1), START(SM2), then a replay of SM1: the replay changes nothing (still opted in)', () => {
    const { record, changed, replay } = run([change(1000, 'opted_out', MG_A, sid(1)), change(2000, 'opted_in', MG_A, sid(2))]);
    expect(changed).toEqual([true, true]);
    expect(replay).toEqual([false, false]);
    const again = applyChange(record, change(1000, 'opted_out', MG_A, sid(1)));
    expect(again).toEqual({ next: null, changed: false, replay: true });
    expect(effectiveFor(record, [MG_A]).optedOut).toBe(false);
  });

  test('a replay of START(SM2) after STOP(SM3) leaves the number opted out', () => {
    const { record, changed, replay } = run([
      change(1000, 'opted_out', MG_A, sid(1)),
      change(2000, 'opted_in', MG_A, sid(2)),
      change(3000, 'opted_out', MG_A, sid(3)),
      // A fallback retry of the START, delivered late (its clock even looks newer).
      change(4000, 'opted_in', MG_A, sid(2)),
    ]);
    expect(changed).toEqual([true, true, true, false]);
    expect(replay).toEqual([false, false, false, true]);
    expect(effectiveFor(record, [MG_A])).toMatchObject({ optedOut: true, scope: 'sender' });
    expect(record?.seq).toBe(3);
  });

  test('a replay is recognised whatever scope or state it claims, and is recorded in `seen`', () => {
    const { record } = run([change(1000, 'opted_out', MG_A, sid(7))]);
    expect(record?.seen).toEqual({ [sid(7)]: 1 });
    expect(applyChange(record, change(1000, 'opted_out', null, sid(7)))).toEqual({ next: null, changed: false, replay: true });
  });

  test('changes without a MessageSid (staff) are never replays', () => {
    const { changed, replay } = run([change(1000, 'opted_out', MG_A, null, 'staff'), change(1000, 'opted_out', MG_A, null, 'staff')]);
    expect(replay).toEqual([false, false]);
    expect(changed).toEqual([true, false]);
  });

  test('a staff clear recorded with a clock 1 hour fast, then a genuine STOP: opted out, and a change', () => {
    const now = Date.UTC(2026, 10, 23, 15);
    const { record } = run([change(now - 60_000, 'opted_out', null, null, 'staff')]);
    const clear = applyChange(record, change(now + HOUR, 'opted_in', null, null, 'staff'));
    expect(clear.changed).toBe(true);
    expect(effectiveFor(clear.next, [MG_A]).optedOut).toBe(false);
    const stop = applyChange(clear.next, change(now + 60_000, 'opted_out', MG_A, sid(9)));
    expect(stop).toMatchObject({ changed: true, replay: false });
    expect(effectiveFor(stop.next, [MG_A])).toMatchObject({ optedOut: true, scope: 'sender' });
  });

  test('a STOP after a staff `clear --all` outranks it even when its own state was already opted out', () => {
    // STOP (MG_A), staff clears all, the patient texts STOP again.
    const { record, changed } = run([
      change(1000, 'opted_out', MG_A, sid(1)),
      change(5000, 'opted_out', null, null, 'staff'),
      change(6000, 'opted_in', null, null, 'staff'),
      change(2000, 'opted_out', MG_A, sid(2)),
    ]);
    expect(changed).toEqual([true, true, true, true]);
    expect(effectiveFor(record, [MG_A]).optedOut).toBe(true);
  });

  test('STOPALL is a change unless every sender is already opted out', () => {
    const first = run([change(1000, 'opted_out', MG_A), change(2000, 'opted_out', null)]);
    expect(first.changed).toEqual([true, true]);
    expect(optedOutEverywhere(first.record)).toBe(true);
    const again = applyChange(first.record, change(3000, 'opted_out', null));
    expect(again.changed).toBe(false);
  });

  test('START for one sender after STOPALL: no longer opted out everywhere, so a new STOPALL is a change', () => {
    const { record, changed } = run([change(1000, 'opted_out', null), change(2000, 'opted_in', MG_A), change(3000, 'opted_out', null)]);
    expect(changed).toEqual([true, true, true]);
    expect(optedOutEverywhere(record)).toBe(true);
  });

  test('STOP after STOPALL on the same sender sends no second confirmation', () => {
    const { changed } = run([change(1000, 'opted_out', null), change(2000, 'opted_out', MG_A)]);
    expect(changed).toEqual([true, false]);
  });

  test('changedAt is the time the state changed, as ISO 8601 (display only)', () => {
    const { record } = run([change(Date.UTC(2026, 0, 2), 'opted_out', MG_A), change(Date.UTC(2026, 0, 3), 'opted_out', MG_A)]);
    expect(effectiveFor(record, [MG_A]).changedAt).toBe('2026-01-02T00:00:00.000Z');
  });

  test('scopeStates lists all first, then senders sorted, each with its own state', () => {
    const { record } = run([change(1000, 'opted_out', MG_B), change(2000, 'opted_in', MG_A), change(3000, 'opted_out', null)]);
    expect(scopeStates(record).map(({ scope, entry }) => [scope, entry.state])).toEqual([
      ['all', 'opted_out'],
      [MG_A, 'opted_in'],
      [MG_B, 'opted_out'],
    ]);
    expect(scopeStates(null)).toEqual([]);
  });

  test('`seen` keeps the last SEEN_MAX MessageSids by sequence, never pruned by a clock', () => {
    const START_SID = sid(1);
    const started = run([change(0, 'opted_in', MG_A, START_SID)]);
    // A staff change from a machine whose clock is a year fast must not make the ledger forget.
    const fast = applyChange(started.record, change(365 * 24 * HOUR, 'opted_out', MG_A, null, 'staff'));
    expect(Object.keys(fast.next?.seen ?? {})).toEqual([START_SID]);
    const replayed = applyChange(fast.next, change(1, 'opted_in', MG_A, START_SID));
    expect(replayed).toMatchObject({ next: null, changed: false, replay: true });
    expect(effectiveFor(fast.next, [MG_A]).optedOut).toBe(true);
    const many = run(
      Array.from({ length: SEEN_MAX + 10 }, (_, i) => change(1000 + i, i % 2 === 0 ? 'opted_out' : 'opted_in', MG_A, sid(100 + i))),
    );
    expect(Object.keys(many.record?.seen ?? {})).toHaveLength(SEEN_MAX);
    expect(many.record?.seen[sid(100)]).toBeUndefined();
    expect(many.record?.seen[sid(100 + SEEN_MAX + 9)]).toBe(SEEN_MAX + 10);
  });
});

describe('version-1 records', () => {
  const entry = (state: 'opted_out' | 'opted_in', at: number) => ({ state, at, since: at, messageSid: null, via: 'keyword' as const });

  test('are upgraded on read, ordered once by their old times', () => {
    const v1 = {
      v: 1 as const,
      all: entry('opted_out', 1000),
      senders: { [MG_A]: entry('opted_in', 2000), [MG_B]: entry('opted_out', 500) },
    };
    const up = upgradeRecord(v1 as unknown as LedgerRecord);
    expect(up).toMatchObject({ v: 2, seq: 3, seen: {} });
    expect(up?.senders[MG_B]?.seq).toBe(1);
    expect(up?.all?.seq).toBe(2);
    expect(up?.senders[MG_A]?.seq).toBe(3);
    expect(effectiveFor(up, [MG_A]).optedOut).toBe(false);
    expect(effectiveFor(up, [MG_B])).toMatchObject({ optedOut: true, scope: 'all' });
  });

  test('an empty v1 record reads as never opted out, and a change on it is applied after upgrade', () => {
    const v1 = { v: 1, senders: {} } as unknown as LedgerRecord;
    expect(effectiveFor(v1, [MG_A]).optedOut).toBe(false);
    const r = applyChange(v1, change(1000, 'opted_out', MG_A, sid(1)));
    expect(r.changed).toBe(true);
    expect(r.next).toMatchObject({ v: 2, seq: 1 });
  });

  test('a v2 record and null pass through unchanged', () => {
    const { record } = run([change(1000, 'opted_out', MG_A)]);
    expect(upgradeRecord(record)).toBe(record);
    expect(upgradeRecord(null)).toBeNull();
  });
});
