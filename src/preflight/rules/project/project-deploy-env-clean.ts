/**
 * PROJECT-DEPLOY-ENV-CLEAN (API map row 21; twilio-run uploads every key of the deploy env file):
 * the deploy env file exists, is not the local profile, carries no local-only or debugging seams,
 * and no value looks like PHI. Only variable names are reported, never values.
 */
import { basename, join } from 'node:path';
import { finding } from '../../findings';
import type { Rule, RuleMeta } from '../../types';
import { variableProblems } from '../env-values';
import { readEnvFile } from '../../../core/env-file';

export const meta: RuleMeta = {
  id: 'PROJECT-DEPLOY-ENV-CLEAN',
  title: 'The deploy env file is not the local profile and carries no seams or PHI-looking values',
  severity: 'required',
  product: 'project',
  source: 'S4 "Functions" (no PHI outside private assets); API map row 21; twilio-run notes (deploy uploads every env key)',
  profiles: ['redaction', 'studio'],
  mode: 'offline',
  remediation: 'Keep deploy settings in .env.deploy (never .env.local): LEDGER_BACKEND=sync, no LEDGER_FILE_DIR, NODE_OPTIONS or DEBUG, and no patient data in any value.',
  fixable: false,
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const file = ctx.project.deployEnvFile;
    if (basename(file) === '.env.local' || basename(file) === '.env') {
      return [finding(meta, ctx, 'fail', { resource: `project:${file}`, reason: 'the deploy env file is a local/default env file' })];
    }
    const env = readEnvFile(join(ctx.project.root, file));
    if (!env) return [finding(meta, ctx, 'fail', { resource: `project:${file}`, reason: 'the deploy env file does not exist' })];
    const problems = Object.entries(env).flatMap(([key, value]) => variableProblems(key, value).map((kind) => `${key}:${kind}`));
    if (problems.length === 0) return [finding(meta, ctx, 'pass', { resource: `project:${file}`, reason: 'clean', evidence: { variables: Object.keys(env).length } })];
    return problems.map((p) => {
      const [key, kind] = p.split(':');
      return finding(meta, ctx, 'fail', {
        resource: `project:${file}#${key}`,
        reason: kind === 'seam' ? 'local-only or debugging variable' : `value looks like PHI (${kind})`,
        evidence: { variable: key ?? null, kind: kind ?? null },
      });
    });
  },
};
