/**
 * The fake's OpenAPI checks are strict (issue 15): a response must carry every property the spec
 * documents for the operation (nullable ones as null) and nothing else, save the commented exceptions
 * in openapi-exceptions.ts; a request may carry only the operation's documented parameters, each of
 * the documented type / enum / format; and a violation nobody took fails the test (shared afterEach)
 * and the fake's close().
 */
import twilio from 'twilio';
import { OpenApiResponseValidator, fakeTwilioClient, startFakeTwilio, type FakeTwilio } from '../fake-twilio';
import { drainLiveViolations } from '../fake-twilio/live-fakes';
import { PARAM_ADDITIONS, PARAM_EXCEPTIONS, SCHEMA_EXCEPTIONS } from '../fake-twilio/openapi-exceptions';
import { expectViolations, rawRequest, restError } from '../fake-twilio/test-utils';

const sync = OpenApiResponseValidator.forSpec('twilio_sync_v1');
const SVC = `IS${'a'.repeat(32)}`;
const MAP = `MP${'b'.repeat(32)}`;
const ITEM_PATH = `/v1/Services/${SVC}/Maps/${MAP}/Items/k`;
const ITEMS_PATH = `/v1/Services/${SVC}/Maps/${MAP}/Items`;

/** A complete FetchSyncMapItem body, as the spec documents it. */
function mapItem(): Record<string, unknown> {
  return {
    key: 'k',
    account_sid: `AC${'c'.repeat(32)}`,
    service_sid: SVC,
    map_sid: MAP,
    url: `https://sync.twilio.com/v1/Services/${SVC}/Maps/${MAP}/Items/k`,
    revision: '0',
    data: { secretValue: 'do-not-echo' },
    date_expires: null,
    date_created: '2030-01-01T00:00:00Z',
    date_updated: '2030-01-01T00:00:00Z',
    created_by: 'system',
  };
}

function form(fields: Record<string, string>): { query: URLSearchParams; form: URLSearchParams; headers: Record<string, string> } {
  return { query: new URLSearchParams(), form: new URLSearchParams(fields), headers: {} };
}

describe('strict response schema (direct)', () => {
  it('accepts a complete body and refuses {}, a misspelled field, an extra field and a missing nullable field', () => {
    expect(sync.validate('GET', ITEM_PATH, 200, mapItem())).toEqual([]);

    const empty = sync.validate('GET', ITEM_PATH, 200, {});
    expect(empty).toHaveLength(Object.keys(mapItem()).length);
    expect(empty.join('\n')).toMatch(/FetchSyncMapItem .*must have required property 'revision'/);

    const { date_created: dateCreated, ...rest } = mapItem();
    const misspelled = sync.validate('GET', ITEM_PATH, 200, { ...rest, date_create: dateCreated });
    expect(misspelled).toEqual([
      expect.stringMatching(/must have required property 'date_created'/),
      expect.stringMatching(/must NOT have additional properties/),
    ]);

    expect(sync.validate('GET', ITEM_PATH, 200, { ...mapItem(), ttl: 60 })).toEqual([
      expect.stringMatching(/FetchSyncMapItem .*: \/ must NOT have additional properties/),
    ]);

    const withoutNullable = mapItem();
    delete withoutNullable.date_expires;
    expect(sync.validate('GET', ITEM_PATH, 200, withoutNullable)).toEqual([
      expect.stringMatching(/must have required property 'date_expires'/),
    ]);
    // Present as null is what the spec documents for a nullable field.
    expect(sync.validate('GET', ITEM_PATH, 200, { ...mapItem(), date_expires: null })).toEqual([]);
    // Types still hold (Twilio's Sync spec marks every property nullable, so null itself passes).
    expect(sync.validate('GET', ITEM_PATH, 200, { ...mapItem(), revision: 17 })).toEqual([
      expect.stringMatching(/\/revision must be string,null/),
    ]);
  });

  it('closes list envelopes too: meta and each listed record', () => {
    const meta = {
      first_page_url: `https://sync.twilio.com${ITEMS_PATH}?PageSize=50&Page=0`,
      key: 'items',
      next_page_url: null,
      page: 0,
      page_size: 50,
      previous_page_url: null,
      url: `https://sync.twilio.com${ITEMS_PATH}?PageSize=50&Page=0`,
    };
    expect(sync.validate('GET', ITEMS_PATH, 200, { items: [mapItem()], meta })).toEqual([]);
    expect(sync.validate('GET', ITEMS_PATH, 200, { items: [mapItem()] })).toEqual([
      expect.stringMatching(/ListSyncMapItem .*must have required property 'meta'/),
    ]);
    const metaWithoutKey: Record<string, unknown> = { ...meta };
    delete metaWithoutKey.key;
    expect(sync.validate('GET', ITEMS_PATH, 200, { items: [], meta: metaWithoutKey })).toEqual([
      expect.stringMatching(/\/meta must have required property 'key'/),
    ]);
    expect(sync.validate('GET', ITEMS_PATH, 200, { items: [{ ...mapItem(), extra: 1 }], meta })).toEqual([
      expect.stringMatching(/\/items\/0 must NOT have additional properties/),
    ]);
    expect(sync.validate('GET', ITEMS_PATH, 200, { items: [], meta, total: 0 })).toEqual([
      expect.stringMatching(/: \/ must NOT have additional properties/),
    ]);
  });

  it('never echoes data values in a violation', () => {
    const out = sync.validate('GET', ITEM_PATH, 200, {
      ...mapItem(),
      revision: 'x',
      map_sid: 'MP-not-a-sid',
      date_created: 'do-not-echo-date',
    });
    expect(out.join('\n')).not.toMatch(/not-a-sid|do-not-echo/);
  });
});

