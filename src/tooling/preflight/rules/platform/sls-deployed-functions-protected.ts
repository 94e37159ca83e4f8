/**
 * SLS-DEPLOYED-FUNCTIONS-PROTECTED (API map rows 5, 20): every Function version in a deployed Build
 * (any Environment's `build_sid`) is protected (Twilio validates X-Twilio-Signature) or private.
 * Build-embedded visibility may be upper-case ("PUBLIC"), so it is compared case-insensitively.
 */
import { finding } from '../../findings';
import type { Finding, Rule, RuleMeta } from '../../types';
import { serverlessState } from './serverless-data';

export const meta: RuleMeta = {
  id: 'SLS-DEPLOYED-FUNCTIONS-PROTECTED',
  title: 'Every deployed Function is protected or private',
  severity: 'required',
  product: 'serverless',
  source: 'S4 "Signed Webhook Requests", "Functions"; API map rows 5, 20',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(a)(1)', '164.312(d)'],
  mode: 'account',
  remediation:
    'Function versions are immutable: rename the source to name.protected.ts (webhooks) or name.private.ts (helpers), rebuild and redeploy (new Build, then POST /v1/Services/{ZS}/Environments/{ZE}/Deployments).',
  fixable: false,
  messages: {
    buildDoesNotState: 'the build does not state the function visibility',
    deployedPublicFunctionAnyone: 'deployed public function: anyone can call it unsigned',
    noDeployedFunctions: 'no deployed functions',
    protected: 'protected',
    private: 'private',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const { builds } = await serverlessState(ctx);
    const out: Finding[] = [];
    for (const build of builds) {
      for (const fn of build.functions) {
        const evidence = { service: build.serviceSid, build: build.buildSid, function: fn.resourceSid, visibility: fn.visibility };
        const resource = fn.sid ?? fn.resourceSid;
        if (fn.visibility === null) {
          out.push(finding(meta, ctx, 'unknown', { resource, message: 'buildDoesNotState', evidence }));
        } else if (fn.visibility === 'protected' || fn.visibility === 'private') {
          out.push(finding(meta, ctx, 'pass', { resource, reason: fn.visibility, evidence }));
        } else {
          out.push(finding(meta, ctx, 'fail', { resource, message: 'deployedPublicFunctionAnyone', evidence }));
        }
      }
    }
    if (out.length === 0) return [finding(meta, ctx, 'pass', { message: 'noDeployedFunctions' })];
    return out;
  },
};
