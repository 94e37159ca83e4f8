/**
 * Resources for the `sid` tests, with canary PHI in every free-text, number, body, context and URL
 * field (wire form, exactly the spec schemas' fields; the fake validates every response).
 */
import {
  ACCOUNTS,
  CALLS,
  INCOMING_NUMBERS,
  MESSAGING_SERVICE_NUMBERS,
  MESSAGING_SERVICES,
  MONITOR_ALERTS,
  RECORDINGS,
  alertRecord,
  callRecord,
  recordingRecord,
  type FakeTwilio,
  type WireRecord,
} from '../fake-twilio';
import { CANARY_BODY, CANARY_NAME, CANARY_PHONE } from '../helpers/canary';

export const sidOf = (prefix: string, n: number): string => `${prefix}${n.toString(16).padStart(32, '0')}`;
export const daysAgo = (n: number): Date => new Date(Date.now() - n * 86_400_000);
const rfc = (d: Date): string => d.toUTCString().replace('GMT', '+0000');
const isoS = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The clinic's fictional sending number (shown masked: +1******0101). */
export const CLINIC_NUMBER = '+12025550101';
/** A webhook with user info, a token and a patient reference in its query: only the host may show. */
export const SECRET_HOOK = `https://twilio:S3cretHookPw@hooks.clinic.example/sms/inbound?token=tok3n-SECRET&PatientRef=${encodeURIComponent(CANARY_NAME)}`;

export function messageRecord(
  account: string,
  o: { sid: string; status: string; errorCode: number | null; date: Date; numMedia?: number },
): WireRecord {
  const d = rfc(o.date);
  return {
    body: CANARY_BODY,
    num_segments: '2',
    direction: 'outbound-api',
    from: CLINIC_NUMBER,
    to: CANARY_PHONE,
    date_updated: d,
    price: '-0.00790',
    error_message: o.errorCode === null ? null : `Unreachable: ${CANARY_PHONE}`,
    uri: `/2010-04-01/Accounts/${account}/Messages/${o.sid}.json?sig=abc123secret`,
    account_sid: account,
    num_media: String(o.numMedia ?? 0),
    status: o.status,
    messaging_service_sid: sidOf('MG', 1),
    sid: o.sid,
    date_sent: d,
    date_created: d,
    error_code: o.errorCode,
    price_unit: 'USD',
    api_version: '2010-04-01',
    subresource_uris: { media: `/2010-04-01/Accounts/${account}/Messages/${o.sid}/Media.json` },
  };
}

export function seedMessage(
  fake: FakeTwilio,
  o: { sid: string; status: string; errorCode: number | null; date?: Date; numMedia?: number },
): string {
  fake.resources.add('messages', messageRecord(fake.accountSid, { ...o, date: o.date ?? daysAgo(2) }));
  return o.sid;
}

/** An alert whose free-text fields carry the failing request: body, numbers, a tokenised URL. */
export function seedAlert(
  fake: FakeTwilio,
  n: number,
  resourceSid: string | null,
  errorCode: string,
  level: 'error' | 'warning',
  date: Date,
): string {
  const sid = sidOf('NO', n);
  fake.resources.add(
    MONITOR_ALERTS,
    alertRecord({
      sid,
      accountSid: fake.accountSid,
      errorCode,
      logLevel: level,
      date,
      resourceSid,
      alertText: `Msg=${encodeURIComponent(CANARY_BODY)}&To=${encodeURIComponent(CANARY_PHONE)}`,
      requestUrl: SECRET_HOOK,
      requestVariables: `Body=${encodeURIComponent(CANARY_BODY)}&From=${encodeURIComponent(CANARY_PHONE)}`,
      responseBody: `<Response><Message>${CANARY_NAME}</Message></Response>`,
    }),
  );
  return sid;
}

export function seedCall(fake: FakeTwilio): { callSid: string; recordingSids: string[] } {
  const account = fake.accountSid;
  const callSid = sidOf('CA', 1);
  fake.resources.add(
    CALLS,
    callRecord({
      sid: callSid,
      accountSid: account,
      from: CANARY_PHONE,
      to: CLINIC_NUMBER,
      status: 'completed',
      direction: 'inbound',
      duration: 95,
      start: daysAgo(1),
      callerName: CANARY_NAME,
      forwardedFrom: CANARY_PHONE,
      phoneNumberSid: sidOf('PN', 1),
    }),
  );
  const recordingSids = [sidOf('RE', 1), sidOf('RE', 2)];
  recordingSids.forEach((sid, i) => {
    const r = recordingRecord({
      sid,
      accountSid: account,
      callSid,
      duration: 20 + i,
      channels: 2,
      source: 'DialVerb',
      encryptionKeySid: i === 0 ? sidOf('CR', 1) : null,
    });
    fake.resources.add(RECORDINGS, { ...r, media_url: `${String(r.media_url)}?Token=tok3n-SECRET` });
  });
  // Another call's recording: not counted.
  fake.resources.add(RECORDINGS, recordingRecord({ sid: sidOf('RE', 3), accountSid: account, callSid: sidOf('CA', 2) }));
  return { callSid, recordingSids };
}

