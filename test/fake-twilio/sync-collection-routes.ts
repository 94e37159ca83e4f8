/**
 * The route shapes Sync v1 Maps and Lists share (sync.twilio.com, validated against twilio_sync_v1):
 * create / list / fetch / delete a collection, and create / list (Order, From, Bounds, paging) /
 * fetch / update / delete its items, with the item's revision as ETag.
 */
import { TwilioHttpError } from './errors';
import type { Faults } from './faults';
import { opt, optInt, param } from './form-params';
import { buildPage, compareStrings, seqCursor } from './paging';
import type { ItemWrite, SyncCollectionRecord, SyncCollectionStore, SyncItemFields } from './sync-collection-store';
import { SYNC_HOST, serviceUrl, syncBase } from './sync-json';
import type { FakeRequest, FakeResponse, Route, RouteHandler } from './types';

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

/** What every Sync route module builds its routes with. */
export interface SyncRouteKit {
  /** `https://sync.twilio.com/v1` (or the host the request was meant for). */
  base(req: FakeRequest): string;
  ok(status: number, body: Record<string, unknown>, etag?: string): FakeResponse;
  route(method: string, pattern: string, handler: RouteHandler): Route;
  concurrentWriter(): boolean;
}

export function syncRouteKit(faults: Faults): SyncRouteKit {
  return {
    base: (req) => syncBase(req.twilioHost),
    ok: (status, body, etag) => (etag === undefined ? { status, body } : { status, body, headers: { ETag: etag } }),
    route: (method, pattern, handler) => ({ method, pattern, host: SYNC_HOST, spec: SPEC, handler }),
    concurrentWriter: () => faults.simulateConcurrentWriter(),
  };
}

/** What differs between the Map and List routes. */
export interface SyncCollectionRouteDef<K extends string | number, Item extends SyncItemFields, C extends SyncCollectionRecord<K, Item>> {
  store: SyncCollectionStore<K, Item, C>;
  accountSid: string;
  /** Path segment below the service, `Maps` / `Lists`; lowercased, the list key. */
  segment: string;
  /** Path parameter naming the collection in item paths (`MapSid`, `ListSid`). */
  collectionParam: string;
  /** Path parameter naming the item (`Key`, `Index`) and how it is read (may answer 400). */
  keyParam: string;
  parseKey(raw: string): K;
  /** `POST …/{Sid}` updates the collection's TTL (Lists). */
  updatable: boolean;
  /** PageSize limit when listing collections (default: buildPage's). */
  maxCollectionPageSize?: number;
  collectionUrl(base: string, serviceSid: string, sid: string): string;
  collectionJson(base: string, accountSid: string, c: C): Record<string, unknown>;
  itemJson(base: string, accountSid: string, c: C, item: Item): Record<string, unknown>;
  /** Creates an item from the request's form (reading `Key` for maps). */
  createItem(form: URLSearchParams, serviceSid: string, collectionId: string): Item;
  /** Paging cursor of an item, sorting as a string like the items' key order. */
  itemCursor(item: Item): string;
  /** For `From`: an item's position relative to it in `order` (> 0 after it); may answer 400. */
  fromPosition(from: string, order: 'asc' | 'desc'): (item: Item) => number;
}

