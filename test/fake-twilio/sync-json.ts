/**
 * Serialises Sync records (services, maps, lists and their items) into the snake_case JSON shapes of twilio_sync_v1.json.
 */
import { isoSeconds } from './ids';
import type { SyncListItemRecord, SyncListRecord } from './sync-list-store';
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

export function mapJson(base: string, accountSid: string, m: SyncMapRecord): Record<string, unknown> {
  const url = mapUrl(base, m.serviceSid, m.sid);
  return {
    sid: m.sid,
    unique_name: m.uniqueName,
    account_sid: accountSid,
    service_sid: m.serviceSid,
    url,
    links: { items: `${url}/Items`, permissions: `${url}/Permissions` },
    revision: String(m.revision),
    date_expires: iso(m.dateExpires),
    date_created: iso(m.dateCreated),
    date_updated: iso(m.dateUpdated),
    created_by: 'system',
  };
}

export function itemJson(base: string, accountSid: string, m: SyncMapRecord, i: SyncItemRecord): Record<string, unknown> {
  return {
    key: i.key,
    account_sid: accountSid,
    service_sid: m.serviceSid,
    map_sid: m.sid,
    url: `${mapUrl(base, m.serviceSid, m.sid)}/Items/${encodeURIComponent(i.key)}`,
    revision: String(i.revision),
    data: i.data,
    date_expires: iso(i.dateExpires),
    date_created: iso(i.dateCreated),
    date_updated: iso(i.dateUpdated),
    created_by: 'system',
  };
}

export function listUrl(base: string, serviceSid: string, listSid: string): string {
  return `${serviceUrl(base, serviceSid)}/Lists/${listSid}`;
}

export function listJson(base: string, accountSid: string, l: SyncListRecord): Record<string, unknown> {
  const url = listUrl(base, l.serviceSid, l.sid);
  return {
    sid: l.sid,
    unique_name: l.uniqueName,
    account_sid: accountSid,
    service_sid: l.serviceSid,
    url,
    links: { items: `${url}/Items`, permissions: `${url}/Permissions` },
    revision: String(l.revision),
    date_expires: iso(l.dateExpires),
    date_created: iso(l.dateCreated),
    date_updated: iso(l.dateUpdated),
    created_by: 'system',
  };
}

export function listItemJson(base: string, accountSid: string, l: SyncListRecord, i: SyncListItemRecord): Record<string, unknown> {
  return {
    index: i.index,
    account_sid: accountSid,
    service_sid: l.serviceSid,
    list_sid: l.sid,
    url: `${listUrl(base, l.serviceSid, l.sid)}/Items/${i.index}`,
    revision: String(i.revision),
    data: i.data,
    date_expires: iso(i.dateExpires),
    date_created: iso(i.dateCreated),
    date_updated: iso(i.dateUpdated),
    created_by: 'system',
  };
}
