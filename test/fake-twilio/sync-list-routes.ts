/**
 * Sync v1 REST routes for Lists and List Items (sync.twilio.com, validated against twilio_sync_v1).
 */
import { TwilioHttpError } from './errors';
import type { Faults } from './faults';
import { opt, optInt, param } from './form-params';
import { buildPage, compareStrings, seqCursor } from './paging';
import { SYNC_HOST, listItemJson, listJson, listUrl, serviceUrl, syncBase } from './sync-json';
import { parseIndex, type SyncListStore } from './sync-list-store';
import { itemWrite } from './sync-routes';
import type { FakeRequest, FakeResponse, Route, RouteHandler } from './types';

export interface SyncListRouteContext {
  lists: SyncListStore;
  accountSid: string;
  faults: Faults;
}

const SPEC = 'twilio_sync_v1';
const LISTS = '/v1/Services/:ServiceSid/Lists';
const ITEMS = `${LISTS}/:ListSid/Items`;

/** Index cursor that sorts as a string. */
const indexCursor = (index: number): string => String(index).padStart(16, '0');

export function syncListRoutes(ctx: SyncListRouteContext): Route[] {
  const { lists, accountSid, faults } = ctx;
  const base = (req: FakeRequest): string => syncBase(req.twilioHost);
  const ok = (status: number, body: Record<string, unknown>, etag?: string): FakeResponse =>
    etag === undefined ? { status, body } : { status, body, headers: { ETag: etag } };
  const route = (method: string, pattern: string, handler: RouteHandler): Route => ({ method, pattern, host: SYNC_HOST, spec: SPEC, handler });
  const concurrentWriter = (): boolean => faults.simulateConcurrentWriter();
  const ttlOf = (form: URLSearchParams): number | undefined => optInt(form, 'CollectionTtl') ?? optInt(form, 'Ttl');

  return [
    // ---- Lists ----
    route('POST', LISTS, (req) => {
      const list = lists.createList(param(req, 'ServiceSid'), opt(req.form, 'UniqueName'), ttlOf(req.form));
      return ok(201, listJson(base(req), accountSid, list));
    }),
    route('GET', LISTS, (req) => {
      const serviceSid = param(req, 'ServiceSid');
      const { records, meta } = buildPage({
        ordered: lists.listLists(serviceSid),
        cursorOf: (l) => seqCursor(l.seq),
        compare: compareStrings,
        listUrl: `${serviceUrl(base(req), serviceSid)}/Lists`,
        query: req.query,
        key: 'lists',
        maxPageSize: 100,
      });
      return ok(200, { lists: records.map((l) => listJson(base(req), accountSid, l)), meta });
    }),
    route('GET', `${LISTS}/:Sid`, (req) => ok(200, listJson(base(req), accountSid, lists.getList(param(req, 'ServiceSid'), param(req, 'Sid'))))),
    route('POST', `${LISTS}/:Sid`, (req) =>
      ok(200, listJson(base(req), accountSid, lists.updateList(param(req, 'ServiceSid'), param(req, 'Sid'), ttlOf(req.form)))),
    ),
    route('DELETE', `${LISTS}/:Sid`, (req) => {
      lists.deleteList(param(req, 'ServiceSid'), param(req, 'Sid'));
      return { status: 204 };
    }),

    // ---- List Items ----
    route('POST', ITEMS, (req) => {
      const serviceSid = param(req, 'ServiceSid');
      const listId = param(req, 'ListSid');
      const item = lists.createItem(serviceSid, listId, itemWrite(req.form));
      return ok(201, listItemJson(base(req), accountSid, lists.getList(serviceSid, listId), item), String(item.revision));
    }),
    route('GET', ITEMS, (req) => {
      const serviceSid = param(req, 'ServiceSid');
      const list = lists.getList(serviceSid, param(req, 'ListSid'));
      const order = req.query.get('Order') ?? 'asc';
      if (order !== 'asc' && order !== 'desc') throw new TwilioHttpError(400, 20001, 'Invalid Order');
      const bounds = req.query.get('Bounds') ?? 'inclusive';
      if (bounds !== 'inclusive' && bounds !== 'exclusive') throw new TwilioHttpError(400, 20001, 'Invalid Bounds');
      const compare = order === 'asc' ? compareStrings : (a: string, b: string): number => compareStrings(b, a);
      const fromRaw = req.query.get('From');
      let ordered = lists.listItems(serviceSid, list.sid, order);
      const filters: [string, string][] = [['Order', order]];
      if (fromRaw !== null) {
        if (!/^\d+$/.test(fromRaw)) throw new TwilioHttpError(400, 20001, 'Invalid From');
        const from = Number(fromRaw);
        ordered = ordered.filter((i) => {
          const c = order === 'asc' ? i.index - from : from - i.index;
          return bounds === 'inclusive' ? c >= 0 : c > 0;
        });
        filters.push(['From', fromRaw], ['Bounds', bounds]);
      }
      const { records, meta } = buildPage({
        ordered,
        cursorOf: (i) => indexCursor(i.index),
        compare,
        listUrl: `${listUrl(base(req), serviceSid, list.sid)}/Items`,
        filters,
        query: req.query,
        key: 'items',
        maxPageSize: 100,
      });
      return ok(200, { items: records.map((i) => listItemJson(base(req), accountSid, list, i)), meta });
    }),
    route('GET', `${ITEMS}/:Index`, (req) => {
      const serviceSid = param(req, 'ServiceSid');
      const list = lists.getList(serviceSid, param(req, 'ListSid'));
      const item = lists.getItem(serviceSid, list.sid, parseIndex(param(req, 'Index')));
      return ok(200, listItemJson(base(req), accountSid, list, item), String(item.revision));
    }),
    route('POST', `${ITEMS}/:Index`, (req) => {
      const serviceSid = param(req, 'ServiceSid');
      const list = lists.getList(serviceSid, param(req, 'ListSid'));
      const index = parseIndex(param(req, 'Index'));
      const item = lists.updateItem(serviceSid, list.sid, index, itemWrite(req.form), req.headers['if-match'], concurrentWriter);
      return ok(200, listItemJson(base(req), accountSid, list, item), String(item.revision));
    }),
    route('DELETE', `${ITEMS}/:Index`, (req) => {
      const index = parseIndex(param(req, 'Index'));
      lists.deleteItem(param(req, 'ServiceSid'), param(req, 'ListSid'), index, req.headers['if-match'], concurrentWriter);
      return { status: 204 };
    }),
  ];
}
