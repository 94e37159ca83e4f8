/**
 * SLS-ENV-VARIABLES-CLEAN (API map row 21, recommended): deployed Environment Variables carry no
 * local-only or debugging seams and no PHI-looking values. Only the variable key is reported, never
 * its value (the value field is marked PII in the spec).
 */
import { HOSTS } from '../../api/twilio-api';
import { finding } from '../../findings';
import type { Finding, Rule, RuleMeta } from '../../types';
import { accountOf, str } from './platform-util';
import { serverlessState } from './serverless-data';
import { variableProblems } from '../env-values';

export const meta: RuleMeta = {
  id: 'SLS-ENV-VARIABLES-CLEAN',
  title: 'Deployed environment variables carry no seams or PHI-looking values',
  severity: 'recommended',
  product: 'serverless',
  source: 'S4 "Functions" (no PHI outside private assets); API map row 21',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(a)(1)'],
  mode: 'account',
  remediation:
    'Fix the value in .env.deploy and redeploy, or POST/DELETE /v1/Services/{ZS}/Environments/{ZE}/Variables/{ZV}: LEDGER_BACKEND=sync, no LEDGER_FILE_DIR, NODE_OPTIONS or DEBUG, and no patient data in any value.',
  fixable: false,
  messages: {
    noServerlessEnvironments: 'no Serverless environments',
    clean: 'clean',
    localOnlyDebuggingVariable: 'local-only or debugging variable',
    valueLooksLikePhi: 'value looks like PHI ({{kind}})',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const { api } = accountOf(ctx);
    const { environments } = await serverlessState(ctx);
    if (environments.length === 0) return [finding(meta, ctx, 'pass', { message: 'noServerlessEnvironments' })];
    const perEnv = await Promise.all(
      environments.map(async (env): Promise<Finding[]> => {
        const service = String(env.service_sid);
        const environment = String(env.sid);
        const vars = await api.all(`${HOSTS.serverless}/v1/Services/${service}/Environments/${environment}/Variables`, 'variables');
        const problems: Finding[] = [];
        for (const v of vars) {
          const key = str(v.key) ?? '';
          for (const kind of variableProblems(key, str(v.value) ?? '')) {
            problems.push(
              finding(meta, ctx, 'fail', {
                resource: str(v.sid),
                reason: kind === 'seam' ? 'local-only or debugging variable' : `value looks like PHI (${kind})`,
                evidence: { service, environment, variable: key, kind },
              }),
            );
          }
        }
        if (problems.length > 0) return problems;
        return [finding(meta, ctx, 'pass', { resource: environment, message: 'clean', evidence: { service, variables: vars.length } })];
      }),
    );
    return perEnv.flat();
  },
};
