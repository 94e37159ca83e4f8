/**
 * Fake Twilio: Sync v1 Lists and List Items, driven through the real twilio SDK.
 */
import twilio from 'twilio';
import type { ServiceContext } from 'twilio/lib/rest/sync/v1/service';
import type { SyncListItemListInstance } from 'twilio/lib/rest/sync/v1/service/syncList/syncListItem';
import { fakeTwilioClient, startFakeTwilio, type FakeTwilio } from '../fake-twilio';
import { expectViolations, rawRequest, restError } from '../fake-twilio/test-utils';

let fake: FakeTwilio;
let client: twilio.Twilio;
let serviceSid: string;

beforeEach(async () => {
  fake = await startFakeTwilio({ seed: 11 });
  client = fakeTwilioClient(fake);
  serviceSid = fake.sync.createService('lists');
});

afterEach(async () => {
  try {
    expect(fake.violations).toEqual([]);
  } finally {
    await fake.close();
  }
});

const svc = (): ServiceContext => client.sync.v1.services(serviceSid);
const items = (list = 'queue'): SyncListItemListInstance => svc().syncLists(list).syncListItems;

describe('fake twilio: Sync Lists', () => {
  it('creates lists with ES SIDs, fetches them by SID or unique name, lists, updates and deletes them', async () => {
    const created = await svc().syncLists.create({ uniqueName: 'queue' });
    expect(created.sid).toMatch(/^ES[0-9a-f]{32}$/);
    expect(created).toMatchObject({
      uniqueName: 'queue',
      serviceSid,
      accountSid: fake.accountSid,
      revision: '0',
      dateExpires: null,
      createdBy: 'system',
    });
    expect(created.url).toBe(`https://sync.twilio.com/v1/Services/${serviceSid}/Lists/${created.sid}`);
    expect(created.links).toEqual({ items: `${created.url}/Items`, permissions: `${created.url}/Permissions` });
    expect((await svc().syncLists('queue').fetch()).sid).toBe(created.sid);
    expect((await svc().syncLists(created.sid).fetch()).uniqueName).toBe('queue');

    const anonymous = await svc().syncLists.create();
    expect(anonymous.uniqueName).toBeNull();
    const direct = fake.sync.createList(serviceSid, 'direct');
    expect((await svc().syncLists.list({ pageSize: 2 })).map((l) => l.sid)).toEqual([created.sid, anonymous.sid, direct]);

    const updated = await svc().syncLists('queue').update({ ttl: 3600 });
    expect(updated.revision).toBe('1');
    expect(updated.dateExpires?.getTime()).toBeGreaterThan(Date.now());

    expect(await svc().syncLists('direct').remove()).toBe(true);
    expect(await restError(svc().syncLists('direct').fetch())).toMatchObject({ status: 404, code: 20404 });
  });

  it('rejects a duplicate unique name with 409 / 54301 and a SID-shaped one with 400 / 54302', async () => {
    await svc().syncLists.create({ uniqueName: 'queue' });
    expect(await restError(svc().syncLists.create({ uniqueName: 'queue' }))).toEqual({
      status: 409,
      code: 54301,
      moreInfo: 'https://www.twilio.com/docs/errors/54301',
    });
    expect(await restError(svc().syncLists.create({ uniqueName: 'ES' + 'a'.repeat(32) }))).toMatchObject({ status: 400, code: 54302 });
  });

  it('answers 404 / 20404 for a missing service, list or item', async () => {
    const missing = client.sync.v1.services('IS' + '0'.repeat(32));
    expect(await restError(missing.syncLists.create({ uniqueName: 'x' }))).toMatchObject({ status: 404, code: 20404 });
    expect(await restError(missing.syncLists.list())).toMatchObject({ status: 404, code: 20404 });
    expect(await restError(svc().syncLists('nope').fetch())).toMatchObject({ status: 404, code: 20404 });
    expect(await restError(svc().syncLists('nope').syncListItems.create({ data: {} }))).toMatchObject({ status: 404, code: 20404 });
    fake.sync.createList(serviceSid, 'queue');
    expect(await restError(items()(0).fetch())).toMatchObject({ status: 404, code: 20404 });
    expect(await restError(items()(0).update({ data: {} }))).toMatchObject({ status: 404, code: 20404 });
    expect(await restError(items()(0).remove())).toMatchObject({ status: 404, code: 20404 });
    expect(fake.sync.listListItems(serviceSid, 'nope')).toEqual([]);
  });

  it('expires a list after its TTL on the fake clock', async () => {
    await svc().syncLists.create({ uniqueName: 'short', ttl: 60 });
    await svc().syncLists.create({ uniqueName: 'longer', collectionTtl: 600 });
    fake.clock.advance(61_000);
    expect(await restError(svc().syncLists('short').fetch())).toMatchObject({ status: 404, code: 20404 });
    expect((await svc().syncLists.list()).map((l) => l.uniqueName)).toEqual(['longer']);
  });
});

