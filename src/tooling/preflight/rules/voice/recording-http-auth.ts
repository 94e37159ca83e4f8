/**
 * VOICE-RECORDING-HTTP-AUTH (API map row 22, required): recording media must require HTTP auth.
 * The switch is Console-only, so the rule probes: it takes the newest completed recording and
 * sends an unauthenticated HEAD (no redirects) to its api.twilio.com .mp3 URL. 401 passes; 2xx/3xx
 * fails; anything else is unknown. A `media_url` on another host means external storage, which
 * the API cannot judge (attestation). No recording to probe → attestation `recordingHttpAuth`.
 */
import { finding } from '../../findings';
import type { Rule, RuleMeta } from '../../types';
import { byAttestation } from './attest';
import { parseUrl } from './urls';
import { recentRecordings, str, targetOf } from './voice-data';
import { ATTESTATION_MESSAGES } from '../attestation-rule';

export const meta: RuleMeta = {
  id: 'VOICE-RECORDING-HTTP-AUTH',
  title: 'Voice recording media requires HTTP authentication',
  severity: 'required',
  product: 'voice',
  source: 'S4 "HTTP Auth for Accessing Recordings" (required); S3; API map row 22',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(a)(1)', '164.312(d)'],
  mode: 'account',
  remediation:
    'Console: Voice > Settings > General > Enforce HTTP Auth on Media URLs: Enabled. If no recording exists yet (or recordings go to external storage), record attestations.recordingHttpAuth.',
  fixable: false,
  messages: {
    ...ATTESTATION_MESSAGES,
    noRecording: 'no completed recording to probe',
    externalStorage: 'recordings are in external storage, which the API cannot check',
    unauthenticatedRequestRefused401: 'an unauthenticated request is refused (401)',
    recordingMediaServedWithout: 'recording media is served without authentication',
    unauthenticatedProbeReturnedUnexpected: 'the unauthenticated probe returned an unexpected status',
  },
};

export const API_HOST = 'api.twilio.com';

export const rule: Rule = {
  meta,
  async check(ctx) {
    const account = targetOf(ctx);
    const sample = (await recentRecordings(ctx)).find((r) => r.status === 'completed');
    if (!sample) return [byAttestation(meta, ctx, 'recordingHttpAuth', 'no completed recording to probe')];
    const sid = String(sample.sid);
    const media = str(sample.media_url);
    const mediaHost = media === null ? null : parseUrl(media).host;
    if (mediaHost !== null && mediaHost !== API_HOST) {
      return [
        byAttestation(meta, ctx, 'recordingHttpAuth', 'recordings are in external storage, which the API cannot check', sid, {
          externalStorage: true,
          mediaHost,
        }),
      ];
    }
    const status = await ctx.probeStatus(`https://${API_HOST}/2010-04-01/Accounts/${account.sid}/Recordings/${sid}.mp3`);
    const evidence = { httpStatus: status, mediaHost: API_HOST };
    if (status === 401) return [finding(meta, ctx, 'pass', { resource: sid, message: 'unauthenticatedRequestRefused401', evidence })];
    if (status >= 200 && status < 400) {
      return [finding(meta, ctx, 'fail', { resource: sid, message: 'recordingMediaServedWithout', evidence })];
    }
    return [finding(meta, ctx, 'unknown', { resource: sid, message: 'unauthenticatedProbeReturnedUnexpected', evidence })];
  },
};
