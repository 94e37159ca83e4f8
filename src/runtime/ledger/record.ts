/**
 * The opt-out ledger's data model and its pure state logic. One record per patient number (keyed
 * by an HMAC of the number, never the number), holding the last change for "all senders"
 * (STOPALL) and per sender (a Messaging Service SID or a clinic number).
 *
 * Ordering never trusts a clock: every change gets the record's next sequence number, so the
 * compare-and-swap write decides arrival order. A change carrying a MessageSid that was already
 * applied (a retry, a fallback call, a duplicate delivery) is a replay and changes nothing. An
 * opt-out is never discarded as stale. Times (`at`, `since`) are kept for people, not for order.
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
  /** The record's sequence number when this entry was last written: the only ordering key. */
  seq: number;
  /** When the latest event for this scope was recorded (epoch ms, the recorder's clock; display only). */
  at: number;
  /** When the state last actually changed (epoch ms; display only). */
  since: number;
  /** The MessageSid of the event that last changed the state. */
  messageSid: string | null;
  via: ChangeVia;
  reason?: StaffReasonCode;
}

export interface LedgerRecord {
  v: 2;
  /** The last sequence number handed out in this record. */
  seq: number;
  all?: ScopeEntry;
  senders: Record<string, ScopeEntry>;
  /** MessageSids already applied (→ the record's sequence number then), so a replay never changes state. */
  seen: Record<string, number>;
}

/** The version-1 record (ordered by the recorder's clock), upgraded on read. */
interface LedgerRecordV1 {
  v: 1;
  all?: Omit<ScopeEntry, 'seq'>;
  senders: Record<string, Omit<ScopeEntry, 'seq'>>;
}

/** `all`: STOPALL and staff `--all`; `senders`: every sender scope the event covers (see scopes.ts). */
export type Scope = { kind: 'all' } | { kind: 'senders'; senders: readonly string[] };

export interface Change {
  scope: Scope;
  state: OptState;
  /** When it was recorded (display only; never used for ordering). */
  at: number;
  messageSid: string | null;
  via: ChangeVia;
  reason?: StaffReasonCode;
}

export interface EffectiveState {
  optedOut: boolean;
  /** Which entry decided it: a sender's own, the all-senders one, or none (never opted out). */
  scope: 'sender' | 'all' | 'none';
  changedAt: string | null;
}

/**
 * The last this many keyword MessageSids are remembered per number (a Sync item holds 16 KiB):
 * pruned by sequence, never by a clock, so a machine with a wrong clock cannot make the ledger
 * forget. Twilio's retries and fallback calls come within minutes, long before 100 newer keywords.
 */
export const SEEN_MAX = 100;

export function emptyRecord(): LedgerRecord {
  return { v: 2, seq: 0, senders: {}, seen: {} };
}

/** Upgrades a stored record to the current version (v1 entries are ordered by their old times once). */
export function upgradeRecord(stored: LedgerRecord | LedgerRecordV1 | null): LedgerRecord | null {
  if (stored === null) return null;
  if (stored.v === 2) return stored;
  const entries: { scope: string | null; entry: Omit<ScopeEntry, 'seq'> }[] = [];
  if (stored.all) entries.push({ scope: null, entry: stored.all });
  for (const [sender, entry] of Object.entries(stored.senders)) entries.push({ scope: sender, entry });
  entries.sort((a, b) => a.entry.at - b.entry.at);
  const out = emptyRecord();
  entries.forEach(({ scope, entry }, i) => {
    const upgraded: ScopeEntry = { ...entry, seq: i + 1 };
    if (scope === null) out.all = upgraded;
    else out.senders[scope] = upgraded;
  });
  out.seq = entries.length;
  return out;
}

function newer(a: ScopeEntry | undefined, b: ScopeEntry | undefined): ScopeEntry | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.seq > a.seq ? b : a;
}

/** The entry deciding one sender: the more recent (by sequence) of its own and the all-senders one. */
function decidingEntry(record: LedgerRecord, sender: string | null): { entry: ScopeEntry; own: boolean } | null {
  const own = sender !== null ? record.senders[sender] : undefined;
  const winner = newer(record.all, own);
  return winner ? { entry: winner, own: winner === own } : null;
}

const NOT_OPTED_OUT: EffectiveState = { optedOut: false, scope: 'none', changedAt: null };

/**
 * The state for a send that any of `senders` could carry (the send gate's question): opted out when
 * any of them is. With no sender, only the all-senders entry counts.
 */
