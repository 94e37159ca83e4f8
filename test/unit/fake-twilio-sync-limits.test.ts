/**
 * The fake's opt-in Sync rate limits (test/fake-twilio/sync-limits.ts): off by default; enabled,
 * each Map or List allows 20 reads/s and 20 writes/s with a 10 s burst, counted per object, and
 * refuses past that with HTTP 429 and Twilio error 54009, which the SDK surfaces as a transient
 * store error.
 */
import { SyncKv } from '../../src/runtime/state/sync-kv';
import { StoreError } from '../../src/runtime/state/kv';
import { fakeTwilioClient, startFakeTwilio, type FakeTwilio } from '../fake-twilio';
import { SYNC_DOCUMENTED_LIMITS } from '../fake-twilio/sync-limits';

let fake: FakeTwilio;
let serviceSid: string;
let t = 0;

beforeEach(async () => {
  fake = await startFakeTwilio({ seed: 5 });
  serviceSid = fake.sync.createService('limits');
  t = 0;
});

afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

const kv = (map: string) => new SyncKv<{ n: number }>(fakeTwilioClient(fake), serviceSid, () => map);

test('off by default: 250 reads of one map in a burst all answer', async () => {
  await kv('m').write('k', { n: 1 }, null);
  for (let i = 0; i < 250; i += 1) expect(await kv('m').read('k')).not.toBeNull();
  expect(fake.syncLimits.stats.refusedReads).toBe(0);
});

test('enabled: the 10 s burst (200 reads) then 429 / 54009; other maps and writes have their own allowance; time refills it', async () => {
  await kv('m').write('k', { n: 1 }, null);
  fake.syncLimits.enable({ ...SYNC_DOCUMENTED_LIMITS, now: () => t });
  for (let i = 0; i < 200; i += 1) await kv('m').read('k');
  const refused = await kv('m')
    .read('k')
    .catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(StoreError);
  expect(refused).toMatchObject({ transient: true, code: 54009 });
  // Another map, and writes to the same map, are counted apart.
  expect(await kv('other').read('k')).toBeNull();
  expect(await kv('m').write('k2', { n: 2 }, null)).toBe('ok');
  // One second later: 20 more reads.
  t += 1000;
  for (let i = 0; i < 20; i += 1) await kv('m').read('k');
  await expect(kv('m').read('k')).rejects.toMatchObject({ code: 54009 });
  expect(fake.syncLimits.stats.refusedReads).toBe(2);
  expect(fake.syncLimits.stats.byObject.get('Maps/m')).toBe(2);
});

test('items of a map count against the map (the documented top-level limit)', async () => {
  fake.sync.createMap(serviceSid, 'm');
  fake.syncLimits.enable({ readsPerSecond: 1, writesPerSecond: 1, burstSeconds: 2, now: () => t });
  expect(await kv('m').write('a', { n: 1 }, null)).toBe('ok');
  expect(await kv('m').write('b', { n: 2 }, null)).toBe('ok');
  await expect(kv('m').write('c', { n: 3 }, null)).rejects.toMatchObject({ code: 54009 });
});
