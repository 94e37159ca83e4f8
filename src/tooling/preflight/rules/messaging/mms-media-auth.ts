/**
 * MSG-MMS-MEDIA-AUTH (API map row 13): MMS media URLs require HTTP auth. Console-only (Messaging >
 * Settings > General), so the rule probes: the newest sampled message with media, its Media list,
 * then an unauthenticated HEAD (no redirects) of the media URL. 401 passes; 2xx/3xx means anyone
 * with the URL can fetch the media, so it fails; any other status is unknown. With no MMS sample
 * the `mmsMediaHttpAuth` attestation decides (absent → unknown).
 */
import { v2010 } from '../../api/twilio-api';
import { finding } from '../../findings';
import type { Finding, Rule, RuleContext, RuleMeta } from '../../types';
import { count, fetchRecentMessages, scopeOf } from './data';

export const meta: RuleMeta = {
  id: 'MSG-MMS-MEDIA-AUTH',
  title: 'MMS media URLs require HTTP authentication',
  severity: 'required',
  product: 'messaging',
  source: 'S4 "MMS" (HTTP auth on media required); S3; API map row 13',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(a)(1)', '164.312(d)'],
  mode: 'account',
  remediation:
    'Console: Messaging > Settings > General > "Enforce HTTP Auth on Media URLs": on, then record it in attestations.mmsMediaHttpAuth.',
  fixable: false,
  messages: {
    noMmsMediaProbeMmsmediahttpauth: 'no MMS media to probe and no "mmsMediaHttpAuth" attestation',
    attestedMmsMediaProbe: 'attested; no MMS media to probe',
    attestedOff: 'attested as off',
    mediaUrlAnswers401: 'the media URL answers 401 without credentials',
    mediaUrlReachableWithout: 'the media URL is reachable without credentials',
    unauthenticatedProbeReturnedUnexpected: 'the unauthenticated probe returned an unexpected status',
  },
};

/** How many sampled MMS messages to try before giving up (media may have been deleted). */
const MAX_CANDIDATES = 3;

function fromAttestation(ctx: RuleContext, sid: string, candidates: number): Finding {
  const a = ctx.config.attestations.mmsMediaHttpAuth;
  const evidence = { mmsSampled: candidates };
  if (!a) return finding(meta, ctx, 'unknown', { resource: sid, message: 'noMmsMediaProbeMmsmediahttpauth', evidence });
  return finding(meta, ctx, a.value === true ? 'pass' : 'fail', {
    resource: sid,
    message: a.value === true ? 'attestedMmsMediaProbe' : 'attestedOff',
    evidence: { ...evidence, attestedAt: a.at },
  });
}

export const rule: Rule = {
  meta,
  async check(ctx) {
    const { api, sid } = scopeOf(ctx);
    const candidates = (await fetchRecentMessages(ctx)).filter((m) => count(m.num_media) > 0).slice(0, MAX_CANDIDATES);
    for (const m of candidates) {
      const media = await api.all(v2010(sid, `/Messages/${m.sid}/Media.json`), 'media_list');
      const first = media[0];
      if (!first || typeof first.sid !== 'string') continue;
      const status = await ctx.probeStatus(v2010(sid, `/Messages/${m.sid}/Media/${first.sid}`));
      const evidence = { messageSid: m.sid, mediaSid: first.sid, httpStatus: status };
      if (status === 401) return [finding(meta, ctx, 'pass', { resource: first.sid, message: 'mediaUrlAnswers401', evidence })];
      if (status >= 200 && status < 400) {
        return [finding(meta, ctx, 'fail', { resource: first.sid, message: 'mediaUrlReachableWithout', evidence })];
      }
      return [finding(meta, ctx, 'unknown', { resource: first.sid, message: 'unauthenticatedProbeReturnedUnexpected', evidence })];
    }
    return [fromAttestation(ctx, sid, candidates.length)];
  },
};
