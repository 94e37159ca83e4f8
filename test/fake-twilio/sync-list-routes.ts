/**
 * Sync v1 REST routes for Lists and List Items (sync.twilio.com, validated against twilio_sync_v1):
 * sync-collection-routes.ts with integer indexes (`From` must be one: 400 / 20001).
 */
import { TwilioHttpError } from './errors';
import type { Faults } from './faults';
import { itemWrite, syncCollectionRoutes, syncRouteKit } from './sync-collection-routes';
import { listItemJson, listJson, listUrl } from './sync-json';
import { parseIndex, type SyncListStore } from './sync-list-store';
import type { Route } from './types';

export interface SyncListRouteContext {
  lists: SyncListStore;
  accountSid: string;
  faults: Faults;
}

/** Index cursor that sorts as a string. */
const indexCursor = (index: number): string => String(index).padStart(16, '0');

export function syncListRoutes(ctx: SyncListRouteContext): Route[] {
  const { lists, accountSid, faults } = ctx;
  return syncCollectionRoutes(
    {
      store: lists,
      accountSid,
      segment: 'Lists',
      collectionParam: 'ListSid',
      keyParam: 'Index',
      parseKey: parseIndex,
      updatable: true,
      maxCollectionPageSize: 100,
      collectionUrl: listUrl,
      collectionJson: listJson,
      itemJson: listItemJson,
      createItem: (form, serviceSid, listId) => lists.createItem(serviceSid, listId, itemWrite(form)),
      itemCursor: (i) => indexCursor(i.index),
      fromPosition: (fromRaw, order) => {
        if (!/^\d+$/.test(fromRaw)) throw new TwilioHttpError(400, 20001, 'Invalid From');
        const from = Number(fromRaw);
        return (i) => (order === 'asc' ? i.index - from : from - i.index);
      },
    },
    syncRouteKit(faults),
  );
}
