/**
 * Shared shapes of the messaging webhook rules (API map rows 4, 9, 15; S3 "Set all webhooks to
 * POST"), as voice/webhook-rule.ts is for voice:
 *  - serviceWebhookRule: one finding per Messaging Service (MSG-SVC-HTTPS-WEBHOOKS, MSG-SVC-POST-WEBHOOKS);
 *    a rule that does not apply to services using their numbers' own webhooks names where they are
 *    checked instead (`deferred`), and those services are skipped.
 *  - numberWebhookRule: one finding per incoming number and short code (NUM-HTTPS-WEBHOOKS,
 *    NUM-POST-WEBHOOKS); an endpoint whose every side is delegated (TwiML App, SIP trunk, Messaging
 *    Service pool) is skipped with the reasons naming the rules that check it.
 * Only field names, hosts and methods reach a finding, never a URL.
 */
import { finding, perResource, type FindingInput } from '../../findings';
import type { Evidence, Finding, Rule, RuleMeta } from '../../types';
import { fetchServices, type ServiceRecord } from './data';
import { numberEndpoints, type Endpoint } from './number-data';
import { DELEGATION_MESSAGES, usesNumberWebhooks } from './webhooks';

/** The reasons the templates give themselves (each rule spreads these into its messages). */
export const MESSAGING_WEBHOOK_MESSAGES = {
  noServices: 'no Messaging Services',
  noNumbers: 'no phone numbers or short codes',
  ...DELEGATION_MESSAGES,
} as const;

export interface ServiceWebhookSpec {
  judge(service: ServiceRecord): FindingInput & { ok: boolean };
  /** Skip reason for services that use each number's own webhooks; absent: every service is judged. */
  deferred?: string;
}

export function serviceWebhookRule(meta: RuleMeta, spec: ServiceWebhookSpec): Rule {
  return {
    meta,
    async check(ctx) {
      const services = await fetchServices(ctx);
      const deferred = spec.deferred;
      if (deferred === undefined) return perResource(meta, ctx, services, spec.judge, 'no Messaging Services');
      const own = services.filter((s) => !usesNumberWebhooks(s));
      const skipped = services
        .filter(usesNumberWebhooks)
        .map((s) => finding(meta, ctx, 'skip', { resource: s.sid, reason: deferred, evidence: { use_inbound_webhook_on_number: true } }));
      if (services.length > 0 && own.length === 0) return skipped;
      return [...perResource(meta, ctx, own, spec.judge, 'no Messaging Services'), ...skipped];
    },
  };
}

export interface NumberWebhookSpec {
  /** The endpoint's fields in use that this rule judges (none: every side is delegated). */
  fields(e: Endpoint): readonly string[];
  /** The failure for those fields, or null when they pass. `base` is the evidence every finding carries. */
  failure(e: Endpoint, base: Evidence): Omit<FindingInput, 'resource'> | null;
  passReason: string;
}

export function numberWebhookRule(meta: RuleMeta, spec: NumberWebhookSpec): Rule {
  return {
    meta,
    async check(ctx) {
      const endpoints = await numberEndpoints(ctx);
      if (endpoints.length === 0) return [finding(meta, ctx, 'pass', { message: 'noNumbers' })];
      return endpoints.map((e): Finding => {
        const base = { kind: e.kind, number: e.masked, delegated: e.delegated.length };
        if (spec.fields(e).length === 0)
          return finding(meta, ctx, 'skip', { resource: e.sid, reason: e.delegated.join('; '), evidence: base });
        const failure = spec.failure(e, base);
        if (failure === null) return finding(meta, ctx, 'pass', { resource: e.sid, reason: spec.passReason, evidence: base });
        return finding(meta, ctx, 'fail', { resource: e.sid, ...failure });
      });
    },
  };
}
