/**
 * Shared shape of the voice webhook rules (API map rows 4, 18, 19 and S3 "set all webhooks to
 * POST"): one finding per resource; set URLs must be https and their methods POST. Only the
 * method is auto-fixed (reversible); a URL scheme change needs the customer's server, so it is not.
 */
import { perResource } from '../../findings';
import type { Rule, RuleContext, RuleMeta } from '../../types';
import { reviewWebhooks, type WebhookField } from './urls';
import { targetOf, type WireRecord } from './voice-data';

export interface WebhookRuleSpec {
  load(ctx: RuleContext): Promise<WireRecord[]>;
  fields: readonly WebhookField[];
  /** The resource's update URL (POST). */
  itemUrl(accountSid: string, sid: string): string;
  emptyReason: string;
}

export function webhookRule(meta: RuleMeta, spec: WebhookRuleSpec): Rule {
  return {
    meta,
    async check(ctx) {
      const account = targetOf(ctx);
      const items = await spec.load(ctx);
      return perResource(
        meta,
        ctx,
        items,
        (item) => {
          const sid = String(item.sid);
          const review = reviewWebhooks(item, spec.fields);
          const url = spec.itemUrl(account.sid, sid);
          const fix =
            review.changes.length > 0
              ? {
                  resource: sid,
                  changes: review.changes,
                  apply: async (api: typeof account.api) => {
                    await api.post(url, review.params);
                  },
                }
              : undefined;
          return { ok: review.ok, resource: sid, reason: review.reason, evidence: review.evidence, ...(fix ? { fix } : {}) };
        },
        spec.emptyReason,
      );
    },
  };
}
