/**
 * One contract for every state backend: the Sync stores against the fake Twilio API (responses
 * validated against twilio_sync_v1.json) and the local file stores behave the same for CAS writes,
 * expiry, removal and queue order / leasing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileKv } from '../../src/runtime/state/file-kv';
import { FileQueue } from '../../src/runtime/state/file-queue';
import { casUpdate, CasError, StoreError, type KvStore } from '../../src/runtime/state/kv';
import type { QueueStore } from '../../src/runtime/state/queue';
import { SyncKv } from '../../src/runtime/state/sync-kv';
import { SyncQueue } from '../../src/runtime/state/sync-queue';
import { fakeTwilioClient, startFakeTwilio, type FakeTwilio } from '../fake-twilio';

interface Backend {
  kv(): KvStore<{ n: number }>;
  queue(): QueueStore<{ n: number }>;
  advance(ms: number): void;
}

let fake: FakeTwilio;
let dir: string;
let fileNow = Date.now();

const backends: Record<string, () => Backend> = {
  sync: () => {
    const serviceSid = fake.sync.createService('state');
    const client = fakeTwilioClient(fake);
    return {
      kv: () => new SyncKv(client, serviceSid, () => 'state-test'),
      queue: () => new SyncQueue(client, serviceSid, 'queue-test'),
      advance: (ms) => fake.clock.advance(ms),
    };
  },
  file: () => ({
    kv: () => new FileKv(join(dir, 'kv'), () => fileNow),
    queue: () => new FileQueue(join(dir, 'queue'), () => fileNow),
    advance: (ms) => (fileNow += ms),
  }),
};

beforeEach(async () => {
  fake = await startFakeTwilio({ seed: 3 });
  dir = mkdtempSync(join(tmpdir(), 'state-'));
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(Object.keys(backends))('%s backend', (name) => {
  const backend = (): Backend => (backends[name] as () => Backend)();

  test('create-if-absent, compare-and-swap, conflict on a stale revision, remove', async () => {
    const kv = backend().kv();
    expect(await kv.read('k1')).toBeNull();
    expect(await kv.write('k1', { n: 1 }, null)).toBe('ok');
    expect(await kv.write('k1', { n: 9 }, null)).toBe('conflict');
    const v1 = await kv.read('k1');
    expect(v1?.value).toEqual({ n: 1 });
    expect(await kv.write('k1', { n: 2 }, v1!.revision)).toBe('ok');
    expect(await kv.write('k1', { n: 3 }, v1!.revision)).toBe('conflict');
    expect((await kv.read('k1'))?.value).toEqual({ n: 2 });
    await kv.remove('k1');
    await kv.remove('k1');
    expect(await kv.read('k1')).toBeNull();
  });

  test('a TTL expires the record', async () => {
    const b = backend();
    const kv = b.kv();
    await kv.write('k2', { n: 1 }, null, { ttlSeconds: 60 });
    b.advance(30_000);
    expect(await kv.read('k2')).not.toBeNull();
    b.advance(31_000);
    expect(await kv.read('k2')).toBeNull();
  });

  test('casUpdate serialises 20 concurrent increments', async () => {
    const kv = backend().kv();
    await Promise.all(
      Array.from({ length: 20 }, () =>
        casUpdate(kv, 'counter', (c) => ({ next: { n: (c?.n ?? 0) + 1 }, result: undefined }), { budgetMs: 10_000 }),
      ),
    );
    expect((await kv.read('counter'))?.value).toEqual({ n: 20 });
  });

  test('queue: FIFO order, lease by revision, removal', async () => {
    const q = backend().queue();
    expect(await q.head(5)).toEqual([]);
    for (const n of [1, 2, 3]) await q.append({ n });
    const items = await q.head(5);
    expect(items.map((i) => i.value.n)).toEqual([1, 2, 3]);
    const first = items[0]!;
    expect(await q.update(first.index, { n: 10 }, first.revision)).toBe('ok');
    expect(await q.update(first.index, { n: 11 }, first.revision)).toBe('conflict');
    await q.remove(first.index);
    await q.remove(first.index);
    expect((await q.head(5)).map((i) => i.value.n)).toEqual([2, 3]);
  });
});

test('Sync: an unavailable service is a transient StoreError and casUpdate gives up within its budget', async () => {
  const serviceSid = fake.sync.createService('down');
  const kv = new SyncKv<{ n: number }>(fakeTwilioClient(fake), serviceSid, () => 'm');
  fake.faults.failNext(1000, 503, 20500);
  await expect(kv.read('x')).rejects.toMatchObject({ transient: true, code: 20500 });
  await expect(casUpdate(kv, 'x', () => ({ next: { n: 1 }, result: 1 }), { budgetMs: 300 })).rejects.toBeInstanceOf(CasError);
  fake.faults.reset();
});

test('file: a corrupt record is an error, never "absent" (fail closed)', async () => {
  mkdirSync(join(dir, 'kv'), { recursive: true });
  writeFileSync(join(dir, 'kv', 'bad.json'), '{not json');
  await expect(new FileKv(join(dir, 'kv')).read('bad')).rejects.toBeInstanceOf(StoreError);
  await expect(new FileKv(join(dir, 'kv')).read('../etc')).rejects.toBeInstanceOf(StoreError);
});

test("Sync: a TTL beyond Sync's one-year maximum is capped, not refused", async () => {
  const serviceSid = fake.sync.createService('ttl');
  const kv = new SyncKv<{ n: number }>(fakeTwilioClient(fake), serviceSid, () => 'm');
  expect(await kv.write('far', { n: 1 }, null, { ttlSeconds: 5 * 31_536_000 })).toBe('ok');
  fake.clock.advance(366 * 86_400_000);
  expect(await kv.read('far')).toBeNull();
});
