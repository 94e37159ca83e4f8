/**
 * In-memory Sync v1 Lists and List Items with Twilio's rules: unique names (409 / 54301), items
 * appended at increasing integer indexes (never reused), If-Match revisions (412 / 54155),
 * 16 KiB data (413 / 54006) and TTL expiry on the fake's clock. Services live in SyncStore.
 */
import { CODES, TwilioHttpError, notFound } from './errors';
import { makeSid } from './ids';
import type { Rng } from './prng';
import { checkUniqueName, normaliseIfMatch, parseData, type ItemWrite, type SyncStore } from './sync-store';

export interface SyncListRecord {
  sid: string;
  serviceSid: string;
  uniqueName: string | null;
  revision: number;
  dateCreated: Date;
  dateUpdated: Date;
  dateExpires: Date | null;
  seq: number;
  nextIndex: number;
  items: Map<number, SyncListItemRecord>;
}

export interface SyncListItemRecord {
  index: number;
  data: Record<string, unknown>;
  revision: number;
  dateCreated: Date;
  dateUpdated: Date;
  dateExpires: Date | null;
}

const LIST_ITEM = 'List Item';

/** Parses an `:Index` path segment (400 / 54458 unless a non-negative integer). */
export function parseIndex(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new TwilioHttpError(400, CODES.invalidListItemIndex, 'Invalid List Item index');
  return Number(raw);
}

export class SyncListStore {
  /** serviceSid → list sid → list */
  private readonly byService = new Map<string, Map<string, SyncListRecord>>();
  private seq = 0;

  constructor(
    private readonly services: SyncStore,
    private readonly rng: Rng,
    private readonly now: () => Date,
  ) {}

  // ---- lists ----------------------------------------------------------------------------------
  createList(serviceSid: string, uniqueName: string | undefined, ttlSeconds?: number): SyncListRecord {
    const lists = this.listsOf(serviceSid);
    if (uniqueName !== undefined) {
      checkUniqueName(uniqueName);
      if (this.find(lists, uniqueName) !== undefined) throw new TwilioHttpError(409, CODES.uniqueNameExists, 'Unique name already exists');
    }
    const t = this.now();
    const list: SyncListRecord = {
      sid: makeSid('ES', this.rng),
      serviceSid,
      uniqueName: uniqueName ?? null,
      revision: 0,
      dateCreated: t,
      dateUpdated: t,
      dateExpires: this.expiry(ttlSeconds),
      seq: ++this.seq,
      nextIndex: 0,
      items: new Map(),
    };
    lists.set(list.sid, list);
    return list;
  }

  getList(serviceSid: string, sidOrUniqueName: string): SyncListRecord {
    const list = this.find(this.listsOf(serviceSid), sidOrUniqueName);
    if (list === undefined) throw notFound();
    return list;
  }

  listLists(serviceSid: string): SyncListRecord[] {
    const lists = this.listsOf(serviceSid);
    this.purgeExpired(lists);
    return [...lists.values()].sort((a, b) => a.seq - b.seq);
  }

  /** `Ttl` / `CollectionTtl` on a list update: a new expiry (0 clears it). */
  updateList(serviceSid: string, sidOrUniqueName: string, ttlSeconds: number | undefined): SyncListRecord {
    const list = this.getList(serviceSid, sidOrUniqueName);
    if (ttlSeconds !== undefined) list.dateExpires = this.expiry(ttlSeconds);
    list.revision += 1;
    list.dateUpdated = this.now();
    return list;
  }

  deleteList(serviceSid: string, sidOrUniqueName: string): void {
    const list = this.getList(serviceSid, sidOrUniqueName);
    this.listsOf(serviceSid).delete(list.sid);
  }

  // ---- items ----------------------------------------------------------------------------------
  createItem(serviceSid: string, listId: string, write: ItemWrite): SyncListItemRecord {
    const list = this.getList(serviceSid, listId);
    if (write.data === undefined) {
      throw new TwilioHttpError(400, CODES.invalidListItemData, "Invalid List Item data: the 'Data' parameter cannot be null");
    }
    const data = parseData(write.data, CODES.invalidListItemData, LIST_ITEM);
    const t = this.now();
    const item: SyncListItemRecord = { index: list.nextIndex++, data, revision: 0, dateCreated: t, dateUpdated: t, dateExpires: this.expiry(write.itemTtl) };
    list.items.set(item.index, item);
    this.touch(list, write.collectionTtl);
    return item;
  }

