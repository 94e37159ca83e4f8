/**
 * The opt-out ledger's data model and its pure state logic. One record per patient number (keyed
 * by an HMAC of the number, never the number), holding the last change for "all senders"
 * (STOPALL) and per sender (a Messaging Service SID or the clinic number that received the STOP).
 */

export type OptState = 'opted_out' | 'opted_in';
export type ChangeVia = 'keyword' | 'staff' | 'carrier';

/** Staff-recorded revocations carry one of these codes, never free text. */
export const STAFF_REASON_CODES = [
  'patient_phone_request',
  'patient_in_person_request',
  'patient_written_request',
  'carrier_report',
  'data_correction',
] as const;
export type StaffReasonCode = (typeof STAFF_REASON_CODES)[number];

export interface ScopeEntry {
  state: OptState;
  /** When the latest event for this scope was received (epoch ms): the ordering key, so a late retry never undoes a newer event. */
  at: number;
  /** When the state last actually changed (epoch ms); repeated STOPs move `at` but not `since`. */
  since: number;
  /** The MessageSid of the event that last changed the state. */
  messageSid: string | null;
  via: ChangeVia;
  reason?: StaffReasonCode;
}

export interface LedgerRecord {
  v: 1;
  all?: ScopeEntry;
  senders: Record<string, ScopeEntry>;
}

export type Scope = { kind: 'all' } | { kind: 'sender'; sender: string };

export interface Change {
  scope: Scope;
  state: OptState;
  at: number;
  messageSid: string | null;
  via: ChangeVia;
  reason?: StaffReasonCode;
}

export interface EffectiveState {
  optedOut: boolean;
  /** Which entry decided it: the sender's own, the all-senders one, or none (never opted out). */
  scope: 'sender' | 'all' | 'none';
  changedAt: string | null;
}

export function emptyRecord(): LedgerRecord {
  return { v: 1, senders: {} };
}

function newer(a: ScopeEntry | undefined, b: ScopeEntry | undefined): ScopeEntry | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.at > a.at ? b : a;
}

/** The state that applies to one sender: the most recent of its own entry and the all-senders entry. */
export function effectiveState(record: LedgerRecord | null, sender: string | null): EffectiveState {
  if (!record) return { optedOut: false, scope: 'none', changedAt: null };
  const own = sender !== null ? record.senders[sender] : undefined;
  const winner = newer(record.all, own);
  if (!winner) return { optedOut: false, scope: 'none', changedAt: null };
  return {
    optedOut: winner.state === 'opted_out',
    scope: winner === own ? 'sender' : 'all',
    changedAt: new Date(winner.since).toISOString(),
  };
}

/** True when no sender can currently reach the number. */
export function optedOutEverywhere(record: LedgerRecord | null): boolean {
  if (!record?.all || record.all.state !== 'opted_out') return false;
  const allAt = record.all.at;
  return Object.values(record.senders).every((e) => e.state === 'opted_out' || e.at < allAt);
}

function entryOf(change: Change, existing: ScopeEntry | undefined): ScopeEntry {
  if (existing && existing.state === change.state) return { ...existing, at: change.at };
  return {
    state: change.state,
    at: change.at,
    since: change.at,
    messageSid: change.messageSid,
    via: change.via,
    ...(change.reason ? { reason: change.reason } : {}),
  };
}

export interface ApplyResult {
  /** The record to store, or null when the change is stale and nothing needs writing. */
  next: LedgerRecord | null;
  /** Whether the patient-visible state changed (and so deserves exactly one confirmation). */
  changed: boolean;
}

/**
 * Applies a change. A change older than the entry it would replace is stale and ignored, so the
 * final state always follows the latest received event whatever order the writes land in.
 */
export function applyChange(current: LedgerRecord | null, change: Change): ApplyResult {
  const base = current ?? emptyRecord();
  const existing = change.scope.kind === 'all' ? base.all : base.senders[change.scope.sender];
  if (existing && existing.at > change.at) return { next: null, changed: false };

  const next: LedgerRecord = { v: 1, senders: { ...base.senders }, ...(base.all ? { all: base.all } : {}) };
  if (change.scope.kind === 'all') next.all = entryOf(change, existing);
  else next.senders[change.scope.sender] = entryOf(change, existing);

  let changed: boolean;
  if (change.scope.kind === 'all') {
    changed = change.state === 'opted_out' ? !optedOutEverywhere(current) : optedOutEverywhere(current);
  } else {
    const sender = change.scope.sender;
    changed = effectiveState(current, sender).optedOut !== effectiveState(next, sender).optedOut;
  }
  // Even an unchanged state is written when newer: its `at` must move, or an older event
  // arriving later (a retry, a slow webhook) could overturn it.
  return { next, changed };
}
