/**
 * PROJECT-TEMPLATES-PHI-FREE: every message template shipped in a private asset (any
 * assets/*.private.json with a `templates[].text` list) passes the message linter: no clinical
 * terms, provider names, patient-name placeholders, placeholders outside the allowlist, or reserved
 * keywords as reply instructions. One finding per file; unreadable → failure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintMessage } from '../../../lint/message';
import { readTemplatesFile, TemplatesFileError } from '../../../lint/message/templates-file';
import { finding } from '../../findings';
import type { Finding, Rule, RuleMeta } from '../../types';

export const meta: RuleMeta = {
  id: 'PROJECT-TEMPLATES-PHI-FREE',
  title: 'Message templates in private assets pass the message linter',
  severity: 'required',
  product: 'project',
  source: 'Seed 000 (PHI-free reminders); S4 "Messaging" (minimise PHI); studio-and-optout B5 (numeric replies)',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(e)(1)'],
  mode: 'offline',
  remediation:
    'Run `npm run -s lint -- message --file assets/<file>` and rewrite each flagged template (allowlisted placeholders only, numeric replies, no clinical words or names).',
  fixable: false,
  messages: {
    noTemplateAssets: 'no template assets',
    everyTemplatePhiFree: 'every template is PHI-free',
    templatesNotPhiFree: 'templates not PHI-free: {{failing}}',
    templatesFileInvalid: 'the templates file is invalid',
    messageLinterCouldNot: 'the message linter could not run',
  },
};

function hasTemplates(text: string): boolean {
  try {
    const data = JSON.parse(text) as { templates?: unknown };
    return Array.isArray(data.templates);
  } catch {
    return false;
  }
}

export const rule: Rule = {
  meta,
  async check(ctx) {
    const dir = join(ctx.project.root, 'assets');
    let names: string[];
    try {
      names = readdirSync(dir)
        .filter((f) => f.endsWith('.private.json'))
        .sort();
    } catch {
      names = [];
    }
    const files = names.map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') })).filter((f) => hasTemplates(f.text));
    if (files.length === 0) return [finding(meta, ctx, 'pass', { message: 'noTemplateAssets' })];
    return files.map(({ name, text }): Finding => {
      const resource = `project:assets/${name}`;
      try {
        const texts = readTemplatesFile(text);
        const failing = texts.filter((t) => !lintMessage(t.text).phiFree);
        if (failing.length === 0)
          return finding(meta, ctx, 'pass', { resource, message: 'everyTemplatePhiFree', evidence: { templates: texts.length } });
        return finding(meta, ctx, 'fail', {
          resource,
          reason: `templates not PHI-free: ${failing.map((t) => t.pointer).join(', ')}`,
          evidence: { templates: texts.length, failing: failing.length },
        });
      } catch (err) {
        return finding(meta, ctx, 'fail', {
          resource,
          message: err instanceof TemplatesFileError ? 'templatesFileInvalid' : 'messageLinterCouldNot',
        });
      }
    });
  },
};
