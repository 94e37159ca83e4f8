/**
 * MSG-STOP-FILTERING-DISABLED (API map row 11, redaction profile): with Message Redaction on, the
 * built-in STOP filtering / Advanced Opt-Out must be disabled through Support so our own STOP
 * handler sees the (redacted) replies. No API exposes the setting, so the rule needs the
 * `stopFilteringDisabled` attestation with its Support ticket, and checks Monitor for evidence the
 * other way: recent warning alerts 23002 (short-code STOP filtering) or 23004 (Advanced Opt-Out)
 * fail regardless of the attestation (evidence beats attestation).
 */
import { HOSTS } from '../../api/twilio-api';
import { finding } from '../../findings';
import type { Rule, RuleMeta } from '../../types';
import { scopeOf } from './data';

export const meta: RuleMeta = {
  id: 'MSG-STOP-FILTERING-DISABLED',
  title: 'Built-in STOP filtering / Advanced Opt-Out is disabled (Message Redaction)',
  severity: 'required',
  product: 'messaging',
  source: 'S3 "Message Redaction" (disable STOP filtering via Support); API map row 11',
  profiles: ['redaction'],
  safeguards: ['164.312(a)(1)'],
  mode: 'account',
  remediation:
    'Open a Support ticket to disable built-in STOP filtering and Advanced Opt-Out on the redacted senders (our STOP handler takes over), then record it in hipaa.config.json attestations.stopFilteringDisabled with the ticket number.',
  fixable: false,
  messages: {
    recentMonitorAlertsShow: 'recent Monitor alerts show Twilio STOP filtering / Advanced Opt-Out still acting on messages',
    noAlertsButStopfilteringdisabledAttestation: 'no alerts, but no "stopFilteringDisabled" attestation in hipaa.config.json',
    attestedNotDisabled: 'attested as not disabled',
    attestationLacksSupportTicket: 'the attestation lacks the Support ticket number',
    attestedSupportTicketStop: 'attested with a Support ticket; no STOP-filtering alerts',
  },
};

/** How far back Monitor alerts count as current evidence. */
export const ALERT_WINDOW_DAYS = 30;
const STOP_ALERTS = new Set(['23002', '23004']);

interface AlertRecord {
  sid: string;
  error_code: string | number | null;
  date_generated: string | null;
  date_created: string | null;
}

export const rule: Rule = {
  meta,
  async check(ctx) {
    const { api, sid } = scopeOf(ctx);
    const since = Date.now() - ALERT_WINDOW_DAYS * 86_400_000;
    const startDate = new Date(since).toISOString().replace(/\.\d{3}Z$/, 'Z');
    // Monitor has no error-code filter: fetch recent warnings and filter here (pitfall 4).
    const alerts = (await api.all(`${HOSTS.monitor}/v1/Alerts`, 'alerts', {
      LogLevel: 'warning',
      StartDate: startDate,
    })) as unknown as AlertRecord[];
    const hits = alerts.filter(
      (a) => STOP_ALERTS.has(String(a.error_code)) && Date.parse(a.date_generated ?? a.date_created ?? '') >= since,
    );
    if (hits.length > 0) {
      return [
        finding(meta, ctx, 'fail', {
          resource: sid,
          message: 'recentMonitorAlertsShow',
          evidence: {
            alerts23002: hits.filter((a) => String(a.error_code) === '23002').length,
            alerts23004: hits.filter((a) => String(a.error_code) === '23004').length,
            latestAlert: hits[0]?.sid ?? null,
            windowDays: ALERT_WINDOW_DAYS,
          },
        }),
      ];
    }
    const a = ctx.config.attestations.stopFilteringDisabled;
    const base = { alerts23002: 0, alerts23004: 0, windowDays: ALERT_WINDOW_DAYS };
    if (!a)
      return [finding(meta, ctx, 'unknown', { resource: sid, message: 'noAlertsButStopfilteringdisabledAttestation', evidence: base })];
    if (a.value !== true)
      return [finding(meta, ctx, 'fail', { resource: sid, message: 'attestedNotDisabled', evidence: { ...base, attestedAt: a.at } })];
    if (!a.ticket)
      return [
        finding(meta, ctx, 'unknown', { resource: sid, message: 'attestationLacksSupportTicket', evidence: { ...base, attestedAt: a.at } }),
      ];
    return [
      finding(meta, ctx, 'pass', {
        resource: sid,
        message: 'attestedSupportTicketStop',
        evidence: { ...base, attestedAt: a.at, ticket: a.ticket },
      }),
    ];
  },
};
