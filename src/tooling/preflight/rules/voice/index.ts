/** The voice rule group: one module per rule, listed here. */
import type { Rule } from '../../types';
import { rule as appPublicConnect } from './app-public-connect';
import { rule as appWebhooks } from './app-webhooks';
import { rule as dialingPermissions } from './dialing-permissions';
import { rule as pkcvEnforced } from './pkcv-enforced';
import { rule as pkcvPublicKey } from './pkcv-public-key';
import { rule as recordingEncryption } from './recording-encryption';
import { rule as recordingHttpAuth } from './recording-http-auth';
import { rule as sipDomainAuth } from './sip-domain-auth';
import { rule as sipDomainSecure } from './sip-domain-secure';
import { rule as sipDomainWebhooks } from './sip-domain-webhooks';
import { rule as trunkOriginationTls } from './trunk-origination-tls';
import { rule as trunkSecure } from './trunk-secure';
import { rule as trunkWebhooks } from './trunk-webhooks';
import { rule as twimlUrlHttpAuth } from './twiml-url-http-auth';
import { rule as videoMediaUrlsSecret } from './video-media-urls-secret';
import { rule as videoRecordingSettings } from './video-recording-settings';

export const VOICE_RULES: readonly Rule[] = [
  trunkSecure,
  trunkOriginationTls,
  trunkWebhooks,
  sipDomainSecure,
  sipDomainAuth,
  sipDomainWebhooks,
  appWebhooks,
  appPublicConnect,
  twimlUrlHttpAuth,
  dialingPermissions,
  recordingHttpAuth,
  recordingEncryption,
  pkcvPublicKey,
  pkcvEnforced,
  videoRecordingSettings,
  videoMediaUrlsSecret,
];
