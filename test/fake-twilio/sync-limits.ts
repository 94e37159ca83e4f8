/**
 * Opt-in enforcement of Sync's documented per-object rate limits (https://www.twilio.com/docs/sync/limits):
 * up to 20 reads/s and 20 writes/s per object (a Map, List or Document: reading or writing any of
 * its items counts against the containing object), with a 10 s burst window; past them Sync answers
 * HTTP 429 with error 54009 (https://www.twilio.com/docs/api/errors/54009). Modelled as one token
 * bucket per object and direction: it holds `perSecond × burstSeconds` tokens and refills at
 * `perSecond`, so a sustained rate above the limit is refused once the burst allowance is spent.
 * Off unless `enable()` is called, so other tests are unaffected. Objects are told apart by the
 * path segment that names them (unique name or SID, as the caller wrote it).
 */
import { twilioErrorBody } from './errors';
import type { FakeResponse } from './types';

export const CODE_SYNC_RATE_LIMIT = 54009;

export interface SyncLimitSettings {
  readsPerSecond: number;
  writesPerSecond: number;
  burstSeconds: number;
  /** Milliseconds, monotonic (default: performance.now). */
  now?: () => number;
}

export const SYNC_DOCUMENTED_LIMITS: SyncLimitSettings = { readsPerSecond: 20, writesPerSecond: 20, burstSeconds: 10 };

interface Bucket {
  tokens: number;
  at: number;
}

export interface SyncLimitStats {
  /** Requests refused with 429 / 54009, by direction. */
  refusedReads: number;
  refusedWrites: number;
  /** Refusals by object (`Maps/name`), for finding the bottleneck. */
  byObject: Map<string, number>;
  /** Requests counted against a limit, by object and direction. */
  counted: Map<string, { reads: number; writes: number }>;
}

const OBJECT_PATH = /^\/v1\/Services\/[^/]+\/(Maps|Lists|Documents)\/([^/]+)(?:\/|$)/;

export class SyncLimits {
  private settings: SyncLimitSettings | null = null;
  private readonly buckets = new Map<string, Bucket>();
  readonly stats: SyncLimitStats = { refusedReads: 0, refusedWrites: 0, byObject: new Map(), counted: new Map() };

  enable(settings: SyncLimitSettings = SYNC_DOCUMENTED_LIMITS): void {
    this.settings = settings;
    this.reset();
  }

  disable(): void {
    this.settings = null;
    this.reset();
  }

  get enabled(): boolean {
    return this.settings !== null;
  }

  reset(): void {
    this.buckets.clear();
    this.stats.refusedReads = 0;
    this.stats.refusedWrites = 0;
    this.stats.byObject.clear();
    this.stats.counted.clear();
  }

  /** The 429 for this request when it is past its object's limit; undefined to let it through (and count it). */
  check(method: string, path: string): FakeResponse | undefined {
    const s = this.settings;
    if (s === null) return undefined;
    const m = OBJECT_PATH.exec(path);
    if (m === null) return undefined;
    const object = `${m[1]}/${m[2]}`;
    const write = method !== 'GET';
    const perSecond = write ? s.writesPerSecond : s.readsPerSecond;
    const capacity = perSecond * s.burstSeconds;
    const now = (s.now ?? (() => performance.now()))();
    const id = `${write ? 'w' : 'r'}:${object}`;
    const bucket = this.buckets.get(id) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(id, bucket);
    if (bucket.tokens < 1) {
      if (write) this.stats.refusedWrites += 1;
      else this.stats.refusedReads += 1;
      this.stats.byObject.set(object, (this.stats.byObject.get(object) ?? 0) + 1);
      return { status: 429, body: twilioErrorBody(429, CODE_SYNC_RATE_LIMIT, 'Rate limit exceeded') };
    }
    bucket.tokens -= 1;
    const counted = this.stats.counted.get(object) ?? { reads: 0, writes: 0 };
    if (write) counted.writes += 1;
    else counted.reads += 1;
    this.stats.counted.set(object, counted);
    return undefined;
  }
}
