/**
 * What `optout migrate` moves besides the ledger when the secret changes: queued consent jobs
 * (their ledger and pending keys, and the secret fingerprint they carry) and pending-reminder
 * records (keyed by an HMAC of the number). Runs while the ledger is frozen; any job it cannot
 * re-key aborts the migration (the old ledger is put back), so no job is left keyed for nothing.
 */
import type { ConsentJob, ConsentJobEntry } from '../../runtime/consent/jobs';
import { secretFingerprint } from '../../runtime/ledger/identity';
import { stateKey } from '../../runtime/ledger/key';
import { MigrateError } from '../../runtime/ledger/migrate';
import type { PendingRecord } from '../../runtime/reminders/pending';
import type { KvStore } from '../../runtime/state/kv';
import type { QueueStore } from '../../runtime/state/queue';

export interface RekeyStores {
  jobs: QueueStore<ConsentJobEntry>;
  pending: KvStore<PendingRecord>;
}

/** More queued jobs than this (one Sync page) and the migration is refused: drain the queue (`/events/flush`) first. */
export const MAX_QUEUED_JOBS = 99;
/** Moved pending records keep at least this long (they hold reminders up to 35 days ahead). */
const PENDING_TTL_S = 40 * 86_400;

export interface RekeyCounts {
  jobs: number;
  pending: number;
}

export async function rekeyState(
  stores: RekeyStores,
  ledgerMap: Map<string, string>,
  numbers: readonly string[],
  oldSecret: string,
  newSecret: string,
): Promise<RekeyCounts> {
  const pendingMap = new Map(numbers.map((n) => [stateKey(oldSecret, 'pending', n), stateKey(newSecret, 'pending', n)]));
  const oldFp = secretFingerprint(oldSecret);
  const newFp = secretFingerprint(newSecret);
  const items = await stores.jobs.head(MAX_QUEUED_JOBS + 1);
  if (items.length > MAX_QUEUED_JOBS) throw new MigrateError('state_changed', items.length);
  let jobs = 0;
  for (const item of items) {
    const job = item.value.job;
    let next: ConsentJob;
    if (job.kind === 'cancel') {
      next = { ...job, pendingKey: pendingMap.get(job.pendingKey) ?? job.pendingKey };
    } else {
      if (job.keyFp === newFp) continue;
      const ledgerKey = ledgerMap.get(job.ledgerKey);
      const pendingKey = pendingMap.get(job.pendingKey);
      if (job.keyFp !== oldFp || ledgerKey === undefined || pendingKey === undefined) throw new MigrateError('records_unmatched', 1);
      next = { ...job, ledgerKey, pendingKey, keyFp: newFp };
    }
    if ((await stores.jobs.update(item.index, { ...item.value, job: next }, item.revision)) !== 'ok')
      throw new MigrateError('state_changed');
    jobs += 1;
  }
  let pending = 0;
  for (const [oldKey, newKey] of pendingMap) {
    const found = await stores.pending.read(oldKey);
    if (!found) continue;
    const existing = await stores.pending.read(newKey);
    if ((await stores.pending.write(newKey, found.value, existing?.revision ?? null, { ttlSeconds: PENDING_TTL_S })) !== 'ok')
      throw new MigrateError('state_changed');
    pending += 1;
  }
  return { jobs, pending };
}
