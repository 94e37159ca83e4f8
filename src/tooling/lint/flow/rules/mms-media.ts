/**
 * FLOW-MMS-MEDIA (warn): a message widget that sends media (`media_url`) is acceptable only when
 * media URLs require HTTP auth and the media carries no PHI.
 */
import type { LintRuleMeta } from '../../types';
import { propPointer } from '../walk';
import { widgetReviewRule } from './conditional';

export const MEDIA_CONDITION =
  'MMS media is acceptable only with HTTP auth enforced on media URLs (Messaging settings) and media that carries no PHI';

export const meta: LintRuleMeta = {
  id: 'FLOW-MMS-MEDIA',
  title: 'Message widgets that send media are reviewed',
  severity: 'warn',
  source: 'S3 (MMS media needs HTTP auth); studio-and-optout A3 (warn: media_url); issue 5 flow linter',
  remediation: 'Send media only with "Enforce HTTP Auth on Media URLs" on and PHI-free media; otherwise remove media_url.',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
  messages: {
    condition: MEDIA_CONDITION,
  },
};

const SENDS = new Set(['send-message', 'send-and-wait-for-reply']);

function hasMedia(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  return Array.isArray(value) && value.some(hasMedia);
}

export const { detect, rule } = widgetReviewRule(meta, {
  condition: (state) => (SENDS.has(state.type) && hasMedia(state.properties.media_url) ? MEDIA_CONDITION : null),
  at: (_state, index) => propPointer(index, 'media_url'),
});
