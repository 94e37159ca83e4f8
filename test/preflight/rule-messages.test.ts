/**
 * Finding reasons are declared in each rule's metadata (`meta.messages`, like ESLint rule
 * `messages`): fixed text, or `{{placeholders}}` for non-PHI data. findings.ts resolves a
 * `message` id against them and, under test, refuses a `reason` text that is not one of them, so
 * every test that runs a rule also checks its reasons. This file checks the declarations themselves,
 * that the refusal works, and (statically) that every message id a rule module names is declared.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_METAS } from '../../scripts/gen-controls';
import { ENGINE_MESSAGES, finding, isDeclaredReason, UndeclaredMessageError } from '../../src/tooling/preflight/findings';
import { ALL_RULES } from '../../src/tooling/preflight/rules';
import type { RuleMeta } from '../../src/tooling/preflight/types';

const RULES_DIR = join(__dirname, '..', '..', 'src', 'tooling', 'preflight', 'rules');
/** Placeholder names that would invite PHI or free text into a reason. */
const PHI_NAMES = /^(body|text|message|phone|number|to|from|name|patient|url|address|email|value|content)$/i;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}

describe('rule messages', () => {
  test('every rule declares its messages: fixed text, placeholders {{name}} only for non-PHI data, never a bare placeholder', () => {
    for (const meta of ALL_METAS) {
      const messages = Object.entries(meta.messages ?? {});
      expect({ id: meta.id, declared: messages.length > 0 }).toEqual({ id: meta.id, declared: true });
      for (const [key, text] of messages) {
        expect({ id: meta.id, key, idOk: /^[a-zA-Z][a-zA-Z0-9]*$/.test(key) }).toEqual({ id: meta.id, key, idOk: true });
        const names = [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] as string);
        expect({ id: meta.id, key, phiNames: names.filter((n) => PHI_NAMES.test(n)) }).toEqual({ id: meta.id, key, phiNames: [] });
        expect({ id: meta.id, key, braces: text.replace(/\{\{\w+\}\}/g, '').includes('{{') }).toEqual({ id: meta.id, key, braces: false });
        expect({ id: meta.id, key, fixedText: text.replace(/\{\{\w+\}\}/g, '').replace(/[^a-zA-Z]/g, '').length > 3 }).toEqual({
          id: meta.id,
          key,
          fixedText: true,
        });
      }
    }
  });

  test("every message id a rule module names is declared in that rule's messages", () => {
    const byFile = new Map<string, RuleMeta>();
    for (const file of files(RULES_DIR).filter((f) => f.endsWith('.ts'))) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(file) as { meta?: RuleMeta };
      if (mod.meta?.messages) byFile.set(file, mod.meta);
    }
    expect(byFile.size).toBeGreaterThan(60);
    const missing: string[] = [];
    for (const [file, meta] of byFile) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bmessage: (?:[^'\n,{}]*\? )?'(\w+)'(?: : '(\w+)')?/g)) {
        for (const id of [m[1], m[2]]) if (id !== undefined && meta.messages?.[id] === undefined) missing.push(`${meta.id}: ${id}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('a reason that is not declared is refused; a declared one (or declared ones joined by "; ") passes', () => {
    const rule = ALL_RULES.find((r) => r.meta.id === 'MSG-SVC-POST-WEBHOOKS')!;
    const ctx = { account: null };
    expect(() => finding(rule.meta, ctx, 'fail', { reason: 'the webhook looks odd' })).toThrow(UndeclaredMessageError);
    expect(() => finding(rule.meta, ctx, 'fail', { message: 'noSuchMessage' })).toThrow(UndeclaredMessageError);
    expect(finding(rule.meta, ctx, 'fail', { message: 'webhookMethodNotPost' }).reason).toBe('a webhook method is not POST');
    expect(finding(rule.meta, ctx, 'fail', { reason: 'a webhook method is not POST' }).reason).toBe('a webhook method is not POST');
    expect(isDeclaredReason(rule.meta, 'no Messaging Services; a webhook method is not POST')).toBe(true);
    expect(isDeclaredReason(rule.meta, 'a webhook method is not POST; and something else')).toBe(false);
    // The engine's own reasons are declared once for every rule.
    expect(isDeclaredReason(rule.meta, '12 resources passed')).toBe(true);
    expect(Object.keys(ENGINE_MESSAGES).length).toBeGreaterThan(3);
  });

  test('placeholders are filled from data, and a missing value is refused', () => {
    const rule = ALL_RULES.find((r) => r.meta.id === 'ATTEST-STAFF-TRAINING')!;
    const ctx = { account: null };
    expect(finding(rule.meta, ctx, 'unknown', { message: 'attestationMissing', data: { key: 'staffTraining' } }).reason).toBe(
      'no "staffTraining" attestation in hipaa.config.json',
    );
    expect(() => finding(rule.meta, ctx, 'unknown', { message: 'attestationMissing' })).toThrow(UndeclaredMessageError);
  });
});
