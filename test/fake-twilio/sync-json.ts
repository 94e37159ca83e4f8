/**
 * Serialises Sync records (services, maps, lists and their items) into the snake_case JSON shapes of twilio_sync_v1.json.
 */
import { isoSeconds } from './ids';
import type { SyncListItemRecord, SyncListRecord } from './sync-list-store';
import type { SyncCollectionFields, SyncItemFields } from './sync-collection-store';
import type { SyncItemRecord, SyncMapRecord, SyncService } from './sync-store';

export const SYNC_HOST = 'sync.twilio.com';

export const syncBase = (host: string | undefined): string => `https://${host ?? SYNC_HOST}/v1`;

const iso = (d: Date | null): string | null => (d === null ? null : isoSeconds(d));

export function serviceUrl(base: string, sid: string): string {
  return `${base}/Services/${sid}`;
}

export function mapUrl(base: string, serviceSid: string, mapSid: string): string {
  return `${serviceUrl(base, serviceSid)}/Maps/${mapSid}`;
}

export function serviceJson(base: string, accountSid: string, s: SyncService): Record<string, unknown> {
  const url = serviceUrl(base, s.sid);
  return {
    sid: s.sid,
    unique_name: null,
    account_sid: accountSid,
    friendly_name: s.friendlyName,
    date_created: iso(s.dateCreated),
    date_updated: iso(s.dateUpdated),
    url,
    webhook_url: s.webhookUrl,
    webhooks_from_rest_enabled: s.webhooksFromRestEnabled,
    reachability_webhooks_enabled: s.reachabilityWebhooksEnabled,
    acl_enabled: s.aclEnabled,
    reachability_debouncing_enabled: s.reachabilityDebouncingEnabled,
    reachability_debouncing_window: s.reachabilityDebouncingWindow,
    links: {
      documents: `${url}/Documents`,
      lists: `${url}/Lists`,
      maps: `${url}/Maps`,
      streams: `${url}/Streams`,
    },
  };
}

/** A Map or List: the same fields, at its own URL. */
function collectionJson(url: string, accountSid: string, c: SyncCollectionFields): Record<string, unknown> {
  return {
    sid: c.sid,
    unique_name: c.uniqueName,
    account_sid: accountSid,
    service_sid: c.serviceSid,
    url,
    links: { items: `${url}/Items`, permissions: `${url}/Permissions` },
    revision: String(c.revision),
    date_expires: iso(c.dateExpires),
    date_created: iso(c.dateCreated),
    date_updated: iso(c.dateUpdated),
    created_by: 'system',
  };
}

/** A Map Item or List Item: its key field (`key` / `index`) first, its collection's SID as `map_sid` / `list_sid`. */
function collectionItemJson(
  keyField: [name: 'key' | 'index', value: string | number],
  collectionField: 'map_sid' | 'list_sid',
  url: string,
  accountSid: string,
  c: SyncCollectionFields,
  i: SyncItemFields,
): Record<string, unknown> {
  return {
    [keyField[0]]: keyField[1],
    account_sid: accountSid,
    service_sid: c.serviceSid,
    [collectionField]: c.sid,
    url,
    revision: String(i.revision),
    data: i.data,
    date_expires: iso(i.dateExpires),
    date_created: iso(i.dateCreated),
    date_updated: iso(i.dateUpdated),
    created_by: 'system',
  };
}

export function mapJson(base: string, accountSid: string, m: SyncMapRecord): Record<string, unknown> {
  return collectionJson(mapUrl(base, m.serviceSid, m.sid), accountSid, m);
}

export function itemJson(base: string, accountSid: string, m: SyncMapRecord, i: SyncItemRecord): Record<string, unknown> {
  const url = `${mapUrl(base, m.serviceSid, m.sid)}/Items/${encodeURIComponent(i.key)}`;
  return collectionItemJson(['key', i.key], 'map_sid', url, accountSid, m, i);
}

export function listUrl(base: string, serviceSid: string, listSid: string): string {
  return `${serviceUrl(base, serviceSid)}/Lists/${listSid}`;
}

export function listJson(base: string, accountSid: string, l: SyncListRecord): Record<string, unknown> {
  return collectionJson(listUrl(base, l.serviceSid, l.sid), accountSid, l);
}

export function listItemJson(base: string, accountSid: string, l: SyncListRecord, i: SyncListItemRecord): Record<string, unknown> {
  return collectionItemJson(['index', i.index], 'list_sid', `${listUrl(base, l.serviceSid, l.sid)}/Items/${i.index}`, accountSid, l, i);
}
