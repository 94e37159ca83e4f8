/**
 * CONV-ADDRESS-TYPES (API map row 27): Conversations addresses use eligible channels only, `sms` or
 * `chat`. WhatsApp (no BAA from Meta), Messenger, GBM, email, RCS and Apple are not eligible.
 */
import { perResource } from '../../findings';
import type { Rule, RuleMeta } from '../../types';
import { addressType, conversationAddresses } from './conversations-data';

export const meta: RuleMeta = {
  id: 'CONV-ADDRESS-TYPES',
  title: 'Conversations addresses use SMS or Chat only',
  severity: 'required',
  product: 'conversations',
  source: 'S3 "Conversations" (Chat, SMS, MMS, Group Texting; NOT WhatsApp); S4 Conversations; API map row 27',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(b)(1)'],
  mode: 'account',
  remediation:
    'Delete the address configuration (DELETE /v1/Configuration/Addresses/{IG}) and route that channel outside the HIPAA workflow.',
  fixable: false,
  messages: {
    eligibleChannel: 'eligible channel ({{type}})',
    channelNotHipaaEligible: 'channel {{type}} is not HIPAA eligible',
  },
};

const ALLOWED = new Set(['sms', 'chat']);

export const rule: Rule = {
  meta,
  async check(ctx) {
    const addresses = await conversationAddresses(ctx);
    return perResource(
      meta,
      ctx,
      addresses,
      (a) => {
        const type = addressType(a.type);
        const ok = ALLOWED.has(type);
        return {
          ok,
          resource: String(a.sid),
          reason: ok ? `eligible channel (${type})` : `channel ${type} is not HIPAA eligible`,
          evidence: { type },
        };
      },
      'no Conversations addresses',
    );
  },
};
