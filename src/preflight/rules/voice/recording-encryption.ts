/**
 * VOICE-RECORDING-ENCRYPTION (API map row 23, recommended): Voice Recording Encryption needs a
 * public key (row 7) and then fills `encryption_details` on every new recording. One finding per
 * recent completed recording; without a public key the feature cannot be on; without recordings
 * the attestation `recordingEncryption` decides.
 */
import { finding } from '../../findings';
import type { Rule, RuleMeta } from '../../types';
import { byAttestation } from './attest';
import { publicKeys, recentRecordings, sidOf } from './voice-data';

export const meta: RuleMeta = {
  id: 'VOICE-RECORDING-ENCRYPTION',
  title: 'Voice recordings are encrypted with your public key',
  severity: 'recommended',
  product: 'voice',
  source: 'S4 "Voice Recording Encryption" (recommended); API map row 23',
  profiles: ['redaction', 'studio'],
  mode: 'account',
  remediation:
    'Upload a public key (POST https://accounts.twilio.com/v1/Credentials/PublicKeys), then Console: Voice > Settings > General > Voice Recording Encryption: Enabled with that key. Record attestations.recordingEncryption when no recording exists yet.',
  fixable: false,
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const keys = await publicKeys(ctx);
    if (keys.length === 0) return [finding(meta, ctx, 'fail', { reason: 'no public key is registered, so recordings cannot be encrypted', evidence: { publicKeys: 0 } })];
    const recordings = (await recentRecordings(ctx)).filter((r) => r.status === 'completed');
    if (recordings.length === 0) return [byAttestation(meta, ctx, 'recordingEncryption', 'no completed recording to inspect')];
    return recordings.map((r) => {
      const details = r.encryption_details;
      const encrypted = details !== null && details !== undefined;
      const keySid = encrypted && typeof details === 'object' ? sidOf((details as Record<string, unknown>).encryption_public_key_sid, 'CR') : null;
      return finding(meta, ctx, encrypted ? 'pass' : 'fail', {
        resource: String(r.sid),
        reason: encrypted ? 'the recording is encrypted' : 'the recording is not encrypted (encryption_details is null)',
        evidence: { encrypted, ...(keySid ? { publicKeySid: keySid } : {}) },
      });
    });
  },
};