  getItem(serviceSid: string, listId: string, index: number): SyncListItemRecord {
    const item = this.liveItem(this.getList(serviceSid, listId), index);
    if (item === undefined) throw notFound();
    return item;
  }

  updateItem(
    serviceSid: string,
    listId: string,
    index: number,
    write: ItemWrite,
    ifMatch: string | undefined,
    concurrentWriter: () => boolean,
  ): SyncListItemRecord {
    const list = this.getList(serviceSid, listId);
    const item = this.liveItem(list, index);
    if (item === undefined) throw notFound();
    const data = write.data === undefined ? undefined : parseData(write.data, CODES.invalidListItemData, LIST_ITEM);
    this.checkRevision(list, item, ifMatch, concurrentWriter);
    if (data !== undefined) item.data = data;
    if (write.itemTtl !== undefined) item.dateExpires = this.expiry(write.itemTtl);
    item.revision += 1;
    item.dateUpdated = this.now();
    this.touch(list, write.collectionTtl);
    return item;
  }

  deleteItem(serviceSid: string, listId: string, index: number, ifMatch: string | undefined, concurrentWriter: () => boolean): void {
    const list = this.getList(serviceSid, listId);
    const item = this.liveItem(list, index);
    if (item === undefined) throw notFound();
    this.checkRevision(list, item, ifMatch, concurrentWriter);
    list.items.delete(index);
    this.touch(list, undefined);
  }

  /** Live items by index (`desc` reverses). */
  listItems(serviceSid: string, listId: string, order: 'asc' | 'desc' = 'asc'): SyncListItemRecord[] {
    const list = this.getList(serviceSid, listId);
    const items = [...list.items.keys()]
      .map((i) => this.liveItem(list, i))
      .filter((i): i is SyncListItemRecord => i !== undefined)
      .sort((a, b) => a.index - b.index);
    return order === 'desc' ? items.reverse() : items;
  }

  // ---- internals ------------------------------------------------------------------------------
  /** The service's lists; 404 when the service does not exist. */
  private listsOf(serviceSid: string): Map<string, SyncListRecord> {
    this.services.getService(serviceSid);
    let lists = this.byService.get(serviceSid);
    if (lists === undefined) {
      lists = new Map();
      this.byService.set(serviceSid, lists);
    }
    return lists;
  }

  private find(lists: Map<string, SyncListRecord>, sidOrUniqueName: string): SyncListRecord | undefined {
    this.purgeExpired(lists);
    const bySid = lists.get(sidOrUniqueName);
    if (bySid !== undefined) return bySid;
    for (const l of lists.values()) if (l.uniqueName === sidOrUniqueName) return l;
    return undefined;
  }

  private checkRevision(list: SyncListRecord, item: SyncListItemRecord, ifMatch: string | undefined, concurrentWriter: () => boolean): void {
    if (ifMatch === undefined) return;
    const expected = normaliseIfMatch(ifMatch);
    const matches = expected === '*' || expected === String(item.revision);
    if (matches && concurrentWriter()) {
      // A simulated concurrent writer got there first: its write bumps the revision.
      item.revision += 1;
      item.dateUpdated = this.now();
      this.touch(list, undefined);
    } else if (matches) {
      return;
    }
    throw new TwilioHttpError(412, CODES.listItemRevisionMismatch, 'The revision of the List Item does not match the expected revision');
  }

  private liveItem(list: SyncListRecord, index: number): SyncListItemRecord | undefined {
    const item = list.items.get(index);
    if (item !== undefined && item.dateExpires !== null && item.dateExpires.getTime() <= this.now().getTime()) {
      list.items.delete(index);
      return undefined;
    }
    return item;
  }

  private purgeExpired(lists: Map<string, SyncListRecord>): void {
    const t = this.now().getTime();
    for (const [sid, l] of lists) if (l.dateExpires !== null && l.dateExpires.getTime() <= t) lists.delete(sid);
  }

  private touch(list: SyncListRecord, collectionTtl: number | undefined): void {
    list.revision += 1;
    list.dateUpdated = this.now();
    if (collectionTtl !== undefined) list.dateExpires = this.expiry(collectionTtl);
  }

  private expiry(ttlSeconds: number | undefined): Date | null {
    if (ttlSeconds === undefined || ttlSeconds <= 0) return null;
    return new Date(this.now().getTime() + ttlSeconds * 1000);
  }
}
