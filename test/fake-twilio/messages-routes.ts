/**
 * v2010 Messages routes (api.twilio.com, validated against twilio_api_v2010): create, fetch and
 * list. Lists and fetches also serve records seeded into `fake.resources` under `messages`
 * (newest first, after the messages created through the API), so suites that seed messages keep
 * working with these routes registered first.
 */
import { pageOf, scoped, type CollectionDef, type ResourceStore, type WireRecord } from './collections';
import { notFound } from './errors';
import { param } from './form-params';
import type { MessagesStore } from './messages-store';
import type { Route, RouteHandler } from './types';

export const API_HOST = 'api.twilio.com';
const SPEC = 'twilio_api_v2010';
const ACC = '/2010-04-01/Accounts/:AccountSid';

/** Seeded messages live in this `fake.resources` collection. */
export const SEEDED_MESSAGES = 'messages';

const LIST_DEF: CollectionDef = {
  name: SEEDED_MESSAGES,
  host: API_HOST,
  spec: SPEC,
  style: 'v2010',
  list: `${ACC}/Messages.json`,
  item: `${ACC}/Messages/:Sid.json`,
  key: 'messages',
  filters: { To: 'to', From: 'from' },
};

export function messagesRoutes(store: MessagesStore, resources: ResourceStore): Route[] {
  const route = (method: string, pattern: string, handler: RouteHandler): Route => ({ method, pattern, host: API_HOST, spec: SPEC, handler });
  const everything = (): WireRecord[] => [...[...store.all()].reverse(), ...resources.all(SEEDED_MESSAGES)];
  return [
    route('POST', LIST_DEF.list, (req) => ({ status: 201, body: store.create(param(req, 'AccountSid'), req.form) })),
    route('GET', LIST_DEF.list, (req) => ({ status: 200, body: pageOf(LIST_DEF, req, scoped(LIST_DEF, req, everything(), null)) })),
    route('GET', `${ACC}/Messages/:Sid.json`, (req) => {
      const sid = param(req, 'Sid');
      const hit = everything().find((m) => m.sid === sid && m.account_sid === param(req, 'AccountSid'));
      if (hit === undefined) throw notFound();
      return { status: 200, body: hit };
    }),
  ];
}
