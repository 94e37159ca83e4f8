/**
 * What Sync v1 Maps and Lists share: collections per service, found by SID or unique name (409 / 54301,
 * 400 / 54302), TTL expiry on the fake's clock, and items with revisions, If-Match (412) and 16 KiB
 * JSON data (413 / 54006). A `SyncCollectionKind` supplies what differs: the SID prefix, the item key
 * type and order, the error codes and wording; subclasses decide how a new item's key is chosen.
 */
import { CODES, TwilioHttpError, notFound } from './errors';
import { SID_PATTERN, makeSid } from './ids';
import type { Rng } from './prng';

/** An item's fields apart from its key (`key` for Map Items, `index` for List Items). */
export interface SyncItemFields {
  data: Record<string, unknown>;
  revision: number;
  dateCreated: Date;
  dateUpdated: Date;
  dateExpires: Date | null;
}

/** A collection's fields apart from its items. */
export interface SyncCollectionFields {
  sid: string;
  serviceSid: string;
  uniqueName: string | null;
  revision: number;
  dateCreated: Date;
  dateUpdated: Date;
  dateExpires: Date | null;
  seq: number;
}

export interface SyncCollectionRecord<K extends string | number, Item extends SyncItemFields> extends SyncCollectionFields {
  items: Map<K, Item>;
}

export interface ItemWrite {
  /** Raw `Data` form field (a JSON string). */
  data?: string;
  itemTtl?: number;
  collectionTtl?: number;
}

/** What differs between Maps and Lists. */
export interface SyncCollectionKind<K extends string | number, Item extends SyncItemFields, C extends SyncCollectionRecord<K, Item>> {
  /** SID prefix of a new collection (`MP`, `ES`). */
  sidPrefix: string;
  /** `Map Item` / `List Item`, as error messages name it. */
  itemName: string;
  /** 400 code for missing or invalid item data (54206 Map Item, 54156 List Item). */
  invalidDataCode: number;
  /** 412 code for a stale If-Match (54205 Map Item, 54155 List Item). */
  revisionMismatchCode: number;
  /** Listing order of item keys (ascending). */
  compareKeys(a: K, b: K): number;
  newCollection(fields: SyncCollectionRecord<K, Item>): C;
  newItem(key: K, fields: SyncItemFields): Item;
}

export interface SyncCollectionDeps<C> {
  rng: Rng;
  now: () => Date;
  /** The service's collections (throws 404 when the service does not exist). */
  collectionsOf(serviceSid: string): Map<string, C>;
  /** Sequence number of a new collection (its listing cursor). */
  nextSeq(): number;
}

/** Twilio documents item data as "up to 16 KiB". */
export const MAX_DATA_BYTES = 16 * 1024;
const MAX_UNIQUE_NAME_LENGTH = 320;

/**
 * Parses a `Data` form field: at most 16 KiB (413 / 54006) and a JSON object, else 400 with
 * `invalidCode` (54206 for Map Items, 54156 for List Items).
 */
export function parseData(raw: string, invalidCode: number, what: string): Record<string, unknown> {
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
  return v
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
}

/** Sync unique names: 1..320 characters, not SID-shaped (400 / 54302). */
export function checkUniqueName(uniqueName: string): void {
  if (uniqueName.length === 0 || uniqueName.length > MAX_UNIQUE_NAME_LENGTH || SID_PATTERN.test(uniqueName)) {
    throw new TwilioHttpError(400, CODES.invalidUniqueName, 'Invalid unique name');
  }
}

export class SyncCollectionStore<K extends string | number, Item extends SyncItemFields, C extends SyncCollectionRecord<K, Item>> {
  constructor(
    private readonly kind: SyncCollectionKind<K, Item, C>,
    private readonly deps: SyncCollectionDeps<C>,
  ) {}

  // ---- collections ----------------------------------------------------------------------------
  createCollection(serviceSid: string, uniqueName: string | undefined, ttlSeconds?: number): C {
    const collections = this.deps.collectionsOf(serviceSid);
    if (uniqueName !== undefined) {
      checkUniqueName(uniqueName);
      if (this.find(collections, uniqueName) !== undefined) {
        throw new TwilioHttpError(409, CODES.uniqueNameExists, 'Unique name already exists');
      }
    }
    const t = this.now();
    const collection = this.kind.newCollection({
      sid: makeSid(this.kind.sidPrefix, this.deps.rng),
      serviceSid,
      uniqueName: uniqueName ?? null,
      revision: 0,
      dateCreated: t,
      dateUpdated: t,
      dateExpires: this.expiry(ttlSeconds),
      seq: this.deps.nextSeq(),
      items: new Map(),
    });
    collections.set(collection.sid, collection);
    return collection;
  }

  getCollection(serviceSid: string, sidOrUniqueName: string): C {
    const collection = this.find(this.deps.collectionsOf(serviceSid), sidOrUniqueName);
    if (collection === undefined) throw notFound();
    return collection;
  }

  /** Live collections in creation order. */
  listCollections(serviceSid: string): C[] {
    const collections = this.deps.collectionsOf(serviceSid);
    this.purgeExpired(collections);
    return [...collections.values()].sort((a, b) => a.seq - b.seq);
  }

  /** `Ttl` / `CollectionTtl` on an update: a new expiry (0 clears it); the revision moves on. */
  updateCollection(serviceSid: string, sidOrUniqueName: string, ttlSeconds: number | undefined): C {
    const collection = this.getCollection(serviceSid, sidOrUniqueName);
    this.touch(collection, ttlSeconds);
    return collection;
  }

