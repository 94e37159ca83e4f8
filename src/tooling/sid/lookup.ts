/**
 * What every kind's lookup shares: the context (SDK client, the account, flags, bounds), the two
 * outcomes besides success (not found; could not check, with HTTP status and Twilio code only,
 * never the API's message text) and a bounded parent search (a Studio execution needs its flow, a
 * verification its Verify Service, ...): children are tried under the first `bound` parents, a few
 * at a time; 404 means "not under this one", anything else is remembered, and the search only
 * answers "not found" when every parent was searched and answered.
 */
import type { Twilio } from 'twilio';

export interface Bounds {
  /** Parents searched for a child SID (flows, services). */
  parents: number;
  /** Items read from one list (steps, numbers, recordings, versions, variables). */
  items: number;
  /** Monitor alerts read for the alert listing. */
  alerts: number;
}

export const DEFAULT_BOUNDS: Bounds = { parents: 200, items: 500, alerts: 5000 };

export interface LookupContext {
  client: Twilio;
  /** The account the credentials belong to. */
  accountSid: string;
  /** `--flow FW…`: the flow of an FN / FT. */
  flowSid?: string;
  /** `--execution FN…`: the execution of an FT. */
  executionSid?: string;
  bounds: Bounds;
}

export class NotFound extends Error {
  /** What was searched, e.g. `12 Studio flows`, when the SID needed a search. */
  constructor(readonly searched?: string) {
    super('not found');
    this.name = 'NotFound';
  }
}

export class CouldNotCheck extends Error {
  constructor(readonly detail: string) {
    super(`could not check: ${detail}`);
    this.name = 'CouldNotCheck';
  }
}

function statusOf(err: unknown): { status: number | null; code: number | null } {
  const e = err as { status?: unknown; code?: unknown } | null;
  const status = typeof e?.status === 'number' ? e.status : null;
  const code = typeof e?.code === 'number' ? e.code : null;
  return { status, code };
}

export const isNotFound = (err: unknown): boolean => statusOf(err).status === 404;

/** "HTTP 503, code 20500": the status and code of a failed call, nothing else. */
export function failure(err: unknown, what: string): CouldNotCheck {
  if (err instanceof CouldNotCheck) return err;
  const { status, code } = statusOf(err);
  return new CouldNotCheck(
    `${what} failed (${status === null ? 'no HTTP answer' : `HTTP ${status}`}${code === null ? '' : `, code ${code}`})`,
  );
}

/** The API call's result; 404 → NotFound; any other failure → CouldNotCheck. */
export async function fetchOne<T>(call: () => Promise<T>, what: string): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (isNotFound(err)) throw new NotFound();
    throw failure(err, what);
  }
}

/** The call's result, or null on 404; other failures → CouldNotCheck. */
export async function fetchOrNull<T>(call: () => Promise<T>, what: string): Promise<T | null> {
  try {
    return await call();
  } catch (err) {
    if (isNotFound(err)) return null;
    throw failure(err, what);
  }
}

export interface Bounded<T> {
  items: T[];
  /** More than the bound exist: only the first `bound` are in `items`. */
  more: boolean;
}

/** Twilio's largest page. */
export const MAX_PAGE_SIZE = 1000;

/** What the SDK's `list()` takes: the item limit and a page size Twilio accepts. */
export interface ListPage {
  limit: number;
  pageSize: number;
}

export const page = (limit: number): ListPage => ({ limit, pageSize: Math.min(limit, MAX_PAGE_SIZE) });

/** Lists at most `bound` items (asks for one more to know whether there are others). */
export async function listBounded<T>(list: (page: ListPage) => Promise<T[]>, bound: number, what: string): Promise<Bounded<T>> {
  let all: T[];
  try {
    all = await list(page(bound + 1));
  } catch (err) {
    throw failure(err, what);
  }
  return { items: all.slice(0, bound), more: all.length > bound };
}

const SEARCH_CONCURRENCY = 6;

/**
 * Tries `probe` under each parent until one answers. `probe` returns null for "not here" (404) and
 * throws CouldNotCheck for anything else. Found → the result; every parent answered "not here" and
 * there are no others → NotFound; otherwise → CouldNotCheck (fail closed).
 */
export async function searchUnder<P, T>(parents: Bounded<P>, probe: (parent: P) => Promise<T | null>, noun: string): Promise<T> {
  let next = 0;
  let hit: T | null = null;
  let failed: CouldNotCheck | null = null;
  const worker = async (): Promise<void> => {
    while (hit === null && next < parents.items.length) {
      const parent = parents.items[next++] as P;
      try {
        const r = await probe(parent);
        if (r !== null && hit === null) hit = r;
      } catch (err) {
        failed ??= failure(err, `searching ${noun}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SEARCH_CONCURRENCY, parents.items.length) }, worker));
  if (hit !== null) return hit;
  if (failed !== null) throw failed;
  const searched = `${parents.items.length} ${noun}`;
  if (parents.more) throw new CouldNotCheck(`not in the first ${searched}; more exist and were not searched`);
  throw new NotFound(searched);
}
