/**
 * PROJECT-FLOWS-LINT-CLEAN: every Studio flow template in flows/ passes the flow linter (schema,
 * https, POST, no ineligible widgets, opt-out guard first, PHI-free text, protected Functions,
 * allowed hosts). Studio has no Message Redaction, so its flows must be PHI-free by content. One
 * finding per file; an unreadable or invalid file is a failure (never a pass).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlowInputError, lintFlow, protectedFunctionPaths } from '../../../lint/flow';
import { finding } from '../../findings';
import type { Finding, Rule, RuleMeta } from '../../types';

export const meta: RuleMeta = {
  id: 'PROJECT-FLOWS-LINT-CLEAN',
  title: 'Studio flow templates pass the flow linter',
  severity: 'required',
  product: 'project',
  source: 'S3 "Studio" (no Message Redaction: PHI-free content); studio-and-optout A3, B5; API map row 25',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(a)(1)', '164.312(e)(1)'],
  mode: 'offline',
  remediation: 'Run `npm run -s lint -- flow flows/*.json` and fix every error it lists (rule id, state and JSON pointer).',
  fixable: false,
  messages: {
    noFlowTemplatesFlows: 'no flow templates in flows/',
    flowFileNotReadable: 'the flow file is not readable JSON',
    noLintErrors: 'no lint errors',
    lintErrors: 'lint errors: {{rules}}',
    flowNotValidStudio: 'the flow is not a valid Studio flow definition',
    flowLinterCouldNot: 'the flow linter could not run',
  },
};

export function flowFiles(root: string): string[] {
  try {
    return readdirSync(join(root, 'flows'))
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
}

export const rule: Rule = {
  meta,
  async check(ctx) {
    const files = flowFiles(ctx.project.root);
    if (files.length === 0) return [finding(meta, ctx, 'pass', { message: 'noFlowTemplatesFlows' })];
    const opts = { allowedHosts: ctx.config.allowedWebhookHosts ?? [], protectedFunctionPaths: protectedFunctionPaths(ctx.project.root) };
    return files.map((file): Finding => {
      const resource = `project:flows/${file}`;
      let definition: unknown;
      try {
        definition = JSON.parse(readFileSync(join(ctx.project.root, 'flows', file), 'utf8'));
      } catch {
        return finding(meta, ctx, 'fail', { resource, message: 'flowFileNotReadable' });
      }
      try {
        const errors = lintFlow(definition, opts).findings.filter((f) => f.severity === 'error');
        if (errors.length === 0) return finding(meta, ctx, 'pass', { resource, message: 'noLintErrors' });
        const rules = [...new Set(errors.map((f) => f.ruleId))].sort();
        return finding(meta, ctx, 'fail', { resource, reason: `lint errors: ${rules.join(', ')}`, evidence: { errors: errors.length } });
      } catch (err) {
        const reason = err instanceof FlowInputError ? 'the flow is not a valid Studio flow definition' : 'the flow linter could not run';
        return finding(meta, ctx, 'fail', { resource, reason });
      }
    });
  },
};
