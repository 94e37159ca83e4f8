/**
 * PROJECT-FUNCTIONS-PROTECTED (API map rows 5, 20): every Function the deploy would upload is
 * protected (Twilio validates X-Twilio-Signature) or private. Read from dist/ with the listing code
 * twilio-run deploys with.
 */
import { finding } from '../../findings';
import type { Rule, RuleMeta } from '../../types';
import { builtListing } from './project-files';

export const meta: RuleMeta = {
  id: 'PROJECT-FUNCTIONS-PROTECTED',
  title: 'Every Function in the build is protected or private',
  severity: 'required',
  product: 'project',
  source: 'S4 "Signed Webhook Requests", "Functions"; API map rows 5, 20',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(a)(1)', '164.312(d)'],
  mode: 'offline',
  remediation: 'Rename the source to name.protected.ts (webhooks) or name.private.ts (helpers) and rebuild (npm run build).',
  fixable: false,
  messages: {
    noBuildFoundRunNpm: 'no build found (run npm run build)',
    noFunctions: 'no functions',
    publicFunctionAnyoneCan: 'public function: anyone can call it unsigned',
    protected: 'protected',
    private: 'private',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const listing = await builtListing(ctx);
    if (!listing) return [finding(meta, ctx, 'unknown', { message: 'noBuildFoundRunNpm' })];
    if (listing.functions.length === 0) return [finding(meta, ctx, 'pass', { message: 'noFunctions' })];
    return listing.functions.map((f) =>
      finding(meta, ctx, f.access === 'public' ? 'fail' : 'pass', {
        resource: `project:${f.path}`,
        reason: f.access === 'public' ? 'public function: anyone can call it unsigned' : f.access,
        evidence: { access: f.access },
      }),
    );
  },
};
