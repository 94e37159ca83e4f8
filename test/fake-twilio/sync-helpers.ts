/**
 * Direct (non-HTTP) access to the fake's Sync state, for test set-up and assertions.
 */
import { TwilioHttpError } from './errors';
import type { SyncItemFields } from './sync-collection-store';
import type { SyncListStore } from './sync-list-store';
import type { SyncStore } from './sync-store';
import type { SyncHelpers, SyncItemListEntry, SyncItemSnapshot, SyncListItemEntry } from './types';

const clone = <T>(v: T): T => structuredClone(v);

function orUndefined<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e: unknown) {
    if (e instanceof TwilioHttpError && e.status === 404) return undefined;
    throw e;
  }
}

/** An item as helpers hand it out: a copy of its data, its revision as the API spells it. */
const snapshot = (i: SyncItemFields): SyncItemSnapshot => ({ data: clone(i.data), revision: String(i.revision) });

export function syncHelpers(store: SyncStore, lists: SyncListStore): SyncHelpers {
  return {
    getItem(serviceSid: string, mapUniqueNameOrSid: string, key: string): SyncItemSnapshot | undefined {
      return orUndefined(() => snapshot(store.maps.getItem(serviceSid, mapUniqueNameOrSid, key)));
    },
    listItems(serviceSid: string, mapUniqueNameOrSid: string): SyncItemListEntry[] {
      return (orUndefined(() => store.maps.listItems(serviceSid, mapUniqueNameOrSid)) ?? []).map((i) => ({ key: i.key, ...snapshot(i) }));
    },
    createService(friendlyName?: string): string {
      return store.createService(friendlyName === undefined ? {} : { friendlyName }).sid;
    },
    createMap(serviceSid: string, uniqueName?: string): string {
      return store.maps.createCollection(serviceSid, uniqueName).sid;
    },
    createList(serviceSid: string, uniqueName?: string): string {
      return lists.createCollection(serviceSid, uniqueName).sid;
    },
    listListItems(serviceSid: string, listSidOrUniqueName: string): SyncListItemEntry[] {
      return (orUndefined(() => lists.listItems(serviceSid, listSidOrUniqueName)) ?? []).map((i) => ({ index: i.index, ...snapshot(i) }));
    },
  };
}