describe('request parameters (direct)', () => {
  it('accepts what the twilio SDK sends and refuses unknown, malformed, repeated and missing required parameters', () => {
    const ok = sync.validateRequest('POST', ITEMS_PATH, form({ Key: 'k', Data: '{"a":1}', Ttl: '60' }));
    expect(ok).toEqual([]);
    expect(sync.validateRequest('POST', ITEMS_PATH, form({ Key: 'k', Data: '{}', TTL: '60' }))).toEqual([
      expect.stringMatching(/^CreateSyncMapItem \(POST .*\) request: unknown form parameter TTL$/),
    ]);
    expect(sync.validateRequest('POST', ITEMS_PATH, form({ Key: 'k', Data: '{}', Ttl: 'an hour' }))).toEqual([
      expect.stringMatching(/malformed form parameter Ttl: must be integer$/),
    ]);
    expect(sync.validateRequest('POST', ITEMS_PATH, form({ Key: 'k', Data: 'do-not-echo' }))).toEqual([
      expect.stringMatching(/malformed form parameter Data: must be object$/),
    ]);
    expect(sync.validateRequest('POST', ITEMS_PATH, form({ Data: '{}' }))).toEqual([
      expect.stringMatching(/missing required form parameter Key$/),
    ]);
    const repeated = new URLSearchParams('Key=a&Key=b&Data=%7B%7D');
    expect(sync.validateRequest('POST', ITEMS_PATH, { query: new URLSearchParams(), form: repeated, headers: {} })).toEqual([
      expect.stringMatching(/form parameter Key repeated/),
    ]);
    // Query parameters of a list: bounds, enums.
    const list = (qs: string): string[] =>
      sync.validateRequest('GET', ITEMS_PATH, { query: new URLSearchParams(qs), form: new URLSearchParams(), headers: {} });
    expect(list('Order=desc&PageSize=100&Bounds=exclusive&From=k')).toEqual([]);
    expect(list('Order=newest')).toEqual([
      expect.stringMatching(/malformed query parameter Order: must be equal to one of the allowed values/),
    ]);
    expect(list('PageSize=101')).toEqual([expect.stringMatching(/malformed query parameter PageSize: must be <= 100/)]);
    expect(list('Limit=5')).toEqual([expect.stringMatching(/unknown query parameter Limit$/)]);
  });

  it('checks Twilio headers against the header parameters: If-Match only where documented', () => {
    const withIfMatch = { query: new URLSearchParams(), form: new URLSearchParams({ Data: '{}' }), headers: { 'if-match': '3' } };
    expect(sync.validateRequest('POST', ITEM_PATH, withIfMatch)).toEqual([]);
    expect(sync.validateRequest('POST', `/v1/Services/${SVC}`, { ...withIfMatch, form: new URLSearchParams() })).toEqual([
      expect.stringMatching(/UpdateService .*unknown header if-match/),
    ]);
  });

  it('widens a parameter only where openapi-exceptions.ts says so (DateSent as a GMT day)', () => {
    const api = OpenApiResponseValidator.forSpec('twilio_api_v2010');
    const list = (qs: string): string[] =>
      api.validateRequest('GET', `/2010-04-01/Accounts/AC${'c'.repeat(32)}/Messages.json`, {
        query: new URLSearchParams(qs),
        form: new URLSearchParams(),
        headers: {},
      });
    expect(list('DateSent=2030-01-02')).toEqual([]);
    expect(list('DateSent%3C=2030-01-02T10:00:00Z')).toEqual([]);
    expect(list('DateSent=yesterday')).toEqual([expect.stringMatching(/malformed query parameter DateSent/)]);
    // Not widened elsewhere: Studio's DateCreatedFrom stays a date-time.
    const studio = OpenApiResponseValidator.forSpec('twilio_studio_v2');
    const executions = `/v2/Flows/FW${'d'.repeat(32)}/Executions`;
    expect(
      studio.validateRequest('GET', executions, {
        query: new URLSearchParams('DateCreatedFrom=2030-01-02'),
        form: new URLSearchParams(),
        headers: {},
      }),
    ).toEqual([expect.stringMatching(/malformed query parameter DateCreatedFrom: must match format "date-time"/)]);
  });

  it('adds only the listed undocumented parameters, with their schema (Studio executions `status`)', () => {
    const studio = OpenApiResponseValidator.forSpec('twilio_studio_v2');
    const executions = `/v2/Flows/FW${'d'.repeat(32)}/Executions`;
    const list = (qs: string): string[] =>
      studio.validateRequest('GET', executions, { query: new URLSearchParams(qs), form: new URLSearchParams(), headers: {} });
    expect(list('status=ended&PageSize=50')).toEqual([]);
    expect(list('status=done')).toEqual([
      expect.stringMatching(/malformed query parameter status: must be equal to one of the allowed values/),
    ]);
    expect(list('Status=ended')).toEqual([expect.stringMatching(/unknown query parameter Status$/)]);
  });

  it('every exception applies to a schema / parameter of its spec (a typo would throw on load)', () => {
    for (const spec of new Set([...SCHEMA_EXCEPTIONS, ...PARAM_EXCEPTIONS, ...PARAM_ADDITIONS].map((e) => e.spec))) {
      expect(() => OpenApiResponseValidator.forSpec(spec)).not.toThrow();
    }
    // The one response exception: Verify services may carry mailer_sid, nothing else undocumented.
    const verify = OpenApiResponseValidator.forSpec('twilio_verify_v2');
    const services = (extra: Record<string, unknown>): string[] =>
      verify.validate('GET', `/v2/Services/VA${'f'.repeat(32)}`, 200, extra).filter((v) => /additional properties/.test(v));
    expect(services({ mailer_sid: null })).toEqual([]);
    expect(services({ mailer_id: null })).toEqual([expect.stringMatching(/must NOT have additional properties 'mailer_id'/)]);
  });

  it('says why for every exception', () => {
    for (const e of [...SCHEMA_EXCEPTIONS, ...PARAM_EXCEPTIONS, ...PARAM_ADDITIONS]) expect(e.why.length).toBeGreaterThan(10);
  });
});