export function seedAccounts(fake: FakeTwilio): { subaccountSid: string } {
  const created = rfc(new Date(Date.UTC(2026, 0, 10)));
  const base = { date_created: created, date_updated: created, subresource_uris: {} };
  fake.resources.add(ACCOUNTS, {
    ...base,
    sid: fake.accountSid,
    auth_token: null,
    owner_account_sid: fake.accountSid,
    friendly_name: `${CANARY_NAME} Family Clinic`,
    status: 'active',
    type: 'Full',
    uri: `/2010-04-01/Accounts/${fake.accountSid}.json`,
  });
  const sub = sidOf('AC', 77);
  fake.resources.add(ACCOUNTS, {
    ...base,
    sid: sub,
    auth_token: 'tok3n-SECRET-subaccount',
    owner_account_sid: fake.accountSid,
    friendly_name: `${CANARY_NAME} ${CANARY_PHONE}`,
    status: 'suspended',
    type: 'Full',
    uri: `/2010-04-01/Accounts/${sub}.json`,
  });
  return { subaccountSid: sub };
}

const CREATED = new Date(Date.UTC(2026, 1, 15, 9, 0, 0));

function messagingService(account: string, n: number, over: WireRecord = {}): WireRecord {
  const s = sidOf('MG', n);
  const url = `https://messaging.twilio.com/v1/Services/${s}`;
  return {
    sid: s,
    account_sid: account,
    friendly_name: `${CANARY_NAME} reminders`,
    date_created: isoS(CREATED),
    date_updated: isoS(CREATED),
    inbound_request_url: SECRET_HOOK,
    inbound_method: 'POST',
    fallback_url: `http://fallback.clinic.example/sms/inbound?token=tok3n-SECRET`,
    fallback_method: 'GET',
    status_callback: `https://status.clinic.example/sms/status?PatientRef=${CANARY_PHONE}`,
    sticky_sender: false,
    mms_converter: true,
    smart_encoding: true,
    scan_message_content: 'inherit',
    fallback_to_long_code: false,
    area_code_geomatch: true,
    synchronous_validation: false,
    validity_period: 14400,
    url,
    links: { phone_numbers: `${url}/PhoneNumbers`, short_codes: `${url}/ShortCodes`, channel_senders: `${url}/ChannelSenders` },
    usecase: 'notifications',
    us_app_to_person_registered: true,
    use_inbound_webhook_on_number: false,
    ...over,
  };
}

function incomingNumber(account: string, n: number, phone: string, over: WireRecord = {}): WireRecord {
  const s = sidOf('PN', n);
  return {
    account_sid: account,
    address_sid: null,
    address_requirements: 'none',
    api_version: '2010-04-01',
    beta: false,
    capabilities: { mms: true, sms: true, voice: true, fax: false },
    date_created: rfc(CREATED),
    date_updated: rfc(CREATED),
    friendly_name: CANARY_NAME,
    identity_sid: null,
    phone_number: phone,
    origin: 'twilio',
    sid: s,
    sms_application_sid: null,
    sms_fallback_method: 'POST',
    sms_fallback_url: null,
    sms_method: 'POST',
    sms_url: SECRET_HOOK,
    status_callback: `https://status.clinic.example/voice/status?token=tok3n-SECRET`,
    status_callback_method: 'POST',
    trunk_sid: null,
    uri: `/2010-04-01/Accounts/${account}/IncomingPhoneNumbers/${s}.json`,
    voice_receive_mode: 'voice',
    voice_application_sid: null,
    voice_caller_id_lookup: false,
    voice_fallback_method: 'POST',
    voice_fallback_url: null,
    voice_method: 'POST',
    voice_url: `https://webhooks.twilio.com/v1/Accounts/${account}/Flows/${sidOf('FW', 9)}`,
    emergency_status: 'Inactive',
    emergency_address_sid: null,
    emergency_address_status: 'unregistered',
    bundle_sid: null,
    status: 'in-use',
    ...over,
  };
}

function pooled(account: string, serviceSid: string, number: WireRecord): WireRecord {
  return {
    sid: number.sid,
    account_sid: account,
    service_sid: serviceSid,
    date_created: isoS(CREATED),
    date_updated: isoS(CREATED),
    phone_number: number.phone_number,
    country_code: 'US',
    capabilities: ['SMS', 'MMS'],
    url: `https://messaging.twilio.com/v1/Services/${serviceSid}/PhoneNumbers/${String(number.sid)}`,
  };
}

/** Two Messaging Services; the second's pool holds numbers PN…1 (the canary's number) and PN…2; PN…3 is in no pool. */
export function seedMessagingConfig(fake: FakeTwilio): { serviceSid: string; numberSid: string; unpooledSid: string } {
  const account = fake.accountSid;
  fake.resources.add(MESSAGING_SERVICES, messagingService(account, 1, { use_inbound_webhook_on_number: true }));
  const svc = fake.resources.add(MESSAGING_SERVICES, messagingService(account, 2, { sticky_sender: true }));
  const numbers = [
    incomingNumber(account, 1, CANARY_PHONE),
    incomingNumber(account, 2, '+13125550102'),
    incomingNumber(account, 3, '+14155550103', { sms_url: null, voice_url: null }),
  ];
  for (const n of numbers) fake.resources.add(INCOMING_NUMBERS, n);
  for (const n of numbers.slice(0, 2)) fake.resources.add(MESSAGING_SERVICE_NUMBERS, pooled(account, String(svc.sid), n));
  return { serviceSid: String(svc.sid), numberSid: sidOf('PN', 1), unpooledSid: sidOf('PN', 3) };
}
