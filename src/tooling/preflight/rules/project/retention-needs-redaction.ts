/**
 * PROJECT-RETENTION-NEEDS-REDACTION: the per-message retention overrides /reminders/send can add
 * (MESSAGE_CONTENT_RETENTION, MESSAGE_ADDRESS_RETENTION in the deploy env file) exist only on
 * accounts with Message Redaction; elsewhere every reminder fails with 30029 / 30030. They belong
 * to the redaction profile. Only variable names are reported.
 */
import { join } from 'node:path';
import { readEnvFile } from '../../../../runtime/core/env-file';
import { finding } from '../../findings';
import type { Rule, RuleMeta } from '../../types';

export const meta: RuleMeta = {
  id: 'PROJECT-RETENTION-NEEDS-REDACTION',
  title: 'Per-message retention overrides are set only under the redaction profile',
  severity: 'required',
  product: 'project',
  source: 'API map row 12 (ContentRetention / AddressRetention need Message Redaction: errors 30029 / 30030)',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.310(d)(2)(i)'],
  mode: 'offline',
  remediation:
    'Under the studio profile, leave MESSAGE_CONTENT_RETENTION and MESSAGE_ADDRESS_RETENTION empty in the deploy env file; under redaction, set them only after Message Redaction is on for the account.',
  fixable: false,
  messages: {
    deployEnvFileDoes: 'the deploy env file does not exist',
    noRetentionOverride: 'no retention override',
    redactionProfile: 'redaction profile',
    setButProfileTwilio: '{{key}} is set but the profile is {{profile}}: Twilio refuses it without Message Redaction',
  },
};

const KEYS = ['MESSAGE_CONTENT_RETENTION', 'MESSAGE_ADDRESS_RETENTION'] as const;

export const rule: Rule = {
  meta,
  async check(ctx) {
    const file = ctx.project.deployEnvFile;
    const env = readEnvFile(join(ctx.project.root, file));
    if (!env) return [finding(meta, ctx, 'unknown', { resource: `project:${file}`, message: 'deployEnvFileDoes' })];
    const set = KEYS.filter((k) => (env[k] ?? '') !== '');
    if (set.length === 0 || ctx.profile === 'redaction') {
      return [
        finding(meta, ctx, 'pass', {
          resource: `project:${file}`,
          message: set.length === 0 ? 'noRetentionOverride' : 'redactionProfile',
          evidence: { variables: set.length },
        }),
      ];
    }
    return set.map((key) =>
      finding(meta, ctx, 'fail', {
        resource: `project:${file}#${key}`,
        reason: `${key} is set but the profile is ${ctx.profile}: Twilio refuses it without Message Redaction`,
        evidence: { variable: key },
      }),
    );
  },
};
