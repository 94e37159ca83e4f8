/**
 * Tests for the fake Twilio REST API (Sync v1), driven through the real twilio SDK.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import twilio from 'twilio';
import {
  OpenApiResponseValidator,
  fakeTwilioClient,
  redirectUri,
  startFakeTwilio,
  writeRedirectPreload,
  type FakeTwilio,
} from '../fake-twilio';
import { restError } from '../fake-twilio/test-utils';

let fake: FakeTwilio;
let client: twilio.Twilio;

beforeEach(async () => {
  fake = await startFakeTwilio({ seed: 42 });
  client = fakeTwilioClient(fake);
});

afterEach(async () => {
  try {
    expect(fake.violations).toEqual([]);
  } finally {
    await fake.close();
  }
});

async function setupMap(uniqueName = 'ledger'): Promise<{ serviceSid: string; mapSid: string }> {
  const service = await client.sync.v1.services.create({ friendlyName: 'fake-test' });
  const map = await client.sync.v1.services(service.sid).syncMaps.create({ uniqueName });
  return { serviceSid: service.sid, mapSid: map.sid };
}

describe('fake twilio: Sync services and maps', () => {
  it('creates, fetches and lists services with Twilio-shaped SIDs and dates', async () => {
    const created = await client.sync.v1.services.create({ friendlyName: 'svc-a' });
    expect(created.sid).toMatch(/^IS[0-9a-f]{32}$/);
    expect(created.accountSid).toBe(fake.accountSid);
    expect(created.url).toBe(`https://sync.twilio.com/v1/Services/${created.sid}`);
    const fetched = await client.sync.v1.services(created.sid).fetch();
    expect(fetched.friendlyName).toBe('svc-a');
    expect(fetched.dateCreated).toBeInstanceOf(Date);
    const direct = fake.sync.createService('svc-b');
    const all = await client.sync.v1.services.list({ pageSize: 1 });
    expect(all.map((s) => s.sid)).toEqual([created.sid, direct]);
    expect(fake.stats.created).toBe(1);
  });

  it('creates maps, fetches them by SID or unique name, lists and deletes them', async () => {
    const { serviceSid, mapSid } = await setupMap('consents');
    expect(mapSid).toMatch(/^MP[0-9a-f]{32}$/);
    const svc = client.sync.v1.services(serviceSid);
    expect((await svc.syncMaps('consents').fetch()).sid).toBe(mapSid);
    expect((await svc.syncMaps(mapSid).fetch()).uniqueName).toBe('consents');
    await svc.syncMaps.create({ uniqueName: 'other' });
    expect((await svc.syncMaps.list()).map((m) => m.uniqueName)).toEqual(['consents', 'other']);
    await svc.syncMaps('other').remove();
    expect((await svc.syncMaps.list()).length).toBe(1);
  });

  it('rejects a duplicate map unique name with 409 / 54301', async () => {
    const { serviceSid } = await setupMap('dup');
    const err = await restError(client.sync.v1.services(serviceSid).syncMaps.create({ uniqueName: 'dup' }));
    expect(err).toMatchObject({ status: 409, code: 54301 });
  });

  it('answers 404 / 20404 for a missing service or map', async () => {
    const missingService = 'IS' + '0'.repeat(32);
    expect(await restError(client.sync.v1.services(missingService).fetch())).toMatchObject({ status: 404, code: 20404 });
    const { serviceSid } = await setupMap();
    expect(await restError(client.sync.v1.services(serviceSid).syncMaps('nope').fetch())).toMatchObject({ status: 404, code: 20404 });
    expect(await restError(client.sync.v1.services(serviceSid).syncMaps('nope').syncMapItems.create({ key: 'k', data: {} }))).toMatchObject(
      { status: 404, code: 20404 },
    );
  });
});

describe('fake twilio: Sync map items', () => {
  it('creates and fetches items; the fake exposes them to assertions', async () => {
    const { serviceSid } = await setupMap();
    const items = client.sync.v1.services(serviceSid).syncMaps('ledger').syncMapItems;
    const created = await items.create({ key: 'opt-out:abc', data: { optedOut: true } });
    expect(created.revision).toBe('0');
    expect(created.data).toEqual({ optedOut: true });
    expect(created.url).toBe(`https://sync.twilio.com/v1/Services/${serviceSid}/Maps/${created.mapSid}/Items/opt-out%3Aabc`);
    const fetched = await client.sync.v1.services(serviceSid).syncMaps('ledger').syncMapItems('opt-out:abc').fetch();
    expect(fetched.data).toEqual({ optedOut: true });
    expect(fake.sync.getItem(serviceSid, 'ledger', 'opt-out:abc')).toEqual({ data: { optedOut: true }, revision: '0' });
    expect(fake.sync.getItem(serviceSid, 'ledger', 'missing')).toBeUndefined();
    expect(fake.sync.listItems(serviceSid, 'ledger')).toEqual([{ key: 'opt-out:abc', data: { optedOut: true }, revision: '0' }]);
  });

  it('sends the revision as ETag', async () => {
    const { serviceSid } = await setupMap();
    const items = client.sync.v1.services(serviceSid).syncMaps('ledger').syncMapItems;
    const res = await items.createWithHttpInfo({ key: 'k', data: { v: 1 } });
    expect(res.statusCode).toBe(201);
    const headers = res.headers as Record<string, unknown>;
    expect(headers.etag).toBe('0');
  });

  it('updates with a matching If-Match and rejects a stale one with 412 / 54205', async () => {
    const { serviceSid } = await setupMap();
    const svc = client.sync.v1.services(serviceSid).syncMaps('ledger');
    await svc.syncMapItems.create({ key: 'k', data: { v: 1 } });
    const updated = await svc.syncMapItems('k').update({ data: { v: 2 }, ifMatch: '0' });
    expect(updated.revision).toBe('1');
    expect(updated.data).toEqual({ v: 2 });
    const stale = await restError(svc.syncMapItems('k').update({ data: { v: 3 }, ifMatch: '0' }));
    expect(stale).toMatchObject({ status: 412, code: 54205, moreInfo: 'https://www.twilio.com/docs/errors/54205' });
    expect(fake.sync.getItem(serviceSid, 'ledger', 'k')).toEqual({ data: { v: 2 }, revision: '1' });
    const unconditional = await svc.syncMapItems('k').update({ data: { v: 4 } });
    expect(unconditional.revision).toBe('2');
    expect(fake.stats).toMatchObject({ conflicts409: 1, updated: 2 });
  });

  it('deletes with optional If-Match', async () => {
    const { serviceSid } = await setupMap();
    const svc = client.sync.v1.services(serviceSid).syncMaps('ledger');
    await svc.syncMapItems.create({ key: 'k', data: {} });
    expect(await restError(svc.syncMapItems('k').remove({ ifMatch: '7' }))).toMatchObject({ status: 412, code: 54205 });
    expect(await svc.syncMapItems('k').remove({ ifMatch: '0' })).toBe(true);
    expect(fake.sync.getItem(serviceSid, 'ledger', 'k')).toBeUndefined();
  });

  it('lets exactly one of two concurrent writers win on the same revision', async () => {
    const { serviceSid } = await setupMap();
    const other = fakeTwilioClient(fake);
    await client.sync.v1
      .services(serviceSid)
      .syncMaps('ledger')
      .syncMapItems.create({ key: 'k', data: { n: 0 } });
    const write = (c: twilio.Twilio, n: number): Promise<'ok' | number | undefined> =>
      c.sync.v1
        .services(serviceSid)
        .syncMaps('ledger')
        .syncMapItems('k')
        .update({ data: { n }, ifMatch: '0' })
        .then(
          () => 'ok' as const,
          (e: unknown) => (e instanceof twilio.RestException ? e.code : undefined),
        );
    const outcomes = await Promise.all([write(client, 1), write(other, 2)]);
    expect([...outcomes].sort()).toEqual([54205, 'ok']);
    expect(fake.sync.getItem(serviceSid, 'ledger', 'k')?.revision).toBe('1');
  });

  it('rejects a duplicate key with 409 / 54208', async () => {
    const { serviceSid } = await setupMap();
    const items = client.sync.v1.services(serviceSid).syncMaps('ledger').syncMapItems;
    await items.create({ key: 'k', data: {} });
    expect(await restError(items.create({ key: 'k', data: {} }))).toMatchObject({ status: 409, code: 54208 });
  });

  it('answers 404 / 20404 for a missing item', async () => {
    const { serviceSid } = await setupMap();
    const err = await restError(client.sync.v1.services(serviceSid).syncMaps('ledger').syncMapItems('absent').fetch());
    expect(err).toMatchObject({ status: 404, code: 20404, moreInfo: 'https://www.twilio.com/docs/errors/20404' });
  });

  it('rejects data above 16 KiB with 413 / 54006 and accepts exactly 16 KiB', async () => {
    const { serviceSid } = await setupMap();
    const items = client.sync.v1.services(serviceSid).syncMaps('ledger').syncMapItems;
    const wrapper = JSON.stringify({ p: '' }).length;
    await items.create({ key: 'max', data: { p: 'x'.repeat(16 * 1024 - wrapper) } });
    const err = await restError(items.create({ key: 'big', data: { p: 'x'.repeat(16 * 1024) } }));
    expect(err).toMatchObject({ status: 413, code: 54006 });
  });

  it('pages through items with PageSize and absolute next_page_url', async () => {
    const { serviceSid } = await setupMap();
    const items = client.sync.v1.services(serviceSid).syncMaps('ledger').syncMapItems;
    const keys = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7'];
    for (const key of [...keys].reverse()) await items.create({ key, data: { key } });

    const before = fake.stats.requests;
    const listed = await items.list({ pageSize: 2, limit: 5 });
    expect(listed.map((i) => i.key)).toEqual(keys.slice(0, 5));
    expect(fake.stats.requests - before).toBe(3);

    const page = await items.page({ pageSize: 2 });
    expect(page.nextPageUrl).toMatch(/^https:\/\/sync\.twilio\.com\/v1\/Services\/IS[0-9a-f]{32}\/Maps\/MP[0-9a-f]{32}\/Items\?/);
    const second = await page.nextPage();
    expect(second?.instances.map((i) => i.key)).toEqual(['k3', 'k4']);

    const seen: string[] = [];
    await items.each({ pageSize: 3 }, (item) => {
      seen.push(item.key);
    });
    expect(seen).toEqual(keys);
    expect((await items.list({ order: 'desc', pageSize: 4 })).map((i) => i.key)).toEqual([...keys].reverse());
  });
});

describe('fake twilio: fault injection', () => {
  it('fails the next n requests deterministically with failNext', async () => {
    const { serviceSid } = await setupMap();
    fake.faults.failNext(2, 503, 20500);
    const svc = client.sync.v1.services(serviceSid);
    expect(await restError(svc.fetch())).toMatchObject({ status: 503, code: 20500 });
    expect(await restError(svc.fetch())).toMatchObject({ status: 503, code: 20500 });
    expect((await svc.fetch()).sid).toBe(serviceSid);
    expect(fake.stats.injected5xx).toBe(2);
  });

  it('injects 429 / 20429 and 503 / 20500 at the configured rates', async () => {
    const { serviceSid } = await setupMap();
    fake.faults.rate429 = 1;
    expect(await restError(client.sync.v1.services(serviceSid).fetch())).toMatchObject({ status: 429, code: 20429 });
    fake.faults.rate429 = 0;
    fake.faults.rate5xx = 1;
    expect(await restError(client.sync.v1.services(serviceSid).fetch())).toMatchObject({ status: 503, code: 20500 });
    fake.faults.rate5xx = 0;
    expect(fake.stats).toMatchObject({ injected429: 1, injected5xx: 1 });
  });

  it('is repeatable for the same seed', async () => {
    const pattern = async (f: FakeTwilio): Promise<string> => {
      const c = fakeTwilioClient(f);
      const sid = f.sync.createService();
      f.faults.rate429 = 0.3;
      f.faults.rate5xx = 0.3;
      let out = '';
      for (let i = 0; i < 30; i++) {
        out += await c.sync.v1
          .services(sid)
          .fetch()
          .then(
            () => '.',
            (e: unknown) => (e instanceof twilio.RestException ? String(e.status)[0] : '?'),
          );
      }
      f.faults.reset();
      return out;
    };
    const again = await startFakeTwilio({ seed: 42 });
    const other = await startFakeTwilio({ seed: 7 });
    try {
      const first = await pattern(fake);
      expect(first).toMatch(/\./);
      expect(first).toMatch(/4/);
      expect(first).toMatch(/5/);
      expect(await pattern(again)).toBe(first);
      expect(await pattern(other)).not.toBe(first);
      expect(again.violations).toEqual([]);
    } finally {
      await again.close();
      await other.close();
    }
  });

  it('adds fixed or ranged latency', async () => {
    const sid = fake.sync.createService();
    fake.faults.latencyMs = 120;
    let t0 = Date.now();
    await client.sync.v1.services(sid).fetch();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(115);
    fake.faults.latencyMs = [30, 60];
    t0 = Date.now();
    await client.sync.v1.services(sid).fetch();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
    expect(() => {
      fake.faults.latencyMs = [10, 5];
    }).toThrow(RangeError);
  });

  it('simulates a concurrent writer with conflictRate', async () => {
    const { serviceSid } = await setupMap();
    const items = client.sync.v1.services(serviceSid).syncMaps('ledger');
    await items.syncMapItems.create({ key: 'k', data: { v: 1 } });
    fake.faults.conflictRate = 1;
    expect(await restError(items.syncMapItems('k').update({ data: { v: 2 }, ifMatch: '0' }))).toMatchObject({
      status: 412,
      code: 54205,
    });
    fake.faults.conflictRate = 0;
    const current = await items.syncMapItems('k').fetch();
    expect(current.revision).toBe('1');
    expect(current.data).toEqual({ v: 1 });
    const retried = await items.syncMapItems('k').update({ data: { v: 2 }, ifMatch: current.revision });
    expect(retried.revision).toBe('2');
    // Writes without If-Match are not affected by conflictRate.
    fake.faults.conflictRate = 1;
    expect((await items.syncMapItems('k').update({ data: { v: 3 } })).revision).toBe('3');
    expect(fake.stats.conflicts409).toBe(1);
  });
});

describe('fake twilio: auth', () => {
  it('answers 401 / 20003 for a wrong auth token', async () => {
    const bad = twilio(fake.accountSid, 'wrong-token', { httpClient: fakeTwilioClient(fake).httpClient });
    const err = await restError(bad.sync.v1.services.list());
    expect(err).toEqual({ status: 401, code: 20003, moreInfo: 'https://www.twilio.com/docs/errors/20003' });
  });

  it('answers the exact Twilio 401 body when credentials are missing', async () => {
    const res = await fetch(`${fake.origin}/v1/Services`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      code: 20003,
      message: 'Authenticate',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status: 401,
    });
  });

  it('accepts a configured API key', async () => {
    const keyed = await startFakeTwilio({ seed: 3, apiKeys: [{ sid: 'SK' + 'a'.repeat(32), secret: 'key-secret' }] });
    try {
      const c = twilio('SK' + 'a'.repeat(32), 'key-secret', {
        accountSid: keyed.accountSid,
        httpClient: fakeTwilioClient(keyed).httpClient,
      });
      expect((await c.sync.v1.services.create({})).accountSid).toBe(keyed.accountSid);
      expect(keyed.violations).toEqual([]);
    } finally {
      await keyed.close();
    }
  });
});

describe('fake twilio: response validation', () => {
  it('turns a response that drifts from the OpenAPI schema into a violation and a 500', async () => {
    const { serviceSid } = await setupMap();
    const items = client.sync.v1.services(serviceSid).syncMaps('ledger').syncMapItems;
    await items.create({ key: 'k', data: { secretValue: 'do-not-echo' } });
    fake.testHooks.corruptNextResponse((body) => ({ ...(body as object), revision: 17, map_sid: 'MPnot-a-sid' }));
    expect(await restError(items('k').fetch())).toMatchObject({ status: 500, code: 20500 });
    expect(fake.violations).toHaveLength(3);
    expect(fake.violations.join('\n')).toMatch(/FetchSyncMapItem .*\/revision must be string/);
    expect(fake.violations.join('\n')).toMatch(/\/map_sid must/);
    expect(fake.violations.join('\n')).not.toContain('do-not-echo');
    expect(fake.violations.join('\n')).not.toContain('not-a-sid');
    fake.testHooks.corruptNextResponse();
    expect(await restError(client.sync.v1.services(serviceSid).fetch())).toMatchObject({ status: 500 });
    expect(fake.violations[3]).toMatch(/FetchService .*\/date_created must match format "date-time"/);
    fake.violations.length = 0;
  });

  it('validates directly against the spec, including nullable fields', () => {
    const v = OpenApiResponseValidator.forSpec('twilio_sync_v1');
    const sid = (p: string): string => p + 'a'.repeat(32);
    const map = {
      sid: sid('MP'),
      unique_name: null,
      account_sid: sid('AC'),
      service_sid: sid('IS'),
      url: 'https://sync.twilio.com/v1/Services/x/Maps/y',
      links: { items: 'https://sync.twilio.com/v1/Services/x/Maps/y/Items' },
      revision: '0',
      date_expires: null,
      date_created: '2015-07-30T20:00:00Z',
      date_updated: '2015-07-30T20:00:00Z',
      created_by: 'system',
    };
    const p = `/v1/Services/${sid('IS')}/Maps/${sid('MP')}`;
    expect(v.validate('GET', p, 200, map)).toEqual([]);
    expect(v.validate('GET', p, 200, { ...map, sid: 'XX' })).toEqual([
      expect.stringMatching(/^FetchSyncMap \(GET \/v1\/Services\/\{ServiceSid\}\/Maps\/\{Sid\} -> 200\): \/sid must/),
      expect.stringMatching(/\/sid must/),
    ]);
    expect(v.validate('GET', p, 201, map)[0]).toMatch(/status 201 is not documented/);
    expect(v.validate('DELETE', p, 204, undefined)).toEqual([]);
  });
});

describe('fake twilio: redirect seams', () => {
  it('rewrites only the origin of SDK URIs', () => {
    expect(redirectUri('https://sync.twilio.com/v1/Services?PageSize=2&Page=1', 'http://127.0.0.1:9')).toEqual({
      uri: 'http://127.0.0.1:9/v1/Services?PageSize=2&Page=1',
      host: 'sync.twilio.com',
    });
  });

  it('redirects every twilio copy in a process started with --require preload', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-twilio-'));
    try {
      const preload = writeRedirectPreload(dir, fake.origin);
      expect(() => writeRedirectPreload(dir, 'https://sync.twilio.com')).toThrow();
      const sid = fake.sync.createService('preloaded');
      const nested = path.resolve(__dirname, '../../node_modules/@twilio/runtime-handler/node_modules/twilio');
      const script = `
        const http = require('http'), https = require('https');
        for (const m of [http, https]) {
          const orig = m.request;
          m.request = function (...args) {
            const o = typeof args[0] === 'object' && !(args[0] instanceof URL) ? args[0] : new URL(String(args[0]));
            const host = o.hostname || o.host;
            if (host !== '127.0.0.1') throw new Error('blocked non-loopback request');
            return orig.apply(this, args);
          };
        }
        const [sid, acc, tok, nestedPath] = process.argv.slice(1);
        (async () => {
          const a = await require('twilio')(acc, tok).sync.v1.services(sid).fetch();
          let nestedName = 'skipped';
          try { require.resolve(nestedPath); nestedName = undefined; } catch (e) {}
          if (nestedName === undefined) {
            const b = await require(nestedPath)(acc, tok).sync.v1.services(sid).fetch();
            nestedName = b.friendlyName;
          }
          process.stdout.write(JSON.stringify({ a: a.friendlyName, b: nestedName }));
        })().catch((e) => { process.stdout.write(JSON.stringify({ error: String(e && e.message) })); });
      `;
      const out = await new Promise<string>((resolve, reject) => {
        execFile(
          process.execPath,
          ['--require', preload, '-e', script, sid, fake.accountSid, fake.authToken, nested],
          { cwd: path.resolve(__dirname, '../..'), timeout: 20000 },
          (err, stdout) => (err ? reject(err) : resolve(stdout)),
        );
      });
      const parsed: unknown = JSON.parse(out);
      expect(parsed).toEqual({ a: 'preloaded', b: fs.existsSync(nested) ? 'preloaded' : 'skipped' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
