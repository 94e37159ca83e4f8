/**
 * PROJECT-DEPLOY-ENV-CLEAN (API map row 21; twilio-run uploads every key of the deploy env file):
 * the deploy env file is not the local profile, reads the same with dotenv 16 and with the dotenv
 * twilio-run uploads it with (src/runtime/core/env-parse.ts: anything they could read differently fails
 * by line number and problem kind), carries no local-only or debugging seams, no WEBHOOK_BASE_URL
 * other than an https *.twil.io origin, and no value that looks like PHI. A missing file is
 * `unknown` (nothing to check yet; the deploy gate's guards refuse to deploy without it). Only
 * variable names and line numbers are reported, never values.
 */
import { basename, join } from 'node:path';
import { finding } from '../../findings';
import type { Rule, RuleMeta } from '../../types';
import { variableProblems } from '../env-values';
import { readDeployEnvFile } from '../../../../runtime/core/env-file';
import { describeEnvProblem } from '../../../../runtime/core/env-parse';

export const meta: RuleMeta = {
  id: 'PROJECT-DEPLOY-ENV-CLEAN',
  title:
    'The deploy env file is not the local profile, reads the same for the gate and twilio-run, and carries no seams or PHI-looking values',
  severity: 'required',
  product: 'project',
  source:
    'S4 "Functions" (no PHI outside private assets); API map row 21; twilio-run notes (deploy uploads every env key, read with its own dotenv 6.2.0)',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(a)(1)', '164.308(a)(1)(ii)(B)'],
  mode: 'offline',
  remediation:
    "Keep deploy settings in .env.deploy (never .env.local; create it from .env.example): one KEY=value per line (no export, no multi-line or backtick-quoted values, no inline # comments), LEDGER_BACKEND=sync, no LEDGER_FILE_DIR, NODE_OPTIONS or DEBUG, WEBHOOK_BASE_URL empty (or exactly https://{the environment's domain}), and no patient data in any value.",
  fixable: false,
  messages: {
    deployEnvFileLocal: 'the deploy env file is a local/default env file',
    nothingCheckYetDoes:
      "nothing to check yet: {{file}} does not exist (create it from .env.example with the deployment's values; npm run deploy refuses to run without it)",
    deployEnvFileCould:
      "the deploy env file could not be read, or twilio-run's own dotenv could not be loaded to compare readings (npm install)",
    readsDiffer: 'dotenv 16 and twilio-run could read it differently: {{problem}}',
    clean: 'clean',
    phiValue: 'value looks like PHI ({{kind}})',
    webhookBaseUrl:
      'WEBHOOK_BASE_URL is not an https://….twil.io origin (a tunnel, localhost, http, another host, a port or a path): deployed Functions would refuse every genuine webhook (403); leave it empty',
    localOnly: 'local-only or debugging variable',
  },
};

function reasonOf(key: string, kind: string): string {
  if (kind !== 'seam') return `value looks like PHI (${kind})`;
  if (key === 'WEBHOOK_BASE_URL') {
    return 'WEBHOOK_BASE_URL is not an https://….twil.io origin (a tunnel, localhost, http, another host, a port or a path): deployed Functions would refuse every genuine webhook (403); leave it empty';
  }
  return 'local-only or debugging variable';
}

export const rule: Rule = {
  meta,
  async check(ctx) {
    const file = ctx.project.deployEnvFile;
    const resource = `project:${file}`;
    if (basename(file) === '.env.local' || basename(file) === '.env') {
      return [finding(meta, ctx, 'fail', { resource, message: 'deployEnvFileLocal' })];
    }
    const read = readDeployEnvFile(join(ctx.project.root, file));
    if (read.status === 'missing') {
      return [
        finding(meta, ctx, 'unknown', {
          resource,
          reason: `nothing to check yet: ${file} does not exist (create it from .env.example with the deployment's values; npm run deploy refuses to run without it)`,
        }),
      ];
    }
    if (read.status === 'unreadable') {
      return [finding(meta, ctx, 'unknown', { resource, message: 'deployEnvFileCould' })];
    }
    if (read.status === 'refused') {
      return read.problems.map((p) =>
        finding(meta, ctx, 'fail', {
          resource: p.line > 0 ? `${resource}:${p.line}` : resource,
          reason: `dotenv 16 and twilio-run could read it differently: ${describeEnvProblem(p)}`,
          evidence: { line: p.line, kind: p.kind },
        }),
      );
    }
    const env = read.vars;
    const problems = Object.entries(env).flatMap(([key, value]) => variableProblems(key, value).map((kind) => ({ key, kind })));
    if (problems.length === 0)
      return [finding(meta, ctx, 'pass', { resource, message: 'clean', evidence: { variables: Object.keys(env).length } })];
    return problems.map(({ key, kind }) =>
      finding(meta, ctx, 'fail', {
        resource: `${resource}#${key}`,
        reason: reasonOf(key, kind),
        evidence: { variable: key, kind },
      }),
    );
  },
};
