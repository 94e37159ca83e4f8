/**
 * In-memory Sync v1 state (Services → Maps → Map Items) with Twilio's rules:
 * unique names, duplicate keys, If-Match revisions, 16 KiB data limit, TTL expiry.
 */
import { CODES, TwilioHttpError, missingParam, notFound } from './errors';
import { SID_PATTERN, makeSid } from './ids';
import type { Rng } from './prng';

export interface SyncService {
  sid: string;
  friendlyName: string | null;
  webhookUrl: string | null;
  webhooksFromRestEnabled: boolean;
  reachabilityWebhooksEnabled: boolean;
  aclEnabled: boolean;
  reachabilityDebouncingEnabled: boolean;
  reachabilityDebouncingWindow: number;
  dateCreated: Date;
  dateUpdated: Date;
  seq: number;
  maps: Map<string, SyncMapRecord>;
}

export interface SyncMapRecord {
  sid: string;
  serviceSid: string;
  uniqueName: string | null;
  revision: number;
  dateCreated: Date;
  dateUpdated: Date;
  dateExpires: Date | null;
  seq: number;
  items: Map<string, SyncItemRecord>;
}

export interface SyncItemRecord {
  key: string;
  data: Record<string, unknown>;
  revision: number;
  dateCreated: Date;
  dateUpdated: Date;
  dateExpires: Date | null;
}

export interface ItemWrite {
  /** Raw `Data` form field (a JSON string). */
  data?: string;
  itemTtl?: number;
  collectionTtl?: number;
}

/** Twilio documents Map Item data as "up to 16 KiB". */
export const MAX_DATA_BYTES = 16 * 1024;
const MAX_KEY_LENGTH = 320;
const MAX_UNIQUE_NAME_LENGTH = 320;

/**
 * Parses a `Data` form field: at most 16 KiB (413 / 54006) and a JSON object, else 400 with
 * `invalidCode` (54206 for Map Items, 54156 for List Items).
 */
