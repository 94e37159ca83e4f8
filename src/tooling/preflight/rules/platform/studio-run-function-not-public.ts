/**
 * STUDIO-RUN-FUNCTION-NOT-PUBLIC (API map rows 20, 25): a `run-function` widget must not call a
 * Function the deployed Build marks public. Matched by `function_sid`, else by the URL's host and
 * path against the deployed Environments' domains. A target that is not among the deployed
 * Functions of this account cannot be checked (unknown). The widget targets come from the flow
 * linter's FLOW-RUN-FUNCTION-PROTECTED (runFunctionTargets).
 */
import { runFunctionTargets } from '../../../lint/flow/rules/run-function-protected';
import type { Rule, RuleMeta } from '../../types';
import { serverlessState } from './serverless-data';
import { perFlow, STUDIO_FLOW_MESSAGES } from './studio-data';

export const meta: RuleMeta = {
  id: 'STUDIO-RUN-FUNCTION-NOT-PUBLIC',
  title: 'Studio Run Function widgets call protected Functions only',
  severity: 'required',
  product: 'studio',
  source: 'S4 "Signed Webhook Requests", "Functions"; API map rows 5, 20, 25',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(a)(1)', '164.312(d)'],
  mode: 'account',
  remediation:
    'Redeploy the called Function as name.protected.ts (Studio signs its requests), or point the widget at a protected Function.',
  fixable: false,
  messages: {
    ...STUDIO_FLOW_MESSAGES,
    callsPublic: 'a Run Function widget calls a public Function',
    callsUnknown: 'a Run Function widget calls a Function not deployed in this account, so its visibility cannot be checked',
    runFunctionWidgetsCall: 'Run Function widgets call protected or private Functions',
    noRunFunctionWidgets: 'no Run Function widgets',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const { builds } = await serverlessState(ctx);
    const publicSids = new Set<string>();
    const knownSids = new Set<string>();
    const publicUrls = new Set<string>();
    const knownUrls = new Set<string>();
    for (const build of builds) {
      for (const fn of build.functions) {
        const isPublic = fn.visibility !== 'protected' && fn.visibility !== 'private';
        if (fn.resourceSid) (isPublic ? publicSids : knownSids).add(fn.resourceSid);
        for (const env of build.environments) {
          if (!env.domain || !fn.path) continue;
          (isPublic ? publicUrls : knownUrls).add(`${env.domain.toLowerCase()}${fn.path}`);
        }
      }
    }
    return perFlow(meta, ctx, (flow) => {
      let calls = 0;
      let publicCalls = 0;
      let unresolved = 0;
      for (const { functionSid: sid, host, path } of runFunctionTargets(flow)) {
        calls += 1;
        const key = `${host ?? ''}${path ?? ''}`;
        if ((sid && publicSids.has(sid)) || publicUrls.has(key)) publicCalls += 1;
        else if (!((sid && knownSids.has(sid)) || knownUrls.has(key))) unresolved += 1;
      }
      const evidence = { runFunctionWidgets: calls, publicTargets: publicCalls, unresolvedTargets: unresolved };
      if (publicCalls > 0) return { status: 'fail', message: 'callsPublic', evidence };
      if (unresolved > 0) return { status: 'unknown', message: 'callsUnknown', evidence };
      return { status: 'pass', message: calls > 0 ? 'runFunctionWidgetsCall' : 'noRunFunctionWidgets', evidence };
    });
  },
};
