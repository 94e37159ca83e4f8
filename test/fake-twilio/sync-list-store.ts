/**
 * In-memory Sync v1 Lists and List Items (on top of sync-collection-store.ts): items appended at
 * increasing integer indexes (never reused), If-Match revisions (412 / 54155), invalid data
 * (400 / 54156), indexes that are not non-negative integers (400 / 54458). Services live in SyncStore.
 */
import { CODES, TwilioHttpError } from './errors';
import type { Rng } from './prng';
import {
  SyncCollectionStore,
  type ItemWrite,
  type SyncCollectionKind,
  type SyncCollectionRecord,
  type SyncItemFields,
} from './sync-collection-store';

export interface SyncListRecord extends SyncCollectionRecord<number, SyncListItemRecord> {
  nextIndex: number;
}

export interface SyncListItemRecord extends SyncItemFields {
  index: number;
}

/** Parses an `:Index` path segment (400 / 54458 unless a non-negative integer). */
export function parseIndex(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new TwilioHttpError(400, CODES.invalidListItemIndex, 'Invalid List Item index');
  return Number(raw);
}

const LIST_KIND: SyncCollectionKind<number, SyncListItemRecord, SyncListRecord> = {
  sidPrefix: 'ES',
  itemName: 'List Item',
  invalidDataCode: CODES.invalidListItemData,
  revisionMismatchCode: CODES.listItemRevisionMismatch,
  compareKeys: (a, b) => a - b,
  newCollection: (fields) => ({ ...fields, nextIndex: 0 }),
  newItem: (index, fields) => ({ index, ...fields }),
};

/** Lists and List Items; a new item gets the list's next index. Lists have their own sequence. */
export class SyncListStore extends SyncCollectionStore<number, SyncListItemRecord, SyncListRecord> {
  /** `services`: the SyncStore whose services hold the lists (structural, so the two stores import one way). */
  constructor(services: { getService(sid: string): { lists: Map<string, SyncListRecord> } }, rng: Rng, now: () => Date) {
    let seq = 0;
    super(LIST_KIND, { rng, now, collectionsOf: (sid) => services.getService(sid).lists, nextSeq: () => ++seq });
  }

  createItem(serviceSid: string, listId: string, write: ItemWrite): SyncListItemRecord {
    return this.addItem(this.getCollection(serviceSid, listId), write, (list) => list.nextIndex++);
  }
}
