/**
 * Verify v2 state: services, one live verification per (service, To) with a seeded 6-digit code,
 * Twilio's limits (5 sends per To per 10 minutes, 5 wrong checks, 10-minute expiry) on the fake's
 * clock, and test-marked landline / invalid numbers.
 */
import type { ResourceStore } from './collections';
import type { VerifySend } from './wire-types';

export type { VerifySend };
import { TwilioHttpError, notFound } from './errors';
import { isoSeconds, makeSid } from './ids';
import type { Rng } from './prng';

/** Codes, from https://www.twilio.com/docs/api/errors/<code>. */
export const VERIFY_CODES = {
  invalidParameter: 60200, // Invalid parameter (HTTP 400)
  maxCheckAttempts: 60202, // Max check attempts reached (HTTP 429)
  maxSendAttempts: 60203, // Max send attempts reached (HTTP 429)
  landline: 60205, // SMS is not supported by landline phone number (HTTP 403)
} as const;

/** Channels the fake delivers; the spec's others (email, whatsapp, sna) answer 60200. */
export const SUPPORTED_CHANNELS = ['sms', 'call'] as const;
export type VerifyChannel = (typeof SUPPORTED_CHANNELS)[number];
export type VerificationStatus = 'pending' | 'approved' | 'canceled' | 'max_attempts_reached' | 'expired';

export const VERIFICATION_TTL_MS = 10 * 60 * 1000;
export const SEND_WINDOW_MS = 10 * 60 * 1000;
export const MAX_SENDS = 5;
export const MAX_CHECKS = 5;
/** `fake.resources` collection that a `verify.v2.service` collection route can serve. */
export const VERIFY_SERVICES = 'verify_services';

export interface VerificationRecord {
  sid: string;
  serviceSid: string;
  accountSid: string;
  to: string;
  channel: VerifyChannel;
  status: VerificationStatus;
  code: string;
  wrongChecks: number;
  sendAttempts: { attempt_sid: string; channel: string; time: string }[];
  dateCreated: Date;
  dateUpdated: Date;
}

const E164 = /^\+[1-9]\d{1,14}$/;
const invalid = (name: string): TwilioHttpError => new TwilioHttpError(400, VERIFY_CODES.invalidParameter, `Invalid parameter \`${name}\``);

export class VerifyStore {
  private readonly services = new Map<string, { codeLength: number }>();
  private readonly verifications: VerificationRecord[] = [];
  private readonly sendLog: (VerifySend & { at: number })[] = [];
  private readonly landlines = new Set<string>();
  private readonly invalidNumbers = new Set<string>();

  constructor(
    private readonly idRng: Rng,
    private readonly codeRng: Rng,
    private readonly now: () => Date,
    private readonly resources: ResourceStore,
  ) {}

  createService(accountSid: string, friendlyName = 'fake-verify'): string {
    const sid = makeSid('VA', this.idRng);
    this.services.set(sid, { codeLength: 6 });
    const t = isoSeconds(this.now());
    const url = `https://verify.twilio.com/v2/Services/${sid}`;
    this.resources.add(VERIFY_SERVICES, {
      sid,
      account_sid: accountSid,
      friendly_name: friendlyName,
      code_length: 6,
      lookup_enabled: false,
      psd2_enabled: false,
      skip_sms_to_landlines: false,
      dtmf_input_required: false,
      tts_name: null,
      do_not_share_warning_enabled: false,
      custom_code_enabled: false,
      push: { include_date: false, apn_credential_sid: null, fcm_credential_sid: null },
      totp: { issuer: null, time_step: null, code_length: null, skew: null },
      default_template_sid: null,
      whatsapp: { msg_service_sid: null, from: null },
      verify_event_subscription_enabled: false,
      date_created: t,
      date_updated: t,
      url,
      links: { verifications: `${url}/Verifications`, verification_checks: `${url}/VerificationCheck`, webhooks: `${url}/Webhooks` },
    });
    return sid;
  }

  /** Starts (or re-sends) the verification for `To` on `Channel`. */
  start(serviceSid: string, accountSid: string, form: URLSearchParams): VerificationRecord {
    const codeLength = this.codeLength(serviceSid);
    const to = form.get('To') ?? '';
    const channel = form.get('Channel') ?? '';
    if (to === '') throw invalid('To');
    if (!(SUPPORTED_CHANNELS as readonly string[]).includes(channel)) throw invalid('Channel');
    if (!E164.test(to) || this.invalidNumbers.has(to)) throw invalid('To');
    if (channel === 'sms' && this.landlines.has(to))
      throw new TwilioHttpError(403, VERIFY_CODES.landline, 'SMS is not supported by landline phone number');
    const t = this.now();
    const recent = this.sendLog.filter((s) => s.serviceSid === serviceSid && s.to === to && t.getTime() - s.at < SEND_WINDOW_MS);
    if (recent.length >= MAX_SENDS) throw new TwilioHttpError(429, VERIFY_CODES.maxSendAttempts, 'Max send attempts reached');

    let v = this.latest(serviceSid, to);
    if (v === undefined || v.status !== 'pending') {
      let code = '';
      for (let i = 0; i < codeLength; i++) code += String(Math.floor(this.codeRng() * 10));
      v = {
        sid: makeSid('VE', this.idRng),
        serviceSid,
        accountSid,
        to,
        channel: channel as VerifyChannel,
        status: 'pending',
        code,
        wrongChecks: 0,
        sendAttempts: [],
        dateCreated: t,
        dateUpdated: t,
      };
      this.verifications.push(v);
    }
    v.channel = channel as VerifyChannel;
    v.dateUpdated = t;
    v.sendAttempts.push({ attempt_sid: makeSid('VL', this.idRng), channel, time: isoSeconds(t) });
    this.sendLog.push({ serviceSid, channel, to, at: t.getTime() });
    return v;
  }

