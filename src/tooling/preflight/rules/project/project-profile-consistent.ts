/**
 * PROJECT-PROFILE-CONSISTENT: the deployment profile and the attestations agree. `redaction` needs
 * Message Redaction on and built-in STOP filtering disabled by ticket (so our STOP handler is the
 * only one); `studio` cannot have Message Redaction on (Studio does not work with it, seed 003).
 */
import { attested } from '../../../config/hipaa-config';
import { finding } from '../../findings';
import type { Rule, RuleMeta } from '../../types';

export const meta: RuleMeta = {
  id: 'PROJECT-PROFILE-CONSISTENT',
  title: 'The deployment profile matches the attested account settings',
  severity: 'required',
  product: 'project',
  source: 'S3 "Message Redaction" (incompatible with Studio; disable built-in STOP filtering); API map rows 11-12, 25',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(a)(1)(ii)(B)'],
  mode: 'offline',
  remediation:
    'redaction: attest messageRedaction and stopFilteringDisabled (with the Support ticket) and keep Studio off redacted senders. studio: Message Redaction must be off; every incoming-message path goes through the opt-out guard.',
  fixable: false,
  messages: {
    configProfileDiffers: 'hipaa.config.json says profile "{{configProfile}}" but the run uses "{{runProfile}}"',
    redactionProfileNeedsMessage: 'the redaction profile needs Message Redaction attested on',
    redactionProfileNeedsBuilt: 'the redaction profile needs built-in STOP filtering disabled (Support ticket)',
    messageRedactionAttestedBut:
      'Message Redaction is attested on, but Studio does not work with Message Redaction: use the redaction profile without Studio, or turn redaction off',
    profileConsistent: 'profile {{profile}} is consistent',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const reasons: string[] = [];
    if (ctx.config.profile !== ctx.profile)
      reasons.push(`hipaa.config.json says profile "${ctx.config.profile}" but the run uses "${ctx.profile}"`);
    if (ctx.profile === 'redaction') {
      if (!attested(ctx.config, 'messageRedaction')) reasons.push('the redaction profile needs Message Redaction attested on');
      if (!attested(ctx.config, 'stopFilteringDisabled'))
        reasons.push('the redaction profile needs built-in STOP filtering disabled (Support ticket)');
    } else if (attested(ctx.config, 'messageRedaction')) {
      reasons.push(
        'Message Redaction is attested on, but Studio does not work with Message Redaction: use the redaction profile without Studio, or turn redaction off',
      );
    }
    if (reasons.length === 0) return [finding(meta, ctx, 'pass', { reason: `profile ${ctx.profile} is consistent` })];
    return reasons.map((reason) => finding(meta, ctx, 'fail', { reason, evidence: { profile: ctx.profile } }));
  },
};
