/**
 * STATE_SHARDS: the per-number reminder records spread over `reminders-pending-{shard}` maps, the
 * layout recorded on first use and checked once per container; a changed shard count, or sharding
 * switched on over records in the single map, fails closed instead of losing sight of records.
 */
import { COLLECTIONS, openState } from '../../src/runtime/state/factory';
import { clearLayoutCache, StateLayoutError } from '../../src/runtime/state/layout';
import { SyncKv } from '../../src/runtime/state/sync-kv';
import { fakeTwilioClient, startFakeTwilio, type FakeTwilio } from '../fake-twilio';

let fake: FakeTwilio;
let serviceSid: string;

beforeEach(async () => {
  clearLayoutCache();
  fake = await startFakeTwilio({ seed: 3 });
  serviceSid = fake.sync.createService('state');
});

afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

const kvWith = (shards: number) =>
  openState({ state: { backend: 'sync', serviceSid, shards } }, () => fakeTwilioClient(fake)).kv<{ n: number }>(
    COLLECTIONS.remindersPending,
  );
const key = (i: number): string => i.toString(16).padStart(8, '0').padEnd(64, '0');

test('records spread over the shard maps; the layout is recorded once and checked once per container', async () => {
  const kv = kvWith(4);
  for (let i = 0; i < 16; i += 1) expect(await kv.write(key(i), { n: i }, null)).toBe('ok');
  for (let shard = 0; shard < 4; shard += 1)
    expect(fake.sync.listItems(serviceSid, `reminders-pending-${shard}`).length).toBeGreaterThan(0);
  expect(fake.sync.listItems(serviceSid, 'reminders-pending')).toEqual([]);
  expect(fake.sync.getItem(serviceSid, 'reminders-pending-meta', 'layout')?.data).toEqual({ v: 1, shards: 4 });
  expect((await kv.read(key(1)))?.value).toEqual({ n: 1 });
  const before = fake.stats.requests;
  await kv.read(key(0));
  expect(fake.stats.requests - before).toBe(1);
});

test('a different STATE_SHARDS than recorded fails closed (no read, no write)', async () => {
  await kvWith(4).write(key(1), { n: 1 }, null);
  clearLayoutCache();
  await expect(kvWith(8).read(key(1))).rejects.toEqual(new StateLayoutError('layout'));
  await expect(kvWith(1).write(key(2), { n: 2 }, null)).rejects.toBeInstanceOf(StateLayoutError);
});

test('switching sharding on while the single map holds records (a deployment from before layouts were recorded) fails closed', async () => {
  await new SyncKv<{ n: number }>(fakeTwilioClient(fake), serviceSid, () => 'reminders-pending').write(key(1), { n: 1 }, null);
  await expect(kvWith(16).read(key(1))).rejects.toEqual(new StateLayoutError('unsharded_records'));
  // Kept at one shard, the same deployment upgrades in place: its records stay where they are.
  expect((await kvWith(1).read(key(1)))?.value).toEqual({ n: 1 });
  expect(fake.sync.getItem(serviceSid, 'reminders-pending-meta', 'layout')?.data).toEqual({ v: 1, shards: 1 });
});

test('sharding switched on over an empty single map is recorded and used', async () => {
  expect(await kvWith(16).write(key(7), { n: 7 }, null)).toBe('ok');
  expect(fake.sync.getItem(serviceSid, 'reminders-pending-meta', 'layout')?.data).toEqual({ v: 1, shards: 16 });
});
