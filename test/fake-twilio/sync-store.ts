/**
 * In-memory Sync v1 state: Services, and their Maps and Map Items with Twilio's rules (on top of
 * sync-collection-store.ts): keys of 1..320 characters (400 / 54209), a key in use (409 / 54208),
 * If-Match revisions (412 / 54205), invalid data (400 / 54206). Lists live in sync-list-store.ts.
 */
import { CODES, TwilioHttpError, missingParam, notFound } from './errors';
import { makeSid } from './ids';
import { compareStrings } from './paging';
import type { Rng } from './prng';
import {
  SyncCollectionStore,
  type ItemWrite,
  type SyncCollectionDeps,
  type SyncCollectionKind,
  type SyncCollectionRecord,
  type SyncItemFields,
} from './sync-collection-store';
import type { SyncListRecord } from './sync-list-store';

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
  lists: Map<string, SyncListRecord>;
}

export interface SyncItemRecord extends SyncItemFields {
  key: string;
}

export type SyncMapRecord = SyncCollectionRecord<string, SyncItemRecord>;

const MAX_KEY_LENGTH = 320;

const MAP_KIND: SyncCollectionKind<string, SyncItemRecord, SyncMapRecord> = {
  sidPrefix: 'MP',
  itemName: 'Map Item',
  invalidDataCode: CODES.invalidMapItemData,
  revisionMismatchCode: CODES.mapItemRevisionMismatch,
  compareKeys: compareStrings,
  newCollection: (fields) => fields,
  newItem: (key, fields) => ({ key, ...fields }),
};

/** Maps and Map Items; a new item is stored under the `Key` the request names. */
export class SyncMapStore extends SyncCollectionStore<string, SyncItemRecord, SyncMapRecord> {
  constructor(deps: SyncCollectionDeps<SyncMapRecord>) {
    super(MAP_KIND, deps);
  }

  createItem(serviceSid: string, mapId: string, key: string | undefined, write: ItemWrite): SyncItemRecord {
    const map = this.getCollection(serviceSid, mapId);
    if (key === undefined) throw missingParam('Key');
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw new TwilioHttpError(400, CODES.invalidMapItemKey, 'Invalid Map Item key');
    }
    return this.addItem(map, write, () => {
      if (this.liveItem(map, key) !== undefined) throw new TwilioHttpError(409, CODES.mapItemExists, 'Map Item already exists');
      return key;
    });
  }
}

export class SyncStore {
  private readonly services = new Map<string, SyncService>();
  private seq = 0;
  /** Maps draw their sequence numbers from the same counter as services. */
  readonly maps: SyncMapStore;

  constructor(
    private readonly rng: Rng,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.maps = new SyncMapStore({ rng, now, collectionsOf: (sid) => this.getService(sid).maps, nextSeq: () => ++this.seq });
  }

  createService(fields: Partial<Omit<SyncService, 'sid' | 'dateCreated' | 'dateUpdated' | 'seq' | 'maps' | 'lists'>> = {}): SyncService {
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
      lists: new Map(),
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
}
