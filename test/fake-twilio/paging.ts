/**
 * Twilio-style cursor paging: `PageSize`, `Page`, opaque `PageToken`, and a `meta`
 * object with absolute `url` / `first_page_url` / `next_page_url` / `previous_page_url`.
 */
import { TwilioHttpError } from './errors';

export interface PageMeta {
  page: number;
  page_size: number;
  first_page_url: string;
  previous_page_url: string | null;
  url: string;
  next_page_url: string | null;
  key: string;
}

export interface PageOptions<T> {
  /** Every record, already in listing order. */
  ordered: readonly T[];
  /** A record's cursor value; `compare` must agree with the order of `ordered`. */
  cursorOf: (record: T) => string;
  compare: (a: string, b: string) => number;
  /** Absolute list URL without query string, e.g. `https://sync.twilio.com/v1/Services`. */
  listUrl: string;
  /** Filter parameters to repeat in every page URL (e.g. Order, From, Bounds). */
  filters?: ReadonlyArray<readonly [string, string]>;
  query: URLSearchParams;
  key: string;
  defaultPageSize?: number;
  maxPageSize?: number;
}

const invalid = (what: string): TwilioHttpError => new TwilioHttpError(400, 20001, `Invalid ${what}`);

function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) throw invalid(name);
  const n = Number(raw);
  if (n < min || n > max) throw invalid(name);
  return n;
}

function encodeToken(direction: 'A' | 'B', cursor: string): string {
  return `P${direction}${Buffer.from(cursor, 'utf8').toString('base64url')}`;
}

function decodeToken(token: string): { direction: 'A' | 'B'; cursor: string } {
  const m = /^P([AB])([A-Za-z0-9_-]*)$/.exec(token);
  if (m === null) throw invalid('PageToken');
  return { direction: m[1] as 'A' | 'B', cursor: Buffer.from(m[2] as string, 'base64url').toString('utf8') };
}

export function buildPage<T>(o: PageOptions<T>): { records: T[]; meta: PageMeta } {
  const pageSize = intParam(o.query, 'PageSize', o.defaultPageSize ?? 50, 1, o.maxPageSize ?? 1000);
  const page = intParam(o.query, 'Page', 0, 0, Number.MAX_SAFE_INTEGER);
  const tokenRaw = o.query.get('PageToken');
  const n = o.ordered.length;

  let start = 0;
  let end = Math.min(n, pageSize);
  if (tokenRaw !== null && tokenRaw !== '') {
    const { direction, cursor } = decodeToken(tokenRaw);
    if (direction === 'A') {
      start = o.ordered.findIndex((r) => o.compare(o.cursorOf(r), cursor) > 0);
      if (start < 0) start = n;
      end = Math.min(n, start + pageSize);
    } else {
      end = o.ordered.findIndex((r) => o.compare(o.cursorOf(r), cursor) >= 0);
      if (end < 0) end = n;
      start = Math.max(0, end - pageSize);
    }
  }
  const records = o.ordered.slice(start, end);

  const pageUrl = (p: number, token?: string): string => {
    const qs = new URLSearchParams();
    for (const [k, v] of o.filters ?? []) qs.append(k, v);
    qs.append('PageSize', String(pageSize));
    qs.append('Page', String(p));
    if (token !== undefined) qs.append('PageToken', token);
    return `${o.listUrl}?${qs.toString()}`;
  };
  const first = records[0];
  const last = records[records.length - 1];
  const meta: PageMeta = {
    page,
    page_size: pageSize,
    first_page_url: pageUrl(0),
    previous_page_url: start > 0 && first !== undefined ? pageUrl(Math.max(0, page - 1), encodeToken('B', o.cursorOf(first))) : null,
    url: pageUrl(page, tokenRaw !== null && tokenRaw !== '' ? tokenRaw : undefined),
    next_page_url: end < n && last !== undefined ? pageUrl(page + 1, encodeToken('A', o.cursorOf(last))) : null,
    key: o.key,
  };
  return { records, meta };
}

export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Cursor for insertion-ordered collections: zero-padded sequence number. */
export const seqCursor = (seq: number): string => String(seq).padStart(12, '0');