  /** VerificationCheck: approves on the right code; 5 wrong codes end the verification. */
  check(serviceSid: string, form: URLSearchParams): VerificationRecord {
    this.codeLength(serviceSid);
    const code = form.get('Code') ?? '';
    const to = form.get('To') ?? '';
    const verificationSid = form.get('VerificationSid') ?? '';
    if (code === '') throw invalid('Code');
    if (to === '' && verificationSid === '') throw invalid('To');
    const v = verificationSid !== '' ? this.bySid(serviceSid, verificationSid) : this.latest(serviceSid, to);
    if (v === undefined || (v.status !== 'pending' && v.status !== 'max_attempts_reached')) throw notFound();
    if (v.status === 'max_attempts_reached') throw new TwilioHttpError(429, VERIFY_CODES.maxCheckAttempts, 'Max check attempts reached');
    v.dateUpdated = this.now();
    if (code === v.code) {
      v.status = 'approved';
    } else {
      v.wrongChecks += 1;
      if (v.wrongChecks >= MAX_CHECKS) v.status = 'max_attempts_reached';
    }
    return v;
  }

  /** A live verification (pending or out of check attempts); 404 otherwise, as Twilio deletes finished ones. */
  fetch(serviceSid: string, sid: string): VerificationRecord {
    this.codeLength(serviceSid);
    const v = this.bySid(serviceSid, sid);
    if (v === undefined || (v.status !== 'pending' && v.status !== 'max_attempts_reached')) throw notFound();
    return v;
  }

  /** Verification update: `Status` canceled | approved on a pending verification. */
  update(serviceSid: string, sid: string, status: string | null): VerificationRecord {
    if (status !== 'canceled' && status !== 'approved') throw invalid('Status');
    const v = this.fetch(serviceSid, sid);
    v.status = status;
    v.dateUpdated = this.now();
    return v;
  }

  codeFor(serviceSid: string, to: string): string | undefined {
    const v = this.latest(serviceSid, to);
    return v !== undefined && (v.status === 'pending' || v.status === 'max_attempts_reached') ? v.code : undefined;
  }

  sends(): VerifySend[] {
    return this.sendLog.map(({ serviceSid, channel, to }) => ({ serviceSid, channel, to }));
  }

  markLandline(to: string): void {
    this.landlines.add(to);
  }

  markInvalid(to: string): void {
    this.invalidNumbers.add(to);
  }

  clear(): void {
    this.verifications.length = 0;
    this.sendLog.length = 0;
    this.landlines.clear();
    this.invalidNumbers.clear();
  }

  // ---- internals ------------------------------------------------------------------------------
  /** The service's code length; 404 unless created here or seeded into `verify_services`. */
  private codeLength(serviceSid: string): number {
    const own = this.services.get(serviceSid);
    if (own !== undefined) return own.codeLength;
    const seeded = this.resources.all(VERIFY_SERVICES).find((r) => r.sid === serviceSid);
    if (seeded === undefined) throw notFound();
    return typeof seeded.code_length === 'number' && seeded.code_length >= 4 && seeded.code_length <= 10 ? seeded.code_length : 6;
  }

  private bySid(serviceSid: string, sid: string): VerificationRecord | undefined {
    const v = this.verifications.find((x) => x.serviceSid === serviceSid && x.sid === sid);
    if (v !== undefined) this.expire(v);
    return v;
  }

  private latest(serviceSid: string, to: string): VerificationRecord | undefined {
    for (let i = this.verifications.length - 1; i >= 0; i--) {
      const v = this.verifications[i] as VerificationRecord;
      if (v.serviceSid === serviceSid && v.to === to) {
        this.expire(v);
        return v;
      }
    }
    return undefined;
  }

  private expire(v: VerificationRecord): void {
    const live = v.status === 'pending' || v.status === 'max_attempts_reached';
    if (live && this.now().getTime() - v.dateCreated.getTime() >= VERIFICATION_TTL_MS) v.status = 'expired';
  }
}