export function syncCollectionRoutes<K extends string | number, Item extends SyncItemFields, C extends SyncCollectionRecord<K, Item>>(
  def: SyncCollectionRouteDef<K, Item, C>,
  kit: SyncRouteKit,
): Route[] {
  const { store, accountSid } = def;
  const { base, ok, route, concurrentWriter } = kit;
  const collections = `/v1/Services/:ServiceSid/${def.segment}`;
  const one = `${collections}/:Sid`;
  const items = `${collections}/:${def.collectionParam}/Items`;
  const item = `${items}/:${def.keyParam}`;
  const ttlOf = (form: URLSearchParams): number | undefined => optInt(form, 'CollectionTtl') ?? optInt(form, 'Ttl');
  const collectionJson = (req: FakeRequest, c: C): Record<string, unknown> => def.collectionJson(base(req), accountSid, c);
  const itemResponse = (status: number, req: FakeRequest, c: C, i: Item): FakeResponse =>
    ok(status, def.itemJson(base(req), accountSid, c, i), String(i.revision));

  const routes: Route[] = [
    route('POST', collections, (req) => {
      const ttl = ttlOf(req.form);
      return ok(201, collectionJson(req, store.createCollection(param(req, 'ServiceSid'), opt(req.form, 'UniqueName'), ttl)));
    }),
    route('GET', collections, (req) => {
      const serviceSid = param(req, 'ServiceSid');
      const key = def.segment.toLowerCase();
      const { records, meta } = buildPage({
        ordered: store.listCollections(serviceSid),
        cursorOf: (c) => seqCursor(c.seq),
        compare: compareStrings,
        listUrl: `${serviceUrl(base(req), serviceSid)}/${def.segment}`,
        query: req.query,
        key,
        maxPageSize: def.maxCollectionPageSize,
      });
      return ok(200, { [key]: records.map((c) => collectionJson(req, c)), meta });
    }),
    route('GET', one, (req) => ok(200, collectionJson(req, store.getCollection(param(req, 'ServiceSid'), param(req, 'Sid'))))),
  ];
  if (def.updatable) {
    routes.push(
      route('POST', one, (req) =>
        ok(200, collectionJson(req, store.updateCollection(param(req, 'ServiceSid'), param(req, 'Sid'), ttlOf(req.form)))),
      ),
    );
  }
  routes.push(
    route('DELETE', one, (req) => {
      store.deleteCollection(param(req, 'ServiceSid'), param(req, 'Sid'));
      return { status: 204 };
    }),

    route('POST', items, (req) => {
      const serviceSid = param(req, 'ServiceSid');
      const collectionId = param(req, def.collectionParam);
      const created = def.createItem(req.form, serviceSid, collectionId);
      return itemResponse(201, req, store.getCollection(serviceSid, collectionId), created);
    }),
    route('GET', items, (req) => {
      const serviceSid = param(req, 'ServiceSid');
      const c = store.getCollection(serviceSid, param(req, def.collectionParam));
      const order = req.query.get('Order') ?? 'asc';
      if (order !== 'asc' && order !== 'desc') throw new TwilioHttpError(400, 20001, 'Invalid Order');
      const bounds = req.query.get('Bounds') ?? 'inclusive';
      if (bounds !== 'inclusive' && bounds !== 'exclusive') throw new TwilioHttpError(400, 20001, 'Invalid Bounds');
      const compare = order === 'asc' ? compareStrings : (a: string, b: string): number => compareStrings(b, a);
      const from = req.query.get('From');
      let ordered = store.listItems(serviceSid, c.sid, order);
      const filters: [string, string][] = [['Order', order]];
      if (from !== null) {
        const position = def.fromPosition(from, order);
        ordered = ordered.filter((i) => (bounds === 'inclusive' ? position(i) >= 0 : position(i) > 0));
        filters.push(['From', from], ['Bounds', bounds]);
      }
      const { records, meta } = buildPage({
        ordered,
        cursorOf: def.itemCursor,
        compare,
        listUrl: `${def.collectionUrl(base(req), serviceSid, c.sid)}/Items`,
        filters,
        query: req.query,
        key: 'items',
        maxPageSize: 100,
      });
      return ok(200, { items: records.map((i) => def.itemJson(base(req), accountSid, c, i)), meta });
    }),
    route('GET', item, (req) => {
      const serviceSid = param(req, 'ServiceSid');
      const c = store.getCollection(serviceSid, param(req, def.collectionParam));
      return itemResponse(200, req, c, store.getItem(serviceSid, c.sid, def.parseKey(param(req, def.keyParam))));
    }),
    route('POST', item, (req) => {
      const serviceSid = param(req, 'ServiceSid');
      const c = store.getCollection(serviceSid, param(req, def.collectionParam));
      const key = def.parseKey(param(req, def.keyParam));
      return itemResponse(
        200,
        req,
        c,
        store.updateItem(serviceSid, c.sid, key, itemWrite(req.form), req.headers['if-match'], concurrentWriter),
      );
    }),
    route('DELETE', item, (req) => {
      const key = def.parseKey(param(req, def.keyParam));
      store.deleteItem(param(req, 'ServiceSid'), param(req, def.collectionParam), key, req.headers['if-match'], concurrentWriter);
      return { status: 204 };
    }),
  );
  return routes;
}