  deleteCollection(serviceSid: string, sidOrUniqueName: string): void {
    const collection = this.getCollection(serviceSid, sidOrUniqueName);
    this.deps.collectionsOf(serviceSid).delete(collection.sid);
  }

  // ---- items ----------------------------------------------------------------------------------
  getItem(serviceSid: string, collectionId: string, key: K): Item {
    const item = this.liveItem(this.getCollection(serviceSid, collectionId), key);
    if (item === undefined) throw notFound();
    return item;
  }

  updateItem(
    serviceSid: string,
    collectionId: string,
    key: K,
    write: ItemWrite,
    ifMatch: string | undefined,
    concurrentWriter: () => boolean,
  ): Item {
    const collection = this.getCollection(serviceSid, collectionId);
    const item = this.liveItem(collection, key);
    if (item === undefined) throw notFound();
    const data = write.data === undefined ? undefined : this.parseData(write.data);
    this.checkRevision(collection, item, ifMatch, concurrentWriter);
    if (data !== undefined) item.data = data;
    if (write.itemTtl !== undefined) item.dateExpires = this.expiry(write.itemTtl);
    item.revision += 1;
    item.dateUpdated = this.now();
    this.touch(collection, write.collectionTtl);
    return item;
  }

  deleteItem(serviceSid: string, collectionId: string, key: K, ifMatch: string | undefined, concurrentWriter: () => boolean): void {
    const collection = this.getCollection(serviceSid, collectionId);
    const item = this.liveItem(collection, key);
    if (item === undefined) throw notFound();
    this.checkRevision(collection, item, ifMatch, concurrentWriter);
    collection.items.delete(key);
    this.touch(collection, undefined);
  }

  /** Live items in key order (`desc` reverses). */
  listItems(serviceSid: string, collectionId: string, order: 'asc' | 'desc' = 'asc'): Item[] {
    const collection = this.getCollection(serviceSid, collectionId);
    const items = [...collection.items.keys()]
      .sort((a, b) => this.kind.compareKeys(a, b))
      .map((k) => this.liveItem(collection, k))
      .filter((i): i is Item => i !== undefined);
    return order === 'desc' ? items.reverse() : items;
  }

  // ---- for subclasses -------------------------------------------------------------------------
  /**
   * Adds an item once its data is valid (present: else 400, a JSON object of at most 16 KiB), under
   * the key `claimKey` then picks (it may refuse, e.g. 409 for a Map Item key in use).
   */
  protected addItem(collection: C, write: ItemWrite, claimKey: (collection: C) => K): Item {
    if (write.data === undefined) {
      throw new TwilioHttpError(400, this.kind.invalidDataCode, `Invalid ${this.kind.itemName} data: the 'Data' parameter cannot be null`);
    }
    const data = this.parseData(write.data);
    const key = claimKey(collection);
    const t = this.now();
    const item = this.kind.newItem(key, { data, revision: 0, dateCreated: t, dateUpdated: t, dateExpires: this.expiry(write.itemTtl) });
    collection.items.set(key, item);
    this.touch(collection, write.collectionTtl);
    return item;
  }

  /** The item under `key`, unless absent or expired (an expired one is dropped). */
  protected liveItem(collection: C, key: K): Item | undefined {
    const item = collection.items.get(key);
    if (item !== undefined && item.dateExpires !== null && item.dateExpires.getTime() <= this.now().getTime()) {
      collection.items.delete(key);
      return undefined;
    }
    return item;
  }

  // ---- internals ------------------------------------------------------------------------------
  private parseData(raw: string): Record<string, unknown> {
    return parseData(raw, this.kind.invalidDataCode, this.kind.itemName);
  }

  private checkRevision(collection: C, item: Item, ifMatch: string | undefined, concurrentWriter: () => boolean): void {
    if (ifMatch === undefined) return;
    const expected = normaliseIfMatch(ifMatch);
    const matches = expected === '*' || expected === String(item.revision);
    if (matches && concurrentWriter()) {
      // A simulated concurrent writer got there first: its write bumps the revision.
      item.revision += 1;
      item.dateUpdated = this.now();
      this.touch(collection, undefined);
    } else if (matches) {
      return;
    }
    const name = this.kind.itemName;
    throw new TwilioHttpError(412, this.kind.revisionMismatchCode, `The revision of the ${name} does not match the expected revision`);
  }

  private find(collections: Map<string, C>, sidOrUniqueName: string): C | undefined {
    this.purgeExpired(collections);
    const bySid = collections.get(sidOrUniqueName);
    if (bySid !== undefined) return bySid;
    for (const c of collections.values()) if (c.uniqueName === sidOrUniqueName) return c;
    return undefined;
  }

  private purgeExpired(collections: Map<string, C>): void {
    const t = this.now().getTime();
    for (const [sid, c] of collections) if (c.dateExpires !== null && c.dateExpires.getTime() <= t) collections.delete(sid);
  }

  private touch(collection: C, collectionTtl: number | undefined): void {
    collection.revision += 1;
    collection.dateUpdated = this.now();
    if (collectionTtl !== undefined) collection.dateExpires = this.expiry(collectionTtl);
  }

  private expiry(ttlSeconds: number | undefined): Date | null {
    if (ttlSeconds === undefined || ttlSeconds <= 0) return null;
    return new Date(this.now().getTime() + ttlSeconds * 1000);
  }

  private now(): Date {
    return this.deps.now();
  }
}
