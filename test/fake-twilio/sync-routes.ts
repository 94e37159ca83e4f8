/**
 * Sync v1 REST routes (Services, Maps, Map Items) for the fake Twilio server.
 */
import { TwilioHttpError } from './errors';
import type { Faults } from './faults';
import { opt, optBool, optInt, param } from './form-params';
import { buildPage, compareStrings, seqCursor } from './paging';
import { SYNC_HOST, itemJson, mapJson, mapUrl, serviceJson, serviceUrl, syncBase } from './sync-json';
import type { ItemWrite, SyncStore } from './sync-store';
import type { FakeRequest, FakeResponse, Route, RouteHandler } from './types';

export interface SyncRouteContext {
  store: SyncStore;
  accountSid: string;
  faults: Faults;
}

const SPEC = 'twilio_sync_v1';

export function itemWrite(form: URLSearchParams): ItemWrite {
  const ttl = optInt(form, 'Ttl');
  const itemTtl = optInt(form, 'ItemTtl') ?? ttl;
  const collectionTtl = optInt(form, 'CollectionTtl');
  const write: ItemWrite = {};
  const data = opt(form, 'Data');
  if (data !== undefined) write.data = data;
  if (itemTtl !== undefined) write.itemTtl = itemTtl;
  if (collectionTtl !== undefined) write.collectionTtl = collectionTtl;
  return write;
}

