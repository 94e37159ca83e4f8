/**
 * TWIML-BINS-PHI-FREE (API map row 33): TwiML Bins cannot be listed through any API, so their use is
 * detected through incoming numbers whose voice/SMS (fallback) URLs point at handler.twilio.com.
 * Each such number needs the twimlBinsPhiFree attestation (no PHI in any Bin's TwiML). The
 * incoming-numbers list is the numbers rules' own (messaging/data.ts `fetchNumbers`, fetched once).
 */
import { attested } from '../../../config/hipaa-config';
import { fetchNumbers } from '../messaging/data';
import { maskNumber } from '../../../../runtime/core/mask';
import { finding } from '../../findings';
import type { Rule, RuleMeta } from '../../types';
import { hostOf, str } from './platform-util';

export const meta: RuleMeta = {
  id: 'TWIML-BINS-PHI-FREE',
  title: 'TwiML Bins in use contain no PHI (attested)',
  severity: 'required',
  product: 'serverless',
  source: 'S4 "TwiML Bin" (no PHI in the TwiML body); S3 "Runtime" (TwiML Bin*); API map row 33',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(a)(1)'],
  mode: 'account',
  remediation:
    'Review every TwiML Bin used by these numbers for PHI, then record attestations.twimlBinsPhiFree in hipaa.config.json (or move the TwiML into a protected Function).',
  fixable: false,
  messages: {
    noIncomingNumberPointsAt: 'no incoming number points at a TwiML Bin',
    numberUsesTwimlBin: 'the number uses a TwiML Bin and there is no "twimlBinsPhiFree" attestation',
    twimlBinsAttestedPhi: 'TwiML Bins attested PHI-free',
    twimlBinsAttestedPossibly: 'TwiML Bins attested as possibly holding PHI',
  },
};

const BIN_HOST = 'handler.twilio.com';
const usesBin = (...urls: unknown[]): boolean => urls.some((u) => hostOf(u) === BIN_HOST);

export const rule: Rule = {
  meta,
  async check(ctx) {
    const numbers = await fetchNumbers(ctx);
    const withBins = numbers.filter((n) => usesBin(n.voice_url, n.voice_fallback_url, n.sms_url, n.sms_fallback_url));
    if (withBins.length === 0)
      return [finding(meta, ctx, 'pass', { message: 'noIncomingNumberPointsAt', evidence: { numbers: numbers.length } })];
    const a = ctx.config.attestations.twimlBinsPhiFree;
    return withBins.map((n) => {
      const phone = str(n.phone_number);
      const evidence = {
        number: phone ? maskNumber(phone) : null,
        voiceBin: usesBin(n.voice_url, n.voice_fallback_url),
        smsBin: usesBin(n.sms_url, n.sms_fallback_url),
      };
      const resource = String(n.sid);
      if (!a) return finding(meta, ctx, 'unknown', { resource, message: 'numberUsesTwimlBin', evidence });
      const ok = attested(ctx.config, 'twimlBinsPhiFree');
      return finding(meta, ctx, ok ? 'pass' : 'fail', {
        resource,
        message: ok ? 'twimlBinsAttestedPhi' : 'twimlBinsAttestedPossibly',
        evidence: { ...evidence, attestedAt: a.at },
      });
    });
  },
};
