/**
 * SEC-PKCV-PUBLIC-KEY (API map row 7, recommended): Public Key Client Validation needs at least one
 * public key on the account (accounts v1 Credentials/PublicKeys). The same key list backs Voice
 * Recording Encryption (row 23).
 */
import { finding } from '../../findings';
import type { Rule, RuleMeta } from '../../types';
import { publicKeys } from './voice-data';

export const meta: RuleMeta = {
  id: 'SEC-PKCV-PUBLIC-KEY',
  title: 'A public key is registered for Public Key Client Validation',
  severity: 'recommended',
  product: 'security',
  source: 'S4 "Public Key Client Validation" (recommended); API map row 7',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(d)'],
  mode: 'account',
  remediation:
    'Generate an RSA key pair and upload the public key (Console: Account > Keys & Credentials > Credentials > Public keys; API: POST https://accounts.twilio.com/v1/Credentials/PublicKeys PublicKey=…). See https://www.twilio.com/docs/iam/pkcv/quickstart.',
  fixable: false,
  messages: {
    atLeastOnePublic: 'at least one public key is registered',
    noPublicKeyRegistered: 'no public key is registered',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const keys = await publicKeys(ctx);
    return [
      finding(meta, ctx, keys.length > 0 ? 'pass' : 'fail', {
        message: keys.length > 0 ? 'atLeastOnePublic' : 'noPublicKeyRegistered',
        evidence: { publicKeys: keys.length },
      }),
    ];
  },
};
