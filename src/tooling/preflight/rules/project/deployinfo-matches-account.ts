/**
 * PROJECT-DEPLOYINFO-ACCOUNT (serverless-toolkit #162, #153): a .twiliodeployinfo service cached for
 * another account makes twilio-run deploy fail ("Environment not found") or, worse, target the wrong
 * service. The cached service must belong to the account being deployed to.
 */
import { finding } from '../../findings';
import type { Rule, RuleMeta } from '../../types';
import { readDeployInfo } from './project-files';

export const meta: RuleMeta = {
  id: 'PROJECT-DEPLOYINFO-ACCOUNT',
  title: '.twiliodeployinfo belongs to the target account',
  severity: 'required',
  product: 'project',
  source: 'serverless-toolkit #162/#153 (cached service SID from another account); deploy gate',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(b)(1)'],
  mode: 'account',
  remediation: 'Deploy with --service-sid for this account explicitly, or remove the stale entry from .twiliodeployinfo.',
  fixable: false,
  messages: {
    onlyCheckedTargetAccount: 'only checked for the target account',
    noPreviousDeployRecorded: 'no previous deploy recorded',
    cachedServiceThisAccount: 'cached service is for this account',
    cachedServiceBelongsAnother: 'the cached service belongs to another account',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const account = ctx.account;
    if (!account || account.parentSid !== null) return [finding(meta, ctx, 'skip', { message: 'onlyCheckedTargetAccount' })];
    const info = readDeployInfo(ctx.project.root);
    if (info === null) return [finding(meta, ctx, 'pass', { message: 'noPreviousDeployRecorded' })];
    const keys = Object.keys(info);
    const mine = keys.filter((k) => k.split(':')[0] === account.sid);
    if (mine.length > 0) {
      return [finding(meta, ctx, 'pass', { resource: info[mine[0] as string]?.serviceSid ?? null, message: 'cachedServiceThisAccount' })];
    }
    return [
      finding(meta, ctx, 'fail', {
        message: 'cachedServiceBelongsAnother',
        evidence: { cachedAccounts: keys.map((k) => k.split(':')[0]).join(',') },
      }),
    ];
  },
};