describe('strict checks through the running fake', () => {
  let fake: FakeTwilio;
  let client: twilio.Twilio;

  beforeEach(async () => {
    fake = await startFakeTwilio({ seed: 77 });
    client = fakeTwilioClient(fake);
  });

  afterEach(async () => {
    await fake.close();
  });

  async function item(): Promise<{
    base: string;
    items: ReturnType<ReturnType<twilio.Twilio['sync']['v1']['services']>['syncMaps']>['syncMapItems'];
  }> {
    const service = await client.sync.v1.services.create({ friendlyName: 'strict' });
    const map = await client.sync.v1.services(service.sid).syncMaps.create({ uniqueName: 'm' });
    const items = client.sync.v1.services(service.sid).syncMaps(map.sid).syncMapItems;
    await items.create({ key: 'k', data: { n: 1 }, ttl: 60 });
    return { base: `https://sync.twilio.com/v1/Services/${service.sid}/Maps/${map.sid}/Items`, items };
  }

  it('answers 500 and records a violation for {}, a misspelled, an extra and a missing nullable field', async () => {
    const { items } = await item();
    expect(fake.violations).toEqual([]);
    const cases: Array<[(body: Record<string, unknown>) => unknown, RegExp]> = [
      [() => ({}), /must have required property 'key'/],
      [({ revision, ...b }) => ({ ...b, revison: revision }), /must have required property 'revision'/],
      [(b) => ({ ...b, ttl: 60 }), /must NOT have additional properties/],
      [({ date_expires: _gone, ...b }) => b, /must have required property 'date_expires'/],
    ];
    for (const [mutate, expected] of cases) {
      fake.testHooks.corruptNextResponse((body) => mutate(body as Record<string, unknown>));
      expect(await restError(items('k').fetch())).toMatchObject({ status: 500, code: 20500 });
      expect(fake.takeViolations()).toContainEqual(expect.stringMatching(expected));
    }
  });

  it('records an unknown and a malformed request parameter, even when the fake answers 2xx', async () => {
    const { base } = await item();
    expect((await rawRequest(client, 'post', `${base}/k`, { Data: '{"n":2}', Tll: '60' })).status).toBe(200);
    expectViolations(fake, /UpdateSyncMapItem .*unknown form parameter Tll$/);
    await rawRequest(client, 'post', base, { Key: 'k2', Data: '{}', Ttl: 'soon' });
    expectViolations(fake, /CreateSyncMapItem .*malformed form parameter Ttl: must be integer$/);
  });

  it('the SDK form encoding (booleans, arrays as repeated keys, dates, JSON objects) passes', async () => {
    const mg = `MG${'e'.repeat(32)}`;
    await client.messages.create({
      to: '+12025550100',
      messagingServiceSid: mg,
      body: 'b',
      mediaUrl: ['https://cdn.example.com/a.png', 'https://cdn.example.com/b.png'],
      smartEncoded: true,
      scheduleType: 'fixed',
      sendAt: new Date(fake.clock.now().getTime() + 3600_000),
    });
    await client.messages.list({ dateSentAfter: new Date('2030-01-01T00:00:00Z'), pageSize: 5 });
    await (await item()).items('k').update({ data: { n: 3 }, ifMatch: '0' });
    expect(fake.violations).toEqual([]);
  });

  it('hands violations to the shared afterEach until taken; close() rejects with any left', async () => {
    const { base } = await item();
    await rawRequest(client, 'post', base, { Key: 'k3', Data: '{}', Bogus: '1' });
    // What test/helpers/fake-violations.ts drains after each test (and fails the test with).
    expect(drainLiveViolations()).toEqual([expect.stringMatching(/unknown form parameter Bogus$/)]);
    expect(fake.violations).toEqual([]);

    const other = await startFakeTwilio({ seed: 78 });
    const otherClient = fakeTwilioClient(other);
    await rawRequest(otherClient, 'get', `https://sync.twilio.com/v1/Services?Pagesize=5`);
    await expect(other.close()).rejects.toThrow(/1 OpenAPI violation.*\n.*unknown query parameter Pagesize/);
    // A closed fake is no longer watched.
    expect(drainLiveViolations()).toEqual([]);
  });
});