export function syncRoutes(ctx: SyncRouteContext): Route[] {
  const { store, accountSid, faults } = ctx;
  const base = (req: FakeRequest): string => syncBase(req.twilioHost);
  const ok = (status: number, body: Record<string, unknown>, etag?: string): FakeResponse =>
    etag === undefined ? { status, body } : { status, body, headers: { ETag: etag } };
  const route = (method: string, pattern: string, handler: RouteHandler): Route => ({ method, pattern, host: SYNC_HOST, spec: SPEC, handler });
  const concurrentWriter = (): boolean => faults.simulateConcurrentWriter();

  return [
    // ---- Services ----
    route('POST', '/v1/Services', (req) => {
      const f = req.form;
      const fields: Parameters<SyncStore['createService']>[0] = {};
      const friendlyName = opt(f, 'FriendlyName');
      if (friendlyName !== undefined) fields.friendlyName = friendlyName;
      const webhookUrl = opt(f, 'WebhookUrl');
      if (webhookUrl !== undefined) fields.webhookUrl = webhookUrl;
      const flags = [
        ['ReachabilityWebhooksEnabled', 'reachabilityWebhooksEnabled'],
        ['AclEnabled', 'aclEnabled'],
        ['ReachabilityDebouncingEnabled', 'reachabilityDebouncingEnabled'],
        ['WebhooksFromRestEnabled', 'webhooksFromRestEnabled'],
      ] as const;
      for (const [formName, field] of flags) {
        const v = optBool(f, formName);
        if (v !== undefined) fields[field] = v;
      }
      const window = optInt(f, 'ReachabilityDebouncingWindow');
      if (window !== undefined) fields.reachabilityDebouncingWindow = window;
      return ok(201, serviceJson(base(req), accountSid, store.createService(fields)));
    }),
    route('GET', '/v1/Services', (req) => {
      const { records, meta } = buildPage({
        ordered: store.listServices(),
        cursorOf: (s) => seqCursor(s.seq),
        compare: compareStrings,
        listUrl: `${base(req)}/Services`,
        query: req.query,
        key: 'services',
      });
      return ok(200, { services: records.map((s) => serviceJson(base(req), accountSid, s)), meta });
    }),
    route('GET', '/v1/Services/:Sid', (req) => ok(200, serviceJson(base(req), accountSid, store.getService(param(req, 'Sid'))))),
    route('DELETE', '/v1/Services/:Sid', (req) => {
      store.deleteService(param(req, 'Sid'));
      return { status: 204 };
    }),

    // ---- Maps ----
    route('POST', '/v1/Services/:ServiceSid/Maps', (req) => {
      const ttl = optInt(req.form, 'CollectionTtl') ?? optInt(req.form, 'Ttl');
      const map = store.createMap(param(req, 'ServiceSid'), opt(req.form, 'UniqueName'), ttl);
      return ok(201, mapJson(base(req), accountSid, map));
    }),
    route('GET', '/v1/Services/:ServiceSid/Maps', (req) => {
      const serviceSid = param(req, 'ServiceSid');
      const { records, meta } = buildPage({
        ordered: store.listMaps(serviceSid),
        cursorOf: (m) => seqCursor(m.seq),
        compare: compareStrings,
        listUrl: `${serviceUrl(base(req), serviceSid)}/Maps`,
        query: req.query,
        key: 'maps',
      });
      return ok(200, { maps: records.map((m) => mapJson(base(req), accountSid, m)), meta });
    }),
    route('GET', '/v1/Services/:ServiceSid/Maps/:Sid', (req) =>
      ok(200, mapJson(base(req), accountSid, store.getMap(param(req, 'ServiceSid'), param(req, 'Sid')))),
    ),
    route('DELETE', '/v1/Services/:ServiceSid/Maps/:Sid', (req) => {
      store.deleteMap(param(req, 'ServiceSid'), param(req, 'Sid'));
      return { status: 204 };
    }),

    // ---- Map Items ----
    route('POST', '/v1/Services/:ServiceSid/Maps/:MapSid/Items', (req) => {
      const serviceSid = param(req, 'ServiceSid');
      const mapId = param(req, 'MapSid');
      const item = store.createItem(serviceSid, mapId, opt(req.form, 'Key'), itemWrite(req.form));
      const map = store.getMap(serviceSid, mapId);
      return ok(201, itemJson(base(req), accountSid, map, item), String(item.revision));
    }),
    route('GET', '/v1/Services/:ServiceSid/Maps/:MapSid/Items', (req) => {
      const serviceSid = param(req, 'ServiceSid');
      const map = store.getMap(serviceSid, param(req, 'MapSid'));
      const orderRaw = req.query.get('Order') ?? 'asc';
      if (orderRaw !== 'asc' && orderRaw !== 'desc') throw new TwilioHttpError(400, 20001, 'Invalid Order');
      const boundsRaw = req.query.get('Bounds') ?? 'inclusive';
      if (boundsRaw !== 'inclusive' && boundsRaw !== 'exclusive') throw new TwilioHttpError(400, 20001, 'Invalid Bounds');
      const compare = orderRaw === 'asc' ? compareStrings : (a: string, b: string): number => compareStrings(b, a);
      const from = req.query.get('From');
      let ordered = store.listItems(serviceSid, map.sid, orderRaw);
      const filters: [string, string][] = [['Order', orderRaw]];
      if (from !== null) {
        ordered = ordered.filter((i) => {
          const c = compare(i.key, from);
          return boundsRaw === 'inclusive' ? c >= 0 : c > 0;
        });
        filters.push(['From', from], ['Bounds', boundsRaw]);
      }
      const { records, meta } = buildPage({
        ordered,
        cursorOf: (i) => i.key,
        compare,
        listUrl: `${mapUrl(base(req), serviceSid, map.sid)}/Items`,
        filters,
        query: req.query,
        key: 'items',
        maxPageSize: 100,
      });
      return ok(200, { items: records.map((i) => itemJson(base(req), accountSid, map, i)), meta });
    }),
    route('GET', '/v1/Services/:ServiceSid/Maps/:MapSid/Items/:Key', (req) => {
      const serviceSid = param(req, 'ServiceSid');
      const map = store.getMap(serviceSid, param(req, 'MapSid'));
      const item = store.getItem(serviceSid, map.sid, param(req, 'Key'));
      return ok(200, itemJson(base(req), accountSid, map, item), String(item.revision));
    }),
    route('POST', '/v1/Services/:ServiceSid/Maps/:MapSid/Items/:Key', (req) => {
      const serviceSid = param(req, 'ServiceSid');
      const map = store.getMap(serviceSid, param(req, 'MapSid'));
      const item = store.updateItem(serviceSid, map.sid, param(req, 'Key'), itemWrite(req.form), req.headers['if-match'], concurrentWriter);
      return ok(200, itemJson(base(req), accountSid, map, item), String(item.revision));
    }),
    route('DELETE', '/v1/Services/:ServiceSid/Maps/:MapSid/Items/:Key', (req) => {
      store.deleteItem(param(req, 'ServiceSid'), param(req, 'MapSid'), param(req, 'Key'), req.headers['if-match'], concurrentWriter);
      return { status: 204 };
    }),
  ];
}
