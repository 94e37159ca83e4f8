/**
 * AI-NO-ASSISTANTS (API map row 31): AI Assistants (including Voice for AI Assistants) are not
 * eligible, so the account has none. twilio-node 6.2.0 has no Assistants domain, so the list is read
 * with a raw request (spec twilio_assistants_v1; records are identified by `id`, not `sid`).
 */
import { HOSTS } from '../../api/twilio-api';
import { finding } from '../../findings';
import type { Rule, RuleMeta } from '../../types';
import { accountOf, str } from './platform-util';

export const meta: RuleMeta = {
  id: 'AI-NO-ASSISTANTS',
  title: 'No AI Assistants exist in the account',
  severity: 'required',
  product: 'ai',
  source: 'S3 "NOT Eligible", "CANNOT" (AI Assistants); API map row 31',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(b)(1)'],
  mode: 'account',
  remediation:
    'Delete the assistant (Console: AI Assistants, or DELETE https://assistants.twilio.com/v1/Assistants/{id}) and keep AI Assistants out of the HIPAA workflow.',
  fixable: false,
  messages: {
    noAiAssistants: 'no AI Assistants',
    aiAssistantsNotHipaa: 'AI Assistants are not HIPAA eligible',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const { api } = accountOf(ctx);
    const assistants = await api.all(`${HOSTS.assistants}/v1/Assistants`, 'assistants');
    if (assistants.length === 0) return [finding(meta, ctx, 'pass', { message: 'noAiAssistants' })];
    return assistants.map((a) => {
      const id = str(a.id);
      return finding(meta, ctx, 'fail', {
        resource: id && /^aia_asst_[A-Za-z0-9_-]+$/.test(id) ? id : null,
        message: 'aiAssistantsNotHipaa',
      });
    });
  },
};
