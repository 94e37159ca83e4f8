/**
 * Messaging configuration served from `fake.resources` (list / fetch / update of seeded records):
 * Messaging Services and their sender pools (messaging.twilio.com, twilio_messaging_v1) and v2010
 * Incoming Phone Numbers. Updates accept the webhook methods and the sender-pool switches the
 * preflight's `--fix` changes. Record builders live with the tests that seed them.
 */
import { collectionRoutes, type CollectionDef, type ResourceStore } from './collections';
import type { Route } from './types';

/** `fake.resources` collections served by these routes. */
export const MESSAGING_SERVICES = 'messaging_services';
export const MESSAGING_SERVICE_NUMBERS = 'messaging_service_numbers';
export const INCOMING_NUMBERS = 'incoming_phone_numbers';

const MSG1 = { host: 'messaging.twilio.com', spec: 'twilio_messaging_v1', style: 'v1' } as const;
const V2010 = { host: 'api.twilio.com', spec: 'twilio_api_v2010', style: 'v2010' } as const;
const ACC = '/2010-04-01/Accounts/:AccountSid';
const method = { type: 'string' } as const;

export const MESSAGING_SERVICE_COLLECTIONS: readonly CollectionDef[] = [
  {
    name: MESSAGING_SERVICES,
    ...MSG1,
    list: '/v1/Services',
    item: '/v1/Services/:Sid',
    key: 'services',
    updatable: {
      InboundMethod: { field: 'inbound_method', ...method },
      FallbackMethod: { field: 'fallback_method', ...method },
      StickySender: { field: 'sticky_sender', type: 'boolean' },
      FallbackToLongCode: { field: 'fallback_to_long_code', type: 'boolean' },
      InboundRequestUrl: { field: 'inbound_request_url', type: 'string' },
      FallbackUrl: { field: 'fallback_url', type: 'string' },
    },
  },
  {
    name: MESSAGING_SERVICE_NUMBERS,
    ...MSG1,
    list: '/v1/Services/:ServiceSid/PhoneNumbers',
    item: '/v1/Services/:ServiceSid/PhoneNumbers/:Sid',
    key: 'phone_numbers',
  },
  {
    name: INCOMING_NUMBERS,
    ...V2010,
    list: `${ACC}/IncomingPhoneNumbers.json`,
    item: `${ACC}/IncomingPhoneNumbers/:Sid.json`,
    key: 'incoming_phone_numbers',
    updatable: {
      ...Object.fromEntries(
        ['SmsMethod', 'SmsFallbackMethod', 'VoiceMethod', 'VoiceFallbackMethod', 'StatusCallbackMethod'].map((p) => [
          p,
          { field: snakeOf(p), ...method },
        ]),
      ),
      ...Object.fromEntries(['VoiceUrl', 'SmsUrl', 'SmsFallbackUrl'].map((p) => [p, { field: snakeOf(p), type: 'string' as const }])),
    },
  },
];

function snakeOf(param: string): string {
  return param.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

export function messagingServiceRoutes(resources: ResourceStore): Route[] {
  return MESSAGING_SERVICE_COLLECTIONS.flatMap((d) => collectionRoutes(resources, d));
}
