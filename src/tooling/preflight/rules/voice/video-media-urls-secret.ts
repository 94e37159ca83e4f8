/**
 * VIDEO-MEDIA-URLS-SECRET (API map row 24): the media GET of a Video recording needs auth, but the
 * returned redirect URL (valid up to 1 hour) does not; keeping it secret is a code concern no API
 * shows, so attestation only.
 */
import { ATTESTATION_MESSAGES, attestationRule } from '../attestation-rule';
import type { RuleMeta } from '../../types';

export const meta: RuleMeta = {
  id: 'VIDEO-MEDIA-URLS-SECRET',
  title: 'Video media redirect URLs are kept secret (attested)',
  severity: 'required',
  product: 'video',
  source: 'S4 "Programmable Video", "HTTP Auth for Accessing Media Recordings"; API map row 24',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(a)(1)'],
  mode: 'account',
  remediation:
    'Fetch Video media only server-side with the account credentials, never log or forward the returned redirect URL, keep its Ttl short, and record attestations.videoMediaUrlsKeptSecret.',
  fixable: false,
  messages: {
    ...ATTESTATION_MESSAGES,
  },
};

export const rule = attestationRule(meta, 'videoMediaUrlsKeptSecret');
