/**
 * v2010 Accounts (api.twilio.com, twilio_api_v2010) served from `fake.resources` collection
 * `accounts`: list (`Status` filter) and fetch. Seed records in wire form (the preflight's
 * `seedAccount` does); a subaccount record carries its `auth_token` as the live API returns it to
 * the parent.
 */
import { collectionRoutes, type CollectionDef, type ResourceStore } from './collections';
import type { Route } from './types';

export const ACCOUNTS = 'accounts';

export const ACCOUNT_COLLECTIONS: readonly CollectionDef[] = [
  {
    name: ACCOUNTS,
    host: 'api.twilio.com',
    spec: 'twilio_api_v2010',
    style: 'v2010',
    list: '/2010-04-01/Accounts.json',
    item: '/2010-04-01/Accounts/:Sid.json',
    key: 'accounts',
    filters: { Status: 'status' },
  },
];

export function accountRoutes(resources: ResourceStore): Route[] {
  return ACCOUNT_COLLECTIONS.flatMap((d) => collectionRoutes(resources, d));
}
