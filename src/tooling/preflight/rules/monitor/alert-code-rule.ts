/**
 * The shape every Monitor alert rule shares: read the scanned account's alerts of one log level in
 * the window (alerts-data.ts), fail once per alert whose code the rule names (with that code's
 * declared message; the alert text is never read), `unknown` when there were more alerts than the
 * bound, `pass` when nothing was found. A rule is its metadata plus the code → message table.
 */
import { finding } from '../../findings';
import type { Finding, Rule, RuleMeta } from '../../types';
import { ALERT_SCAN_LIMIT, ALERT_WINDOW_DAYS, alertEvidence, recentAlerts, type LogLevel } from './alerts-data';

export interface AlertCodeRuleSpec {
  meta: RuleMeta;
  level: LogLevel;
  /** Twilio error code → the id of its reason in `meta.messages`. */
  codes: Readonly<Record<string, string>>;
  /** Message ids: more alerts than the bound (`{{limit}}`, `{{days}}`), and none found (`{{days}}`). */
  truncated: string;
  none: string;
}

export function alertCodeRule({ meta, level, codes, truncated, none }: AlertCodeRuleSpec): Rule {
  return {
    meta,
    async check(ctx) {
      const window = await recentAlerts(ctx, level);
      const out: Finding[] = window.alerts.flatMap((a) => {
        const message = codes[a.errorCode];
        return message === undefined ? [] : [finding(meta, ctx, 'fail', { resource: a.sid, message, evidence: alertEvidence(a, level) })];
      });
      if (window.truncated) {
        out.push(
          finding(meta, ctx, 'unknown', {
            message: truncated,
            data: { limit: ALERT_SCAN_LIMIT, days: ALERT_WINDOW_DAYS },
            evidence: { read: window.read, scanLimit: ALERT_SCAN_LIMIT, windowDays: ALERT_WINDOW_DAYS },
          }),
        );
      }
      if (out.length === 0) {
        out.push(
          finding(meta, ctx, 'pass', {
            message: none,
            data: { days: ALERT_WINDOW_DAYS },
            evidence: { read: window.read, windowDays: ALERT_WINDOW_DAYS },
          }),
        );
      }
      return out;
    },
  };
}
