/**
 * The bounded recordings scan behind VOICE-RECORDING-ENCRYPTION: the newest RECORDING_SCAN_LIMIT
 * recordings (v2010 `GET /2010-04-01/Accounts/{AC}/Recordings.json`, one page of that size, in
 * the order Twilio lists them: newest first in practice, not a documented guarantee) are judged
 * one by one, by RE SID. Older ones are only
 * counted, up to RECORDING_COUNT_LIMIT more, so the report can say how many were not checked;
 * nothing beyond is read. Fetched once per account scan. Only SIDs, statuses and
 * `encryption_details` presence are used (https://www.twilio.com/docs/voice/api/recording).
 */
import { readBounded, type BoundedRead } from '../../api/bounded-read';
import { v2010 } from '../../api/twilio-api';
import type { RuleContext } from '../../types';
import { targetOf } from './voice-data';

/** Recordings judged individually (newest first): one finding each. */
export const RECORDING_SCAN_LIMIT = 200;
/** Beyond the scan, older recordings are counted (never judged) up to this many. */
export const RECORDING_COUNT_LIMIT = 2000;

export function recordingScan(ctx: RuleContext): Promise<BoundedRead> {
  const { api, sid } = targetOf(ctx);
  return ctx.cached('voice:recordings:encryption-scan', () =>
    readBounded(api, v2010(sid, '/Recordings.json'), 'recordings', { limit: RECORDING_SCAN_LIMIT, countLimit: RECORDING_COUNT_LIMIT }),
  );
}

export const RECORDING_SCAN_MESSAGES = {
  notChecked: '{{count}} older recording(s) beyond the newest {{limit}} were not checked',
} as const;

/** The "not checked" part of a scan as fixed text and counts, or null when nothing was left out. */
export function uncheckedRecordings(scan: BoundedRead): { reason: string; unchecked: number; atLeast: boolean } | null {
  if (scan.beyond === 0 && !scan.moreUnread) return null;
  const count = scan.moreUnread ? `more than ${scan.beyond}` : String(scan.beyond);
  return {
    reason: `${count} older recording(s) beyond the newest ${RECORDING_SCAN_LIMIT} were not checked`,
    unchecked: scan.beyond,
    atLeast: scan.moreUnread,
  };
}
