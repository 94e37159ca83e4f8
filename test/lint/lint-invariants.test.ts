/**
 * Repo-wide invariants over the lint rules (the preflight has the same in rules-invariants):
 * unique well-formed ids, complete metadata, every rule module registered, every rule exercised
 * by a test, docs/controls.md current; and every text this project ships is lint-clean.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LINT_METAS, renderLintSection } from '../../scripts/gen-controls';
import { FLOW_RULES, lintFlow, protectedFunctionPaths } from '../../src/tooling/lint/flow';
import { lintMessage, MESSAGE_RULES } from '../../src/tooling/lint/message';
import { readTemplatesFile } from '../../src/tooling/lint/message/templates-file';

const ROOT = join(__dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}

describe('lint rule invariants', () => {
  test('ids are unique, FLOW-/MSG- prefixed UPPER-KEBAB', () => {
    const ids = LINT_METAS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(FLOW|MSG)(-[A-Z0-9]+)+$/);
  });

  test('metadata is complete: title, source, remediation, docs', () => {
    for (const m of LINT_METAS) {
      expect({ id: m.id, ok: m.title.length > 10 && m.source.length > 5 && m.remediation.length > 10 && m.docs.length > 5 }).toEqual({
        id: m.id,
        ok: true,
      });
    }
  });

  test('every rule module under src/tooling/lint/*/rules is registered', () => {
    const registered = new Set([...FLOW_RULES, ...MESSAGE_RULES].map((r) => r.meta.id));
    const declared = [
      ...files(join(ROOT, 'src', 'tooling', 'lint', 'flow', 'rules')),
      ...files(join(ROOT, 'src', 'tooling', 'lint', 'message', 'rules')),
    ].flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bid: '([A-Z0-9-]+)'/g)].map((m) => m[1]));
    expect(declared.length).toBeGreaterThan(0);
    expect(declared.filter((id) => !registered.has(id as string))).toEqual([]);
  });

  test('every rule is exercised by at least one test (or a fixture table a test runs)', () => {
    const tests = files(join(ROOT, 'test'))
      .filter((f) => (f.endsWith('.test.ts') || f.includes('/fixtures/')) && !f.endsWith('lint-invariants.test.ts'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect(LINT_METAS.map((m) => m.id).filter((id) => !tests.includes(id))).toEqual([]);
  });

  test('docs/controls.md is current (npm run -s docs:controls)', () => {
    expect(readFileSync(join(ROOT, 'docs', 'controls.md'), 'utf8')).toContain(renderLintSection(ROOT));
  });
});

describe('every shipped text is lint-clean', () => {
  test.each(readdirSync(join(ROOT, 'flows')).filter((f) => f.endsWith('.json')))('flows/%s has no lint error', (file) => {
    const flow: unknown = JSON.parse(readFileSync(join(ROOT, 'flows', file), 'utf8'));
    const errors = lintFlow(flow, { allowedHosts: [], protectedFunctionPaths: protectedFunctionPaths(ROOT) }).findings.filter(
      (f) => f.severity === 'error',
    );
    expect(errors).toEqual([]);
  });

  test('every template asset is PHI-free', () => {
    const assets = readdirSync(join(ROOT, 'assets')).filter((f) => f.endsWith('.private.json'));
    const texts = assets.flatMap((f) => {
      const content = readFileSync(join(ROOT, 'assets', f), 'utf8');
      return 'templates' in (JSON.parse(content) as object) ? readTemplatesFile(content) : [];
    });
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.filter((t) => !lintMessage(t.text).phiFree).map((t) => t.pointer)).toEqual([]);
  });
});
