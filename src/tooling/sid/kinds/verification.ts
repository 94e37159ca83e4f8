/**
 * VE: a Verify verification. A verification is only reachable under its Verify Service, so the
 * account's services are searched (bounded). Channel, status, number of send attempts, dates and
 * the service SID. Never the number (`to`), lookup data, amount or payee. Twilio keeps a
 * verification readable only while it is pending (about ten minutes): later it is "not found".
 */
import { show, type KindModule } from '../kind';
import { fetchOrNull, listBounded, searchUnder } from '../lookup';
import { iso, word } from '../present';

export interface VerificationView {
  kind: 'verification';
  sid: string;
  serviceSid: string;
  channel: string | null;
  status: string | null;
  sendAttempts: number | null;
  dateCreated: string | null;
  dateUpdated: string | null;
  serviceSearch: string;
}

export interface VerificationRecord {
  channel?: unknown;
  status?: unknown;
  sendCodeAttempts?: unknown;
  dateCreated?: unknown;
  dateUpdated?: unknown;
}

export function toVerificationView(
  verificationSid: string,
  serviceSid: string,
  v: VerificationRecord,
  serviceSearch: string,
): VerificationView {
  return {
    kind: 'verification',
    sid: verificationSid,
    serviceSid,
    channel: word(v.channel),
    status: word(v.status),
    sendAttempts: Array.isArray(v.sendCodeAttempts) ? v.sendCodeAttempts.length : null,
    dateCreated: iso(v.dateCreated),
    dateUpdated: iso(v.dateUpdated),
    serviceSearch,
  };
}

export const verificationKind: KindModule<VerificationView> = {
  kind: 'verification',
  title: 'Verify verification',
  prefixes: ['VE'],
  async lookup(ctx, verificationSid) {
    const services = ctx.client.verify.v2.services;
    const list = await listBounded((page) => services.list(page), ctx.bounds.parents, 'listing Verify services');
    const hit = await searchUnder(
      list,
      async (svc) => {
        const v = await fetchOrNull(() => services(svc.sid).verifications(verificationSid).fetch(), 'fetching the verification');
        return v === null ? null : { serviceSid: svc.sid, v };
      },
      'Verify services',
    );
    const { channel, status, sendCodeAttempts, dateCreated, dateUpdated } = hit.v;
    return toVerificationView(
      verificationSid,
      hit.serviceSid,
      { channel, status, sendCodeAttempts, dateCreated, dateUpdated },
      `searched up to ${list.items.length} Verify services`,
    );
  },
  lines: (v) => [
    ['service', v.serviceSid],
    ['channel', show(v.channel)],
    ['status', show(v.status)],
    ['send attempts', show(v.sendAttempts)],
    ['created', show(v.dateCreated)],
    ['updated', show(v.dateUpdated)],
  ],
  snippet: (v) => [
    ['service', v.serviceSid],
    ['channel', v.channel],
    ['status', v.status],
    ['created', v.dateCreated],
  ],
};
