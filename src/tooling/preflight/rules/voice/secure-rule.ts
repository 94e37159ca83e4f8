/**
 * Shared shape of the "secure" rules (API map rows 17, 18): `secure` must be exactly true (null
 * fails closed). Seed 004 allows Twilio Interconnect instead of TLS/SRTP for both Elastic SIP
 * Trunking and the SIP Interface, so a positive `secureTrunkingInterconnect` attestation passes an
 * insecure resource. The fix (`Secure=true`) is reversible.
 */
import { attested } from '../../../config/hipaa-config';
import { perResource, type FindingInput } from '../../findings';
import type { Rule, RuleContext, RuleMeta } from '../../types';
import { targetOf, type WireRecord } from './voice-data';

export const SECURE_MESSAGES = {
  secure: 'TLS signalling and SRTP media are enforced',
  interconnect: 'not secure, but Twilio Interconnect is attested',
  notSecure: 'secure is not enabled (signalling and media travel unencrypted)',
} as const;

export interface SecureRuleSpec {
  load(ctx: RuleContext): Promise<WireRecord[]>;
  itemUrl(accountSid: string, sid: string): string;
  emptyReason: string;
}

export function secureRule(meta: RuleMeta, spec: SecureRuleSpec): Rule {
  return {
    meta,
    async check(ctx) {
      const account = targetOf(ctx);
      const interconnect = attested(ctx.config, 'secureTrunkingInterconnect');
      const items = await spec.load(ctx);
      return perResource(
        meta,
        ctx,
        items,
        (item): FindingInput & { ok: boolean } => {
          const sid = String(item.sid);
          const secure = typeof item.secure === 'boolean' ? item.secure : null;
          if (secure === true) return { ok: true, resource: sid, message: 'secure', evidence: { secure } };
          if (interconnect) return { ok: true, resource: sid, message: 'interconnect', evidence: { secure, interconnect: true } };
          const url = spec.itemUrl(account.sid, sid);
          return {
            ok: false,
            resource: sid,
            message: 'notSecure',
            evidence: { secure },
            fix: {
              resource: sid,
              changes: [{ field: 'secure', before: secure, after: true }],
              apply: async (api) => {
                await api.post(url, { Secure: 'true' });
              },
            },
          };
        },
        spec.emptyReason,
      );
    },
  };
}
