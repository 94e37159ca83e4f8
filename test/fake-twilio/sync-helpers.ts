/**
 * Direct (non-HTTP) access to the fake's Sync state, for test set-up and assertions.
 */
import { TwilioHttpError } from './errors';
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

export function syncHelpers(store: SyncStore, lists: SyncListStore): SyncHelpers {
  return {
    getItem(serviceSid: string, mapUniqueNameOrSid: string, key: string): SyncItemSnapshot | undefined {
      return orUndefined(() => {
        const item = store.getItem(serviceSid, mapUniqueNameOrSid, key);
        return { data: clone(item.data), revision: String(item.revision) };
      });
    },
    listItems(serviceSid: string, mapUniqueNameOrSid: string): SyncItemListEntry[] {
      return (orUndefined(() => store.listItems(serviceSid, mapUniqueNameOrSid)) ?? []).map((i) => ({
        key: i.key,
        data: clone(i.data),
        revision: String(i.revision),
      }));
    },
    createService(friendlyName?: string): string {
      return store.createService(friendlyName === undefined ? {} : { friendlyName }).sid;
    },
    createMap(serviceSid: string, uniqueName?: string): string {
      return store.createMap(serviceSid, uniqueName).sid;
    },
    createList(serviceSid: string, uniqueName?: string): string {
      return lists.createList(serviceSid, uniqueName).sid;
    },
    listListItems(serviceSid: string, listSidOrUniqueName: string): SyncListItemEntry[] {
      return (orUndefined(() => lists.listItems(serviceSid, listSidOrUniqueName)) ?? []).map((i) => ({
        index: i.index,
        data: clone(i.data),
        revision: String(i.revision),
      }));
    },
  };
}