export function effectiveFor(stored: LedgerRecord | null, senders: readonly string[]): EffectiveState {
  const record = upgradeRecord(stored);
  if (!record) return NOT_OPTED_OUT;
  const decisions = (senders.length === 0 ? [null] : senders).map((s) => decidingEntry(record, s));
  const out = decisions.find((d) => d?.entry.state === 'opted_out');
  const shown = out ?? decisions.find((d) => d !== null);
  if (!shown) return NOT_OPTED_OUT;
  return {
    optedOut: shown.entry.state === 'opted_out',
    scope: shown.own ? 'sender' : 'all',
    changedAt: new Date(shown.entry.since).toISOString(),
  };
}

/** True when no sender can currently reach the number. */
export function optedOutEverywhere(stored: LedgerRecord | null): boolean {
  const record = upgradeRecord(stored);
  if (!record?.all || record.all.state !== 'opted_out') return false;
  const allSeq = record.all.seq;
  return Object.values(record.senders).every((e) => e.state === 'opted_out' || e.seq < allSeq);
}

/** Every scope with an entry, for support: `all` first, then senders, each with its own state. */
export function scopeStates(stored: LedgerRecord | null): { scope: string; entry: ScopeEntry }[] {
  const record = upgradeRecord(stored);
  if (!record) return [];
  const out: { scope: string; entry: ScopeEntry }[] = [];
  if (record.all) out.push({ scope: 'all', entry: record.all });
  for (const sender of Object.keys(record.senders).sort()) out.push({ scope: sender, entry: record.senders[sender] as ScopeEntry });
  return out;
}

function entryOf(change: Change, existing: ScopeEntry | undefined, seq: number): ScopeEntry {
  if (existing && existing.state === change.state) return { ...existing, seq, at: change.at };
  return {
    state: change.state,
    seq,
    at: change.at,
    since: change.at,
    messageSid: change.messageSid,
    via: change.via,
    ...(change.reason ? { reason: change.reason } : {}),
  };
}

function remember(seen: Record<string, number>, sid: string | null, seq: number): Record<string, number> {
  const kept = Object.entries(seen);
  if (sid !== null) kept.push([sid, seq]);
  kept.sort((a, b) => a[1] - b[1]);
  return Object.fromEntries(kept.slice(-SEEN_MAX));
}

/**
 * Records only that `messageSid` was seen (a keyword that changed nothing, e.g. YES from a number
 * that was not opted out), so a later redelivery of it cannot apply after all. Null when there is
 * nothing to record (no SID, or already seen).
 */
export function rememberOnly(stored: LedgerRecord | null, messageSid: string | null): LedgerRecord | null {
  const base = upgradeRecord(stored) ?? emptyRecord();
  if (messageSid === null || base.seen[messageSid] !== undefined) return null;
  return { ...base, seen: remember(base.seen, messageSid, base.seq) };
}

export interface ApplyResult {
  /** The record to store, or null when nothing needs writing (a replay). */
  next: LedgerRecord | null;
  /** Whether the patient-visible state changed (and so deserves exactly one confirmation). */
  changed: boolean;
  /** The change's MessageSid had been applied already: nothing changed. */
  replay: boolean;
}

/**
 * Applies a change as the newest event (arrival order). A MessageSid already applied is a replay
 * and leaves the record alone. A repeated state is still written, so its sequence moves past any
 * entry it must outrank (e.g. STOP after a staff `clear --all`).
 */
export function applyChange(stored: LedgerRecord | null, change: Change): ApplyResult {
  const current = upgradeRecord(stored);
  const base = current ?? emptyRecord();
  if (change.messageSid !== null && base.seen[change.messageSid] !== undefined) return { next: null, changed: false, replay: true };

  const seq = base.seq + 1;
  const next: LedgerRecord = {
    v: 2,
    seq,
    senders: { ...base.senders },
    seen: remember(base.seen, change.messageSid, seq),
    ...(base.all ? { all: base.all } : {}),
  };
  let changed: boolean;
  if (change.scope.kind === 'all') {
    next.all = entryOf(change, base.all, seq);
    changed = change.state === 'opted_out' ? !optedOutEverywhere(current) : optedOutEverywhere(current);
  } else {
    for (const sender of change.scope.senders) next.senders[sender] = entryOf(change, base.senders[sender], seq);
    changed = effectiveFor(current, change.scope.senders).optedOut !== effectiveFor(next, change.scope.senders).optedOut;
  }
  return { next, changed, replay: false };
}
