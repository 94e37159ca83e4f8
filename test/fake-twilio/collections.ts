/**
 * Generic list/fetch/update routes over in-memory records, for products whose fake only needs to
 * serve what tests seed (Accounts, numbers, Messaging Services, Serverless, Studio, ...). Records
 * are stored in wire form (snake_case, as the spec's schema); every response still goes through the
 * pipeline's OpenAPI validation. Lists page like Twilio: v2010 with a relative `next_page_uri`, v1
 * with `meta.next_page_url` (absolute).
 */
import { TwilioHttpError, CODES } from './errors';
import type { FakeRequest, FakeResponse, Route } from './types';

export type WireRecord = Record<string, unknown>;

export class ResourceStore {
  private readonly lists = new Map<string, WireRecord[]>();

  add<T extends WireRecord>(collection: string, record: T): T {
    const list = this.lists.get(collection);
    if (list) list.push(record);
    else this.lists.set(collection, [record]);
    return record;
  }

  all(collection: string): WireRecord[] {
    return this.lists.get(collection) ?? [];
  }

  clear(collection?: string): void {
    if (collection === undefined) this.lists.clear();
    else this.lists.delete(collection);
  }
}

export type FieldType = 'string' | 'boolean' | 'number' | 'json';

export interface CollectionDef {
  /** Store collection name, e.g. `incoming_phone_numbers`. */
  name: string;
  host: string;
  /** OpenAPI spec file name without `.json`, e.g. `twilio_api_v2010`. */
  spec: string;
  style: 'v1' | 'v2010';
  /** List path pattern with `:Param` placeholders. */
  list: string;
  /** Item path pattern; its last placeholder identifies the record (by `sid`, or `idField`). */
  item?: string;
  /** The list's array key, e.g. `incoming_phone_numbers`, `services`. */
  key: string;
  /** Record field matched by the item placeholder (default `sid`). */
  idField?: string;
  /** POST to the item: form parameter → record field and type. */
  updatable?: Record<string, { field: string; type: FieldType }>;
  /** Query parameters that filter the list: parameter → record field. */
  filters?: Record<string, string>;
  /** Extra fields merged into each record on the way out (e.g. computed links). */
  present?: (record: WireRecord) => WireRecord;
}

const snake = (param: string): string => param.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** Records visible at this request: same account (unless the path names it), path params, query filters. */
export function scoped(def: CollectionDef, req: FakeRequest, records: readonly WireRecord[], idParam: string | null): WireRecord[] {
  const pathParams = Object.entries(req.params).filter(([name]) => name !== idParam);
  const byAccount = !pathParams.some(([name]) => name === 'AccountSid') && req.authAccountSid !== null;
  return records.filter((r) => {
    if (byAccount && typeof r.account_sid === 'string' && r.account_sid !== req.authAccountSid) return false;
    for (const [name, value] of pathParams) if (r[snake(name)] !== value) return false;
    for (const [param, field] of Object.entries(def.filters ?? {})) {
      const wanted = req.query.get(param);
      if (wanted !== null && String(r[field]) !== wanted) return false;
    }
    return true;
  });
}

function intQuery(req: FakeRequest, name: string, fallback: number, max: number): number {
  const raw = req.query.get(name);
  if (raw === null) return fallback;
  if (!/^[0-9]+$/.test(raw) || Number(raw) > max) throw new TwilioHttpError(400, 20001, `Invalid ${name}`);
  return Number(raw);
}

/** One page of `records` in the collection's style (v2010 or v1 `meta`). */
export function pageOf(def: CollectionDef, req: FakeRequest, records: WireRecord[]): WireRecord {
  const pageSize = Math.max(1, intQuery(req, 'PageSize', 50, 1000));
  const page = intQuery(req, 'Page', 0, 1_000_000);
  const start = page * pageSize;
  const slice = records.slice(start, start + pageSize).map((r) => (def.present ? { ...r, ...def.present(r) } : r));
  const hasNext = start + pageSize < records.length;
  const filters = Object.keys(def.filters ?? {})
    .map((p): [string, string | null] => [p, req.query.get(p)])
    .filter((e): e is [string, string] => e[1] !== null);
  const qs = (p: number): string => new URLSearchParams([...filters, ['PageSize', String(pageSize)], ['Page', String(p)]]).toString();
  if (def.style === 'v2010') {
    return {
      [def.key]: slice,
      first_page_uri: `${req.path}?${qs(0)}`,
      next_page_uri: hasNext ? `${req.path}?${qs(page + 1)}` : null,
      previous_page_uri: page > 0 ? `${req.path}?${qs(page - 1)}` : null,
      uri: `${req.path}?${qs(page)}`,
      page,
      page_size: pageSize,
      start,
      end: start + Math.max(0, slice.length - 1),
    };
  }
  const base = `https://${def.host}${req.path}`;
  return {
    [def.key]: slice,
    meta: {
      page,
      page_size: pageSize,
      first_page_url: `${base}?${qs(0)}`,
      previous_page_url: page > 0 ? `${base}?${qs(page - 1)}` : null,
      url: `${base}?${qs(page)}`,
      next_page_url: hasNext ? `${base}?${qs(page + 1)}` : null,
      key: def.key,
    },
  };
}

function coerce(value: string, type: FieldType): unknown {
  if (type === 'boolean') {
    if (value !== 'true' && value !== 'false') throw new TwilioHttpError(400, 20001, 'Invalid boolean parameter');
    return value === 'true';
  }
  if (type === 'number') return Number(value);
  if (type === 'json') {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw new TwilioHttpError(400, 20001, 'Invalid JSON parameter');
    }
  }
  return value;
}

export function collectionRoutes(store: ResourceStore, def: CollectionDef): Route[] {
  const idParam = def.item ? (/:([A-Za-z]+)[^:]*$/.exec(def.item)?.[1] ?? null) : null;
  const find = (req: FakeRequest): WireRecord => {
    const id = idParam ? req.params[idParam] : undefined;
    const hit = scoped(def, req, store.all(def.name), idParam).find((r) => r[def.idField ?? 'sid'] === id);
    if (!hit) throw new TwilioHttpError(404, CODES.notFound, 'The requested resource was not found');
    return hit;
  };
  const routes: Route[] = [
    {
      method: 'GET',
      pattern: def.list,
      host: def.host,
      spec: def.spec,
      handler: (req): FakeResponse => ({ status: 200, body: pageOf(def, req, scoped(def, req, store.all(def.name), null)) }),
    },
  ];
  if (def.item) {
    routes.push({
      method: 'GET',
      pattern: def.item,
      host: def.host,
      spec: def.spec,
      handler: (req): FakeResponse => {
        const r = find(req);
        return { status: 200, body: def.present ? { ...r, ...def.present(r) } : r };
      },
    });
    if (def.updatable) {
      const updatable = def.updatable;
      routes.push({
        method: 'POST',
        pattern: def.item,
        host: def.host,
        spec: def.spec,
        handler: (req): FakeResponse => {
          const r = find(req);
          for (const [param, value] of req.form) {
            const target = updatable[param];
            if (!target) throw new TwilioHttpError(400, 20001, 'Unknown parameter');
            r[target.field] = coerce(value, target.type);
          }
          // Only resources that document date_updated carry it (webhook configurations, add-on extensions do not).
          if ('date_updated' in r)
            r.date_updated =
              typeof r.date_updated === 'string' && r.date_updated.includes(',')
                ? new Date().toUTCString().replace('GMT', '+0000')
                : new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
          return { status: 200, body: def.present ? { ...r, ...def.present(r) } : r };
        },
      });
    }
  }
  return routes;
}