export function parseData(raw: string, invalidCode: number = CODES.invalidMapItemData, what = 'Map Item'): Record<string, unknown> {
  if (Buffer.byteLength(raw, 'utf8') > MAX_DATA_BYTES) {
    throw new TwilioHttpError(413, CODES.entityTooLarge, 'Request entity too large: Data exceeds 16 KiB');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new TwilioHttpError(400, invalidCode, `Invalid ${what} data: Data must be a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

export function normaliseIfMatch(v: string): string {
  return v.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

/** Sync unique names: 1..320 characters, not SID-shaped (400 / 54302). */
export function checkUniqueName(uniqueName: string): void {
  if (uniqueName.length === 0 || uniqueName.length > MAX_UNIQUE_NAME_LENGTH || SID_PATTERN.test(uniqueName)) {
    throw new TwilioHttpError(400, CODES.invalidUniqueName, 'Invalid unique name');
  }
}

export class SyncStore {
  private readonly services = new Map<string, SyncService>();
  private seq = 0;

  constructor(
    private readonly rng: Rng,
    private readonly now: () => Date = () => new Date(),
  ) {}

  // ---- services -------------------------------------------------------------------------------
  createService(fields: Partial<Omit<SyncService, 'sid' | 'dateCreated' | 'dateUpdated' | 'seq' | 'maps'>> = {}): SyncService {
    const t = this.now();
    const svc: SyncService = {
      sid: makeSid('IS', this.rng),
      friendlyName: null,
      webhookUrl: null,
      webhooksFromRestEnabled: false,
      reachabilityWebhooksEnabled: false,
      aclEnabled: false,
      reachabilityDebouncingEnabled: false,
      reachabilityDebouncingWindow: 5000,
      ...fields,
      dateCreated: t,
      dateUpdated: t,
      seq: ++this.seq,
      maps: new Map(),
    };
    this.services.set(svc.sid, svc);
    return svc;
  }

  getService(sid: string): SyncService {
    const svc = this.services.get(sid);
    if (svc === undefined) throw notFound();
    return svc;
  }

  listServices(): SyncService[] {
    return [...this.services.values()];
  }

  deleteService(sid: string): void {
    if (!this.services.delete(sid)) throw notFound();
  }

  // ---- maps -----------------------------------------------------------------------------------
  createMap(serviceSid: string, uniqueName: string | undefined, ttlSeconds?: number): SyncMapRecord {
    const svc = this.getService(serviceSid);
    if (uniqueName !== undefined) {
      checkUniqueName(uniqueName);
      if (this.findMap(svc, uniqueName) !== undefined) {
        throw new TwilioHttpError(409, CODES.uniqueNameExists, 'Unique name already exists');
      }
    }
    const t = this.now();
    const map: SyncMapRecord = {
      sid: makeSid('MP', this.rng),
      serviceSid,
      uniqueName: uniqueName ?? null,
      revision: 0,
      dateCreated: t,
      dateUpdated: t,
      dateExpires: this.expiry(ttlSeconds),
      seq: ++this.seq,
      items: new Map(),
    };
    svc.maps.set(map.sid, map);
    return map;
  }

  getMap(serviceSid: string, sidOrUniqueName: string): SyncMapRecord {
    const map = this.findMap(this.getService(serviceSid), sidOrUniqueName);
    if (map === undefined) throw notFound();
    return map;
  }

  listMaps(serviceSid: string): SyncMapRecord[] {
    const svc = this.getService(serviceSid);
    this.purgeExpiredMaps(svc);
    return [...svc.maps.values()];
  }

  deleteMap(serviceSid: string, sidOrUniqueName: string): void {
    const map = this.getMap(serviceSid, sidOrUniqueName);
    this.getService(serviceSid).maps.delete(map.sid);
  }

  // ---- items ----------------------------------------------------------------------------------
  createItem(serviceSid: string, mapId: string, key: string | undefined, write: ItemWrite): SyncItemRecord {
    const map = this.getMap(serviceSid, mapId);
    if (key === undefined) throw missingParam('Key');
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw new TwilioHttpError(400, CODES.invalidMapItemKey, 'Invalid Map Item key');
    }
    if (write.data === undefined) {
      throw new TwilioHttpError(400, CODES.invalidMapItemData, "Invalid Map Item data: the 'Data' parameter cannot be null");
    }
    const data = parseData(write.data);
    if (this.liveItem(map, key) !== undefined) {
      throw new TwilioHttpError(409, CODES.mapItemExists, 'Map Item already exists');
    }
    const t = this.now();
    const item: SyncItemRecord = { key, data, revision: 0, dateCreated: t, dateUpdated: t, dateExpires: this.expiry(write.itemTtl) };
    map.items.set(key, item);
    this.touchMap(map, write.collectionTtl);
    return item;
  }

  getItem(serviceSid: string, mapId: string, key: string): SyncItemRecord {
    const item = this.liveItem(this.getMap(serviceSid, mapId), key);
    if (item === undefined) throw notFound();
    return item;
  }

  updateItem(
    serviceSid: string,
    mapId: string,
    key: string,
    write: ItemWrite,
    ifMatch: string | undefined,
    concurrentWriter: () => boolean,
  ): SyncItemRecord {
    const map = this.getMap(serviceSid, mapId);
    const item = this.liveItem(map, key);
    if (item === undefined) throw notFound();
    const data = write.data === undefined ? undefined : parseData(write.data);
    this.checkRevision(map, item, ifMatch, concurrentWriter);
    if (data !== undefined) item.data = data;
    if (write.itemTtl !== undefined) item.dateExpires = this.expiry(write.itemTtl);
    item.revision += 1;
    item.dateUpdated = this.now();
    this.touchMap(map, write.collectionTtl);
    return item;
  }

  deleteItem(serviceSid: string, mapId: string, key: string, ifMatch: string | undefined, concurrentWriter: () => boolean): void {
    const map = this.getMap(serviceSid, mapId);
    const item = this.liveItem(map, key);
    if (item === undefined) throw notFound();
    this.checkRevision(map, item, ifMatch, concurrentWriter);
    map.items.delete(key);
    this.touchMap(map, undefined);
  }

  /** Live items sorted lexicographically by key (`desc` reverses). */
  listItems(serviceSid: string, mapId: string, order: 'asc' | 'desc' = 'asc'): SyncItemRecord[] {
    const map = this.getMap(serviceSid, mapId);
    const items = [...map.items.keys()]
      .map((k) => this.liveItem(map, k))
      .filter((i): i is SyncItemRecord => i !== undefined)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return order === 'desc' ? items.reverse() : items;
  }

  // ---- internals ------------------------------------------------------------------------------
  private checkRevision(map: SyncMapRecord, item: SyncItemRecord, ifMatch: string | undefined, concurrentWriter: () => boolean): void {
    if (ifMatch === undefined) return;
    const expected = normaliseIfMatch(ifMatch);
    const matches = expected === '*' || expected === String(item.revision);
    if (matches && concurrentWriter()) {
      // A simulated concurrent writer got there first: its write bumps the revision.
      item.revision += 1;
      item.dateUpdated = this.now();
      this.touchMap(map, undefined);
    } else if (matches) {
      return;
    }
    throw new TwilioHttpError(412, CODES.mapItemRevisionMismatch, 'The revision of the Map Item does not match the expected revision');
  }

  private findMap(svc: SyncService, sidOrUniqueName: string): SyncMapRecord | undefined {
    this.purgeExpiredMaps(svc);
    const bySid = svc.maps.get(sidOrUniqueName);
    if (bySid !== undefined) return bySid;
    for (const m of svc.maps.values()) if (m.uniqueName === sidOrUniqueName) return m;
    return undefined;
  }

  private liveItem(map: SyncMapRecord, key: string): SyncItemRecord | undefined {
    const item = map.items.get(key);
    if (item !== undefined && item.dateExpires !== null && item.dateExpires.getTime() <= this.now().getTime()) {
      map.items.delete(key);
      return undefined;
    }
    return item;
  }

  private purgeExpiredMaps(svc: SyncService): void {
    const t = this.now().getTime();
    for (const [sid, m] of svc.maps) if (m.dateExpires !== null && m.dateExpires.getTime() <= t) svc.maps.delete(sid);
  }

  private touchMap(map: SyncMapRecord, collectionTtl: number | undefined): void {
    map.revision += 1;
    map.dateUpdated = this.now();
    if (collectionTtl !== undefined) map.dateExpires = this.expiry(collectionTtl);
  }

  private expiry(ttlSeconds: number | undefined): Date | null {
    if (ttlSeconds === undefined || ttlSeconds <= 0) return null;
    return new Date(this.now().getTime() + ttlSeconds * 1000);
  }
}
