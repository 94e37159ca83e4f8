/**
 * SLS-DEPLOYED-CODE-NO-PHI-LITERALS (API map row 20, recommended): PHI belongs in private Assets
 * or your own store, never in Function code. The deployed code of every Serverless service in the
 * account (bounded: sls-deployed-code-scan.ts) is scanned for string literals that look like PHI,
 * with the environment-value patterns (env-values.ts: SSN, email, date, phone). A heuristic, so a
 * hit warns. Findings name the service, Function and Version SIDs and the pattern kinds only —
 * never the literal.
 */
import type { Rule, RuleMeta } from '../../types';
import { DEPLOYED_CODE_MESSAGES, deployedCodeFindings } from './sls-deployed-code-scan';

export const meta: RuleMeta = {
  id: 'SLS-DEPLOYED-CODE-NO-PHI-LITERALS',
  title: 'Deployed Functions of every Serverless service carry no PHI-looking string literals',
  severity: 'recommended',
  product: 'serverless',
  source: 'S4 "Functions" / "Assets" (no PHI outside private assets); API map row 20 (deployed Function Version content)',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(a)(1)'],
  mode: 'account',
  remediation:
    'Open the named Function Version in the named service and remove hard-coded patient data (phone numbers, emails, dates of birth, SSNs): read it at run time from a private Asset, Sync or your own store, then deploy a new version. Test fixtures with real-looking data belong in tests, not deployed code.',
  fixable: false,
  messages: {
    ...DEPLOYED_CODE_MESSAGES,
    stringLiteralDeployedFunction: 'a string literal in the deployed Function looks like PHI ({{kinds}})',
  },
};

export const rule: Rule = {
  meta,
  check: (ctx) =>
    deployedCodeFindings(meta, ctx, {
      kinds: (v) => v.phiKinds,
      reason: (kinds) => `a string literal in the deployed Function looks like PHI (${kinds.join(', ')})`,
    }),
};
