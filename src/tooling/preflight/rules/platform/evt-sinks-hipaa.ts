/**
 * EVT-SINKS-HIPAA (API map rows 4, 28): Event Streams sinks are configured HIPAA-compliantly.
 * `email` sinks fail (SendGrid is not eligible); `segment` sinks fail (no attestation exists for a
 * Segment BAA in this toolkit); `kinesis` sinks need the eventStreamsKinesisHipaa attestation (AWS
 * HIPAA architecture); `webhook` sinks need an https `destination` and `method` POST. Sink
 * configuration is immutable, so the remediation is a new sink.
 */
import { HOSTS } from '../../api/twilio-api';
import { finding } from '../../findings';
import type { Finding, Rule, RuleMeta } from '../../types';
import { accountOf, hostOf, isHttps, isPost, obj } from './platform-util';

export const meta: RuleMeta = {
  id: 'EVT-SINKS-HIPAA',
  title: 'Event Streams sinks are HIPAA-compliant (no email/Segment; Kinesis attested; webhooks POST over HTTPS)',
  severity: 'required',
  product: 'event-streams',
  source: 'S3 "Event Streams" (sink configuration is the customer\'s responsibility); S4 "Event Streams"; API map row 28',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(b)(1)', '164.312(e)(1)'],
  mode: 'account',
  remediation:
    'Sink configuration is immutable: create a compliant sink (webhook with an https destination and POST, or Kinesis on AWS HIPAA architecture, attested in eventStreamsKinesisHipaa), move the subscription to it (POST /v1/Subscriptions/{DF} SinkSid) and delete the old sink. Email and Segment sinks must be removed.',
  fixable: false,
  messages: {
    noEventStreamsSinks: 'no Event Streams sinks',
    emailSinksNotHipaa: 'email sinks are not HIPAA eligible',
    segmentSinksCannotAttested: 'Segment sinks cannot be attested here: remove the sink or keep PHI out of the subscribed events',
    noEventstreamskinesishipaaAttestationHipaaConfig: 'no "eventStreamsKinesisHipaa" attestation in hipaa.config.json',
    kinesisAwsHipaaArchitecture: 'Kinesis on AWS HIPAA architecture (attested)',
    kinesisAttestedNotAws: 'Kinesis attested as not on AWS HIPAA architecture',
    postOverHttps: 'POST over https',
    methodNotPost: 'method is not POST',
    destinationNotHttps: 'destination is not https',
    unrecognisedSinkType: 'unrecognised sink type',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const { api } = accountOf(ctx);
    const sinks = await api.all(`${HOSTS.events}/v1/Sinks`, 'sinks');
    if (sinks.length === 0) return [finding(meta, ctx, 'pass', { message: 'noEventStreamsSinks' })];
    return sinks.map((sink): Finding => {
      const resource = String(sink.sid);
      const type = typeof sink.sink_type === 'string' ? sink.sink_type : null;
      if (type === 'email') return finding(meta, ctx, 'fail', { resource, message: 'emailSinksNotHipaa', evidence: { sinkType: 'email' } });
      if (type === 'segment') {
        return finding(meta, ctx, 'fail', { resource, message: 'segmentSinksCannotAttested', evidence: { sinkType: 'segment' } });
      }
      if (type === 'kinesis') {
        const a = ctx.config.attestations.eventStreamsKinesisHipaa;
        if (!a)
          return finding(meta, ctx, 'unknown', {
            resource,
            message: 'noEventstreamskinesishipaaAttestationHipaaConfig',
            evidence: { sinkType: 'kinesis' },
          });
        return finding(meta, ctx, a.value ? 'pass' : 'fail', {
          resource,
          message: a.value ? 'kinesisAwsHipaaArchitecture' : 'kinesisAttestedNotAws',
          evidence: { sinkType: 'kinesis', attestedAt: a.at },
        });
      }
      if (type === 'webhook') {
        const conf = obj(sink.sink_configuration) ?? {};
        const https = isHttps(conf.destination);
        const post = isPost(conf.method);
        const ok = https && post;
        const reason = ok
          ? 'POST over https'
          : [post ? '' : 'method is not POST', https ? '' : 'destination is not https'].filter(Boolean).join('; ');
        return finding(meta, ctx, ok ? 'pass' : 'fail', {
          resource,
          reason,
          evidence: { sinkType: 'webhook', post, https, host: hostOf(conf.destination) },
        });
      }
      return finding(meta, ctx, 'unknown', { resource, message: 'unrecognisedSinkType' });
    });
  },
};
