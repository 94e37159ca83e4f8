/**
 * VOICE-RECORDING-ENCRYPTION (API map row 23, recommended): Voice Recording Encryption needs a
 * public key (row 7) and then fills `encryption_details` on every new recording
 * (https://www.twilio.com/docs/voice/tutorials/voice-recording-encryption; the field:
 * https://www.twilio.com/docs/voice/api/recording, "How to decrypt the recording if it was
 * encrypted"). Evidence at resource granularity: every completed recording among the newest
 * RECORDING_SCAN_LIMIT is named by its RE SID — stored unencrypted → warn, encrypted → pass.
 * Without a public key the feature cannot be on: one account-level warning, plus each unencrypted
 * recording by SID. Older recordings beyond the bound are counted, not judged: one `unknown`
 * saying how many were not checked. No recording at all → the `recordingEncryption` attestation.
 */
import { finding } from '../../findings';
import type { Finding, Rule, RuleMeta } from '../../types';
import { byAttestation } from './attest';
import { RECORDING_SCAN_MESSAGES, RECORDING_SCAN_LIMIT, recordingScan, uncheckedRecordings } from './recording-scan';
import { publicKeys, sidOf } from './voice-data';
import { ATTESTATION_MESSAGES } from '../attestation-rule';

export const meta: RuleMeta = {
  id: 'VOICE-RECORDING-ENCRYPTION',
  title: 'Voice recordings are encrypted with your public key',
  severity: 'recommended',
  product: 'voice',
  source: 'S4 "Voice Recording Encryption" (recommended); API map row 23',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(a)(2)(iv)'],
  mode: 'account',
  remediation:
    'Upload a public key (POST https://accounts.twilio.com/v1/Credentials/PublicKeys), then Console: Voice > Settings > General > Voice Recording Encryption: Enabled with that key. Recordings made before that stay unencrypted: download what you must keep to your own encrypted store and delete each named RE SID (DELETE /2010-04-01/Accounts/{AC}/Recordings/{RE}.json). Record attestations.recordingEncryption when no recording exists yet.',
  fixable: false,
  messages: {
    ...ATTESTATION_MESSAGES,
    ...RECORDING_SCAN_MESSAGES,
    noRecording: 'no completed recording to inspect',
    noPublicKeyRegisteredSo: 'no public key is registered, so recordings cannot be encrypted',
    recordingEncrypted: 'the recording is encrypted',
    recordingStoredUnencryptedEncryption: 'the recording is stored unencrypted (encryption_details is null)',
  },
};

type Rec = Record<string, unknown>;

function encryptionOf(r: Rec): { encrypted: boolean; keySid: string | null } {
  const details = r.encryption_details;
  const encrypted = details !== null && details !== undefined;
  const keySid = encrypted && typeof details === 'object' ? sidOf((details as Rec).encryption_public_key_sid, 'CR') : null;
  return { encrypted, keySid };
}

export const rule: Rule = {
  meta,
  async check(ctx) {
    const [keys, scan] = await Promise.all([publicKeys(ctx), recordingScan(ctx)]);
    const out: Finding[] = [];
    const completed = scan.records.filter((r) => r.status === 'completed');
    const noKey = keys.length === 0;
    if (noKey) out.push(finding(meta, ctx, 'fail', { message: 'noPublicKeyRegisteredSo', evidence: { publicKeys: 0 } }));
    for (const r of completed) {
      const { encrypted, keySid } = encryptionOf(r);
      // Without a key the account-level finding is the verdict; only unencrypted recordings are named.
      if (noKey && encrypted) continue;
      out.push(
        finding(meta, ctx, encrypted ? 'pass' : 'fail', {
          resource: String(r.sid),
          message: encrypted ? 'recordingEncrypted' : 'recordingStoredUnencryptedEncryption',
          evidence: { encrypted, ...(keySid ? { publicKeySid: keySid } : {}) },
        }),
      );
    }
    const rest = uncheckedRecordings(scan);
    if (rest) {
      out.push(
        finding(meta, ctx, 'unknown', {
          reason: rest.reason,
          evidence: {
            checked: scan.records.length,
            scanLimit: RECORDING_SCAN_LIMIT,
            unchecked: rest.unchecked,
            uncheckedIsLowerBound: rest.atLeast,
          },
        }),
      );
    }
    if (completed.length === 0 && !noKey) out.unshift(byAttestation(meta, ctx, 'recordingEncryption', 'no completed recording to inspect'));
    return out;
  },
};
