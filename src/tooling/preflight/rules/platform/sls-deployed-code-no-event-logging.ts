/**
 * SLS-DEPLOYED-CODE-NO-EVENT-LOGGING (recommended): logging a whole webhook event or request body
 * copies message bodies and phone numbers into Function logs, which Console users can read (S4
 * "Debugger … may expose PHI"); this toolkit's own Functions log through an allowlist
 * (RT-LOG-ALLOWLIST). The deployed code of every Serverless service in the account (bounded:
 * sls-deployed-code-scan.ts) is checked with a small heuristic list (sls-deployed-code-detect.ts
 * `logsWholeEvent`: `console.*(event)`, `console.*(JSON.stringify(event))`, `console.*(req.body)`
 * and the like). Findings name the service, Function and Version SIDs; the code is never shown.
 */
import type { Rule, RuleMeta } from '../../types';
import { DEPLOYED_CODE_MESSAGES, deployedCodeFindings } from './sls-deployed-code-scan';

export const meta: RuleMeta = {
  id: 'SLS-DEPLOYED-CODE-NO-EVENT-LOGGING',
  title: 'Deployed Functions of every Serverless service do not log whole events or request bodies',
  severity: 'recommended',
  product: 'serverless',
  source:
    'S4 "Debugger" (logs may expose PHI); toolkit "No PHI in logs" (RT-LOG-ALLOWLIST); API map row 20 (deployed Function Version content)',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(a)(1)'],
  mode: 'account',
  remediation:
    'In the named Function Version, stop logging the whole event / request (console.log(event), JSON.stringify(event), req.body): log only SIDs and fixed text, then deploy a new version. Function logs already written age out of Twilio; do not copy them elsewhere.',
  fixable: false,
  messages: {
    ...DEPLOYED_CODE_MESSAGES,
    deployedFunctionLogsWhole: 'the deployed Function logs a whole event or request body',
  },
};

export const rule: Rule = {
  meta,
  check: (ctx) =>
    deployedCodeFindings(meta, ctx, {
      kinds: (v) => (v.eventLogging ? ['event-logging'] : []),
      reason: () => 'the deployed Function logs a whole event or request body',
    }),
};
