/**
 * Sync v1 REST routes (Services, Maps, Map Items) for the fake Twilio server; the Map routes are
 * sync-collection-routes.ts with Map keys (`From` compares as a string).
 */
import type { Faults } from './faults';
import { opt, optBool, optInt, param } from './form-params';
import { buildPage, compareStrings, seqCursor } from './paging';
import { itemWrite, syncCollectionRoutes, syncRouteKit } from './sync-collection-routes';
import { itemJson, mapJson, mapUrl, serviceJson } from './sync-json';
import type { SyncStore } from './sync-store';
import type { Route } from './types';

export interface SyncRouteContext {
  store: SyncStore;
  accountSid: string;
  faults: Faults;
}

export function syncRoutes(ctx: SyncRouteContext): Route[] {
  const { store, accountSid, faults } = ctx;
  const kit = syncRouteKit(faults);
  const { base, ok, route } = kit;
  const maps = store.maps;

  return [
    // ---- Services ----
    route('POST', '/v1/Services', (req) => {
      const f = req.form;
      const fields: Parameters<SyncStore['createService']>[0] = {};
      const friendlyName = opt(f, 'FriendlyName');
      if (friendlyName !== undefined) fields.friendlyName = friendlyName;
      const webhookUrl = opt(f, 'WebhookUrl');
      if (webhookUrl !== undefined) fields.webhookUrl = webhookUrl;
      const flags = [
        ['ReachabilityWebhooksEnabled', 'reachabilityWebhooksEnabled'],
        ['AclEnabled', 'aclEnabled'],
        ['ReachabilityDebouncingEnabled', 'reachabilityDebouncingEnabled'],
        ['WebhooksFromRestEnabled', 'webhooksFromRestEnabled'],
      ] as const;
      for (const [formName, field] of flags) {
        const v = optBool(f, formName);
        if (v !== undefined) fields[field] = v;
      }
      const window = optInt(f, 'ReachabilityDebouncingWindow');
      if (window !== undefined) fields.reachabilityDebouncingWindow = window;
      return ok(201, serviceJson(base(req), accountSid, store.createService(fields)));
    }),
    route('GET', '/v1/Services', (req) => {
      const { records, meta } = buildPage({
        ordered: store.listServices(),
        cursorOf: (s) => seqCursor(s.seq),
        compare: compareStrings,
        listUrl: `${base(req)}/Services`,
        query: req.query,
        key: 'services',
      });
      return ok(200, { services: records.map((s) => serviceJson(base(req), accountSid, s)), meta });
    }),
    route('GET', '/v1/Services/:Sid', (req) => ok(200, serviceJson(base(req), accountSid, store.getService(param(req, 'Sid'))))),
    route('DELETE', '/v1/Services/:Sid', (req) => {
      store.deleteService(param(req, 'Sid'));
      return { status: 204 };
    }),

    // ---- Maps and Map Items ----
    ...syncCollectionRoutes(
      {
        store: maps,
        accountSid,
        segment: 'Maps',
        collectionParam: 'MapSid',
        keyParam: 'Key',
        parseKey: (raw) => raw,
        updatable: false,
        collectionUrl: mapUrl,
        collectionJson: mapJson,
        itemJson,
        createItem: (form, serviceSid, mapId) => maps.createItem(serviceSid, mapId, opt(form, 'Key'), itemWrite(form)),
        itemCursor: (i) => i.key,
        fromPosition: (from, order) => (i) => (order === 'asc' ? compareStrings(i.key, from) : compareStrings(from, i.key)),
      },
      kit,
    ),
  ];
}
