/**
 * MSG-REDACTION-ON (API map row 12, redaction profile): Message Redaction is on. S4 "highly
 * recommends" it; the redaction profile is built on it, so it is required there. (The studio
 * profile cannot use it: Studio does not work with Message Redaction, so the rule does not run.)
 * Console-only, so the rule probes the 20 most recent messages: an outbound message with an empty
 * body but segments proves body redaction, a `to` ending in XXXX proves address redaction; an
 * outbound message with a body or a clear `to` disproves it. Evidence beats attestation; with no
 * outbound sample the `messageRedaction` attestation decides (absent → unknown). Only counts and
 * the newest unredacted message's SID are reported, never a body or a number.
 */
import { finding } from '../../findings';
import type { Rule, RuleMeta } from '../../types';
import { count, fetchRecentMessages, scopeOf, type MessageRecord } from './data';

export const meta: RuleMeta = {
  id: 'MSG-REDACTION-ON',
  title: 'Message Redaction is on (bodies and phone numbers redacted)',
  severity: 'required',
  product: 'messaging',
  source: 'S4 "Message Redaction" (highly recommended); S3 "Message Redaction"; API map row 12',
  profiles: ['redaction'],
  safeguards: ['164.312(a)(1)'],
  mode: 'account',
  remediation:
    'Console: Messaging > Settings > General > Message Redaction: redact message bodies and phone numbers (Security/Enterprise Edition), then record it in attestations.messageRedaction.',
  fixable: false,
  messages: {
    recentOutboundMessagesKeep: 'recent outbound messages keep their bodies',
    messageBodiesRedactedBut: 'message bodies are redacted but phone numbers are not',
    recentOutboundMessagesRedacted: 'recent outbound messages are redacted (body and number)',
    noOutboundMessageProbeMessageredaction: 'no outbound message to probe and no "messageRedaction" attestation',
    attestedOutboundMessageProbe: 'attested; no outbound message to probe',
    attestedOff: 'attested as off',
  },
};

const MASKED = /[X*]{4}$/i;

type Verdict = 'redacted' | 'body-kept' | 'address-kept' | 'inconclusive';

function classify(m: MessageRecord): Verdict {
  if (typeof m.body === 'string' && m.body !== '') return 'body-kept';
  if (typeof m.to === 'string' && m.to !== '' && !MASKED.test(m.to)) return 'address-kept';
  if (m.body === '' && count(m.num_segments) > 0 && typeof m.to === 'string' && MASKED.test(m.to)) return 'redacted';
  return 'inconclusive';
}

export const rule: Rule = {
  meta,
  async check(ctx) {
    const { sid } = scopeOf(ctx);
    const outbound = (await fetchRecentMessages(ctx)).filter((m) => typeof m.direction === 'string' && m.direction.startsWith('outbound'));
    const verdicts = outbound.map((m) => ({ sid: m.sid, v: classify(m) }));
    const tally = (v: Verdict) => verdicts.filter((x) => x.v === v).length;
    const evidence = {
      outboundSampled: outbound.length,
      redacted: tally('redacted'),
      bodyKept: tally('body-kept'),
      addressKept: tally('address-kept'),
    };
    const kept = verdicts.find((x) => x.v === 'body-kept' || x.v === 'address-kept');
    if (kept) {
      const reason =
        kept.v === 'body-kept' ? 'recent outbound messages keep their bodies' : 'message bodies are redacted but phone numbers are not';
      return [finding(meta, ctx, 'fail', { resource: sid, reason, evidence: { ...evidence, newestUnredacted: kept.sid } })];
    }
    if (evidence.redacted > 0) return [finding(meta, ctx, 'pass', { resource: sid, message: 'recentOutboundMessagesRedacted', evidence })];
    const a = ctx.config.attestations.messageRedaction;
    if (!a) return [finding(meta, ctx, 'unknown', { resource: sid, message: 'noOutboundMessageProbeMessageredaction', evidence })];
    return [
      finding(meta, ctx, a.value === true ? 'pass' : 'fail', {
        resource: sid,
        message: a.value === true ? 'attestedOutboundMessageProbe' : 'attestedOff',
        evidence: { ...evidence, attestedAt: a.at },
      }),
    ];
  },
};
