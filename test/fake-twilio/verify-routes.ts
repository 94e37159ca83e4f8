/**
 * Verify v2 routes (verify.twilio.com, validated against twilio_verify_v2): start a verification,
 * check a code, fetch / update a verification, and list / fetch the Services held in
 * `fake.resources` collection `verify_services` (created with `fake.verify.createService()` or seeded).
 */
import { collectionRoutes, type CollectionDef, type ResourceStore } from './collections';
import { param } from './form-params';
import { isoSeconds } from './ids';
import type { Route, RouteHandler } from './types';
import { VERIFY_SERVICES, type VerificationRecord, type VerifyStore } from './verify-store';

export const VERIFY_HOST = 'verify.twilio.com';
const SPEC = 'twilio_verify_v2';
const SERVICE = '/v2/Services/:ServiceSid';

function verificationUrl(v: VerificationRecord): string {
  return `https://${VERIFY_HOST}/v2/Services/${v.serviceSid}/Verifications/${v.sid}`;
}

/** Leading fields of both a Verification and a VerificationCheck. */
function verificationHead(v: VerificationRecord): Record<string, unknown> {
  return {
    sid: v.sid,
    service_sid: v.serviceSid,
    account_sid: v.accountSid,
    to: v.to,
    channel: v.channel,
    status: v.status,
    valid: v.status === 'approved',
  };
}

const dates = (v: VerificationRecord): Record<string, unknown> => ({
  date_created: isoSeconds(v.dateCreated),
  date_updated: isoSeconds(v.dateUpdated),
});

export function verificationJson(v: VerificationRecord): Record<string, unknown> {
  return {
    ...verificationHead(v),
    lookup: { carrier: null },
    amount: null,
    payee: null,
    send_code_attempts: v.sendAttempts.map((a) => ({ ...a })),
    ...dates(v),
    sna: null,
    url: verificationUrl(v),
  };
}

export function verificationCheckJson(v: VerificationRecord): Record<string, unknown> {
  return { ...verificationHead(v), amount: null, payee: null, ...dates(v), sna_attempts_error_codes: [] };
}

export const VERIFY_SERVICE_COLLECTIONS: readonly CollectionDef[] = [
  { name: VERIFY_SERVICES, host: VERIFY_HOST, spec: SPEC, style: 'v1', list: '/v2/Services', item: '/v2/Services/:Sid', key: 'services' },
];

export function verifyRoutes(store: VerifyStore, defaultAccountSid: string, resources?: ResourceStore): Route[] {
  const route = (method: string, pattern: string, handler: RouteHandler): Route => ({
    method,
    pattern,
    host: VERIFY_HOST,
    spec: SPEC,
    handler,
  });
  return [
    ...(resources ? VERIFY_SERVICE_COLLECTIONS.flatMap((d) => collectionRoutes(resources, d)) : []),
    route('POST', `${SERVICE}/Verifications`, (req) => ({
      status: 201,
      body: verificationJson(store.start(param(req, 'ServiceSid'), req.authAccountSid ?? defaultAccountSid, req.form)),
    })),
    route('GET', `${SERVICE}/Verifications/:Sid`, (req) => ({
      status: 200,
      body: verificationJson(store.fetch(param(req, 'ServiceSid'), param(req, 'Sid'))),
    })),
    route('POST', `${SERVICE}/Verifications/:Sid`, (req) => ({
      status: 200,
      body: verificationJson(store.update(param(req, 'ServiceSid'), param(req, 'Sid'), req.form.get('Status'))),
    })),
    // Twilio answers a VerificationCheck with 200 (the spec also documents 201).
    route('POST', `${SERVICE}/VerificationCheck`, (req) => ({
      status: 200,
      body: verificationCheckJson(store.check(param(req, 'ServiceSid'), req.form)),
    })),
  ];
}
