/**
 * Bounded reads for rules whose input can grow without limit (recordings, Monitor alerts): read
 * at most `limit` records of a list, page by page, stop early, and say what lies beyond — how many
 * further records were counted (up to `countLimit`, never judged) and whether pages were left
 * unread. A rule turns "beyond the bound" into `unknown` for the rest (fail closed); it never
 * treats an unread record as a pass.
 */
import { ApiError, nextPage, type TwilioApi } from './twilio-api';

type Params = Record<string, string | number | boolean>;
type Rec = Record<string, unknown>;

/** Twilio's largest page (v2010 and v1 lists). */
export const MAX_PAGE_SIZE = 1000;

export interface BoundedRead {
  /** The first `limit` records, in list order. */
  records: Rec[];
  /** Records seen after the first `limit` (counted only, up to about `countLimit`). */
  beyond: number;
  /** True when further pages exist that were never read (so `beyond` is a lower bound). */
  moreUnread: boolean;
}

export interface BoundedReadOptions {
  /** Records kept (the rule judges these). */
  limit: number;
  /** After `limit`, keep paging only to count up to this many further records (default 0). */
  countLimit?: number;
  /** Page size (default `limit`, at most MAX_PAGE_SIZE): a first page of exactly `limit` records. */
  pageSize?: number;
  params?: Params;
}

/**
 * Reads `uri` (a v2010 or v1 list under `key`) page by page: the first `limit` records are kept,
 * later ones only counted, and paging stops as soon as both bounds are met. A malformed page
 * throws like `TwilioApi.list` does (the engine reports the rule `unknown`).
 */
export async function readBounded(api: TwilioApi, uri: string, key: string, opts: BoundedReadOptions): Promise<BoundedRead> {
  const limit = Math.max(0, Math.floor(opts.limit));
  const countLimit = Math.max(0, Math.floor(opts.countLimit ?? 0));
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(opts.pageSize ?? limit)));
  const records: Rec[] = [];
  let beyond = 0;
  let next: string | null = uri;
  let first = true;
  while (next !== null && (records.length < limit || beyond < countLimit)) {
    const page = (await api.get(next, first ? { ...(opts.params ?? {}), PageSize: pageSize } : undefined)) as Rec | null;
    first = false;
    const list = page?.[key];
    if (!Array.isArray(list)) throw new ApiError(200, null);
    for (const record of list as Rec[]) {
      if (records.length < limit) records.push(record);
      else beyond += 1;
    }
    next = nextPage(page);
  }
  return { records, beyond, moreUnread: next !== null };
}
