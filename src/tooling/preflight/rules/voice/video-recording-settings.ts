/**
 * VIDEO-RECORDING-SETTINGS (API map row 24): Video recording settings. When recordings go to
 * external storage (`aws_storage_enabled` not false, fail closed), `encryption_enabled` must be
 * exactly true and the S3 URL https. A 404 (settings never configured) is a pass: recordings stay
 * in Twilio storage, where the media GET always needs auth (S4 Video); it is reported as such.
 */
import { ApiError, HOSTS } from '../../api/twilio-api';
import { finding } from '../../findings';
import type { Rule, RuleMeta } from '../../types';
import { parseUrl } from './urls';
import { sidOf, str, targetOf, type WireRecord } from './voice-data';

export const meta: RuleMeta = {
  id: 'VIDEO-RECORDING-SETTINGS',
  title: 'Video recordings in external storage are encrypted',
  severity: 'required',
  product: 'video',
  source: 'S4 "Programmable Video" (HTTP auth for media recordings); API map row 24',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(a)(2)(iv)'],
  mode: 'account',
  remediation:
    'Console: Video > Manage > Recording settings: enable Encryption with your public key (and an https S3 URL when external storage is on). API: POST https://video.twilio.com/v1/RecordingSettings/Default EncryptionEnabled=true, EncryptionKeySid=CR…',
  fixable: false,
  messages: {
    recordingSettingsWereNever: 'recording settings were never configured: recordings stay in Twilio storage (authenticated GET only)',
    recordingsStayTwilioStorage: 'recordings stay in Twilio storage',
    externalUnencrypted: 'recordings go to external storage without encryption',
    externalStorageUrlNot: 'the external storage URL is not https',
    externalEncrypted: 'recordings go to external storage encrypted',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const { api } = targetOf(ctx);
    let settings: WireRecord;
    try {
      settings = (await api.get(`${HOSTS.video}/v1/RecordingSettings/Default`)) as WireRecord;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        return [finding(meta, ctx, 'pass', { message: 'recordingSettingsWereNever', evidence: { configured: false } })];
      }
      throw err;
    }
    const external = settings.aws_storage_enabled !== false;
    const encryption = typeof settings.encryption_enabled === 'boolean' ? settings.encryption_enabled : null;
    const s3 = str(settings.aws_s3_url);
    const s3Url = s3 === null ? null : parseUrl(s3);
    const evidence = {
      configured: true,
      awsStorageEnabled: typeof settings.aws_storage_enabled === 'boolean' ? settings.aws_storage_enabled : null,
      encryptionEnabled: encryption,
      encryptionKeySid: sidOf(settings.encryption_key_sid, 'CR'),
      ...(s3Url ? { s3Host: s3Url.host } : {}),
    };
    if (!external) return [finding(meta, ctx, 'pass', { message: 'recordingsStayTwilioStorage', evidence })];
    if (encryption !== true) return [finding(meta, ctx, 'fail', { message: 'externalUnencrypted', evidence })];
    if (s3Url && !s3Url.https) return [finding(meta, ctx, 'fail', { message: 'externalStorageUrlNot', evidence })];
    return [finding(meta, ctx, 'pass', { message: 'externalEncrypted', evidence })];
  },
};
