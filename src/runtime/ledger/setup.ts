/**
 * `optout init`: sets a ledger up. For Sync, every shard map is created first, then the identity is
 * written (create-if-absent), so a set-up ledger with a missing shard map is known to be damaged
 * (see sync-store.ts). Run again on a set-up ledger it re-creates missing shard maps and says which:
 * opt-outs a deleted map held are gone and must be restored by staff.
 */
import type { Twilio } from 'twilio';
import { createLedgerStore, expectedIdentity, identityStore, type LedgerSettings } from './factory';
import { IDENTITY_KEY, identityProblem, initIdentity, type InitOutcome } from './identity';
import { SyncLedgerStore } from './sync-store';

export type SetUpOutcome = InitOutcome & { createdMaps: string[] };

export async function setUpLedger(
  settings: LedgerSettings,
  secret: string,
  getTwilioClient: () => Twilio,
  now: number,
): Promise<SetUpOutcome> {
  const expected = expectedIdentity(settings, secret);
  const { store } = identityStore(settings, getTwilioClient);
  const existing = await store.read(IDENTITY_KEY);
  const problem = existing === null ? null : identityProblem(existing.value, expected);
  // Never touch the maps of a ledger that is not this configuration's.
  if (problem !== null) return { kind: 'conflict', problem, createdMaps: [] };
  const records = createLedgerStore(settings, getTwilioClient);
  const createdMaps = records instanceof SyncLedgerStore ? await records.createShardMaps() : [];
  return { ...(await initIdentity(store, expected, now)), createdMaps };
}
