/**
 * MSG-NO-MESSAGE-TAGS (API map row 14): Message Tags are not HIPAA-eligible, so no Function may pass
 * `tags` / `Tags` to messages.create. An offline, static scan of the built Functions
 * (dist/functions/**\/*.js): a file that calls `messages.create` and has a `tags`/`Tags` object key
 * (`tags:`, `"Tags":`, or shorthand `{ tags }`) anywhere fails.
 * Limits (it is a text scan, not a data-flow analysis): it cannot follow options built in another
 * file or added by computed keys (`opts['ta' + 'gs']`), and minified or bundled code that renames
 * `messages.create` escapes it; a `tags:` key unrelated to messaging in the same file fails (fail
 * closed). Comments are stripped first, so commented-out code does not count.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { finding } from '../../findings';
import type { Rule, RuleMeta } from '../../types';

export const meta: RuleMeta = {
  id: 'MSG-NO-MESSAGE-TAGS',
  title: 'Functions do not pass Message Tags (not HIPAA-eligible) to messages.create',
  severity: 'required',
  product: 'messaging',
  source: 'S4 "Messaging" (tagging not eligible); S3; API map row 14',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(b)(1)'],
  mode: 'offline',
  remediation:
    'Remove the tags/Tags parameter from messages.create (keep correlation data in your own store, keyed by the Message SID) and rebuild.',
  fixable: false,
  messages: {
    noBuildFoundRunNpm: 'no build found (run npm run build)',
    noFunctionCallsMessagesCreate: 'no Function calls messages.create',
    tagsTagsKeyAppears: 'a tags/Tags key appears in a file that calls messages.create',
    messagesCreateWithoutTags: 'messages.create without tags',
  },
};

const CREATE = /\bmessages\s*\.\s*create\s*\(/;
const TAG_KEY = /(?:["'`]?\b[Tt]ags\b["'`]?\s*:|[{,]\s*[Tt]ags\s*[,}])/;

function jsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...jsFiles(path));
    else if (entry.isFile() && entry.name.endsWith('.js')) out.push(path);
  }
  return out.sort();
}

/** Drops block and line comments (roughly: good enough for a fail-closed scan). */
function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\])\/\/.*$/gm, '$1');
}

export const rule: Rule = {
  meta,
  async check(ctx) {
    const root = join(ctx.project.root, 'dist', 'functions');
    if (!existsSync(root)) return [finding(meta, ctx, 'unknown', { message: 'noBuildFoundRunNpm' })];
    const senders = jsFiles(root)
      .map((path) => ({ path, code: stripComments(readFileSync(path, 'utf8')) }))
      .filter((f) => CREATE.test(f.code));
    if (senders.length === 0) return [finding(meta, ctx, 'pass', { message: 'noFunctionCallsMessagesCreate' })];
    return senders.map((f) => {
      const tagged = TAG_KEY.test(f.code);
      return finding(meta, ctx, tagged ? 'fail' : 'pass', {
        resource: `project:${relative(ctx.project.root, f.path).split('\\').join('/')}`,
        message: tagged ? 'tagsTagsKeyAppears' : 'messagesCreateWithoutTags',
        evidence: { tagsKey: tagged },
      });
    });
  },
};
