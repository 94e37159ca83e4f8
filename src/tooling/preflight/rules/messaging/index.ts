/** The messaging group: Messaging Services, numbers and short codes, redaction probes, WhatsApp. */
import type { Rule } from '../../types';
import { rule as geoPermissions } from './geo-permissions';
import { rule as redaction } from './message-redaction';
import { rule as mmsMediaAuth } from './mms-media-auth';
import { rule as noTags } from './no-message-tags';
import { rule as noWhatsapp } from './no-whatsapp';
import { rule as numberHttps } from './number-https-webhooks';
import { rule as numberLatent } from './number-latent-webhooks';
import { rule as numberPost } from './number-post-webhooks';
import { rule as usOnly } from './numbers-us-only';
import { rule as stopFiltering } from './stop-filtering-disabled';
import { rule as studioConflict } from './studio-redaction-conflict';
import { rule as serviceHttps } from './svc-https-webhooks';
import { rule as servicePost } from './svc-post-webhooks';
import { rule as stickySender } from './svc-sticky-sender-off';

export const MESSAGING_RULES: readonly Rule[] = [
  servicePost,
  serviceHttps,
  stickySender,
  stopFiltering,
  redaction,
  mmsMediaAuth,
  noTags,
  numberPost,
  numberHttps,
  numberLatent,
  studioConflict,
  usOnly,
  geoPermissions,
  noWhatsapp,
];