describe('fake twilio: Sync List Items', () => {
  beforeEach(() => {
    fake.sync.createList(serviceSid, 'queue');
  });

  it('appends items at increasing indexes that are never reused, with revision and ETag', async () => {
    const first = await items().createWithHttpInfo({ data: { job: 'a' } });
    expect(first.statusCode).toBe(201);
    expect((first.headers as Record<string, unknown>).etag).toBe('0');
    expect(first.body).toMatchObject({ index: 0, revision: '0', data: { job: 'a' }, serviceSid, createdBy: 'system' });
    expect(first.body.listSid).toMatch(/^ES[0-9a-f]{32}$/);
    expect(first.body.url).toBe(`https://sync.twilio.com/v1/Services/${serviceSid}/Lists/${first.body.listSid}/Items/0`);
    expect((await items().create({ data: { job: 'b' } })).index).toBe(1);
    expect((await items().create({ data: { job: 'c' } })).index).toBe(2);
    expect(await items()(2).remove()).toBe(true);
    expect((await items().create({ data: { job: 'd' } })).index).toBe(3);

    expect((await items()(1).fetch()).data).toEqual({ job: 'b' });
    expect(fake.sync.listListItems(serviceSid, 'queue')).toEqual([
      { index: 0, data: { job: 'a' }, revision: '0' },
      { index: 1, data: { job: 'b' }, revision: '0' },
      { index: 3, data: { job: 'd' }, revision: '0' },
    ]);
    // Each item write bumps the list's revision.
    expect((await svc().syncLists('queue').fetch()).revision).toBe('5');
  });

  it('updates with a matching If-Match and rejects a stale one with 412 / 54155 (List Item revision mismatch)', async () => {
    await items().create({ data: { lease: null } });
    const leased = await items()(0).update({ data: { lease: 'w1' }, ifMatch: '0' });
    expect(leased).toMatchObject({ revision: '1', data: { lease: 'w1' } });
    const stale = await restError(items()(0).update({ data: { lease: 'w2' }, ifMatch: '0' }));
    expect(stale).toEqual({ status: 412, code: 54155, moreInfo: 'https://www.twilio.com/docs/errors/54155' });
    expect(fake.sync.listListItems(serviceSid, 'queue')).toEqual([{ index: 0, data: { lease: 'w1' }, revision: '1' }]);
    expect((await items()(0).update({ data: { lease: 'w3' } })).revision).toBe('2');
    expect(fake.stats).toMatchObject({ conflicts409: 1 });
  });

  it('deletes with an optional If-Match', async () => {
    await items().create({ data: {} });
    expect(await restError(items()(0).remove({ ifMatch: '5' }))).toMatchObject({ status: 412, code: 54155 });
    expect(await items()(0).remove({ ifMatch: '0' })).toBe(true);
    expect(fake.sync.listListItems(serviceSid, 'queue')).toEqual([]);
  });

  it('lets exactly one of two concurrent lessees win on the same revision', async () => {
    await items().create({ data: { n: 0 } });
    const other = fakeTwilioClient(fake);
    const lease = (c: twilio.Twilio, n: number): Promise<'ok' | number | undefined> =>
      c.sync.v1
        .services(serviceSid)
        .syncLists('queue')
        .syncListItems(0)
        .update({ data: { n }, ifMatch: '0' })
        .then(
          () => 'ok' as const,
          (e: unknown) => (e instanceof twilio.RestException ? e.code : undefined),
        );
    expect((await Promise.all([lease(client, 1), lease(other, 2)])).sort()).toEqual([54155, 'ok']);
  });

  it('simulates a concurrent writer with conflictRate', async () => {
    await items().create({ data: { v: 1 } });
    fake.faults.conflictRate = 1;
    expect(await restError(items()(0).update({ data: { v: 2 }, ifMatch: '0' }))).toMatchObject({ status: 412, code: 54155 });
    expect(await restError(items()(0).remove({ ifMatch: '1' }))).toMatchObject({ status: 412, code: 54155 });
    expect((await items()(0).update({ data: { v: 3 } })).revision).toBe('3');
    fake.faults.conflictRate = 0;
    expect(fake.stats.conflicts409).toBe(2);
  });

  it('rejects data above 16 KiB with 413 / 54006 and accepts exactly 16 KiB', async () => {
    const wrapper = JSON.stringify({ p: '' }).length;
    await items().create({ data: { p: 'x'.repeat(16 * 1024 - wrapper) } });
    expect(await restError(items().create({ data: { p: 'x'.repeat(16 * 1024) } }))).toMatchObject({ status: 413, code: 54006 });
    expect(await restError(items()(0).update({ data: { p: 'x'.repeat(16 * 1024) } }))).toMatchObject({ status: 413, code: 54006 });
  });

  it('rejects missing or non-object Data with 400 / 54156 and a bad index with 400 / 54458', async () => {
    const listSid = (await svc().syncLists('queue').fetch()).sid;
    const base = `https://sync.twilio.com/v1/Services/${serviceSid}/Lists/${listSid}/Items`;
    expect(await rawRequest(client, 'post', base, { Ttl: '10' })).toMatchObject({ status: 400, body: { code: 54156 } });
    expect(await rawRequest(client, 'post', base, { Data: '[1,2]' })).toMatchObject({ status: 400, body: { code: 54156 } });
    expect(await rawRequest(client, 'post', base, { Data: 'not json' })).toMatchObject({ status: 400, body: { code: 54156 } });
    expect(await rawRequest(client, 'get', `${base}/-1`)).toMatchObject({ status: 400, body: { code: 54458, status: 400 } });
    expect(await rawRequest(client, 'get', `${base}/first`)).toMatchObject({ status: 400, body: { code: 54458 } });
    expectViolations(
      fake,
      /CreateSyncListItem .*missing required form parameter Data$/,
      /CreateSyncListItem .*malformed form parameter Data: must be object/,
      /FetchSyncListItem .*malformed path parameter Index: must be integer/,
    );
  });

  it('expires items after Ttl / ItemTtl and the list after CollectionTtl, on the fake clock', async () => {
    await items().create({ data: { k: 'ttl' }, ttl: 30 });
    await items().create({ data: { k: 'itemTtl' }, itemTtl: 90 });
    await items().create({ data: { k: 'forever' } });
    const bumped = await items()(2).update({ data: { k: 'forever' }, collectionTtl: 300 });
    expect(bumped.dateExpires).toBeNull();
    fake.clock.advance(31_000);
    expect(fake.sync.listListItems(serviceSid, 'queue').map((i) => i.index)).toEqual([1, 2]);
    expect(await restError(items()(0).fetch())).toMatchObject({ status: 404, code: 20404 });
    fake.clock.advance(60_000);
    expect((await items().list()).map((i) => i.index)).toEqual([2]);
    fake.clock.advance(300_000);
    expect(await restError(svc().syncLists('queue').fetch())).toMatchObject({ status: 404, code: 20404 });
  });

  it('lists items in asc/desc order, from an index (inclusive/exclusive), with PageSize paging', async () => {
    for (let n = 0; n < 7; n++) await items().create({ data: { n } });
    await items()(3).remove();

    const before = fake.stats.requests;
    expect((await items().list({ pageSize: 2, limit: 5 })).map((i) => i.index)).toEqual([0, 1, 2, 4, 5]);
    expect(fake.stats.requests - before).toBe(3);
    expect((await items().list({ order: 'desc' })).map((i) => i.index)).toEqual([6, 5, 4, 2, 1, 0]);
    expect((await items().list({ from: '2' })).map((i) => i.index)).toEqual([2, 4, 5, 6]);
    expect((await items().list({ from: '2', bounds: 'exclusive' })).map((i) => i.index)).toEqual([4, 5, 6]);
    expect((await items().list({ from: '4', order: 'desc', bounds: 'exclusive' })).map((i) => i.index)).toEqual([2, 1, 0]);

    const page = await items().page({ pageSize: 3, order: 'desc' });
    expect(page.instances.map((i) => i.index)).toEqual([6, 5, 4]);
    expect(page.nextPageUrl).toMatch(
      /^https:\/\/sync\.twilio\.com\/v1\/Services\/IS[0-9a-f]{32}\/Lists\/ES[0-9a-f]{32}\/Items\?Order=desc&PageSize=3&Page=1&PageToken=/,
    );
    const second = await page.nextPage();
    expect(second?.instances.map((i) => i.index)).toEqual([2, 1, 0]);
    expect(second?.nextPageUrl).toBeUndefined();

    const seen: number[] = [];
    await items().each({ pageSize: 4 }, (i) => {
      seen.push(i.index);
    });
    expect(seen).toEqual([0, 1, 2, 4, 5, 6]);
    expect(await restError(items().list({ pageSize: 101 }))).toMatchObject({ status: 400, code: 20001 });
    expectViolations(fake, /ListSyncListItem .*malformed query parameter PageSize: must be <= 100/);
  });
});
