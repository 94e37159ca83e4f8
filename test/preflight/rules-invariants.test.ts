/**
 * Repo-wide invariants over the preflight rules (like function-templates' all-templates test):
 * unique well-formed ids, complete metadata, every rule module registered, every rule tested,
 * every API-map row covered, and docs/controls.md current.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_METAS, API_MAP_ROWS, renderSection, rowsOf } from '../../scripts/gen-controls';
import { parseHipaaConfig } from '../../src/tooling/config/hipaa-config';

const ROOT = join(__dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}

describe('preflight rule invariants', () => {
  test('ids are unique and UPPER-KEBAB with a product prefix', () => {
    const ids = ALL_METAS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/);
  });

  test('metadata is complete: title, source, remediation, at least one profile', () => {
    for (const m of ALL_METAS) {
      expect({ id: m.id, ok: m.title.length > 10 && m.source.length > 5 && m.remediation.length > 10 && m.profiles.length > 0 }).toEqual({
        id: m.id,
        ok: true,
      });
    }
  });

  test('every rule module in src/tooling/preflight/rules is registered', () => {
    const registered = new Set(ALL_METAS.map((m) => m.id));
    const declared = files(join(ROOT, 'src', 'tooling', 'preflight', 'rules')).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/\bid: '([A-Z0-9-]+)'/g)].map((m) => m[1]),
    );
    expect(declared.filter((id) => !registered.has(id as string))).toEqual([]);
  });

  test('every rule is exercised by at least one test', () => {
    const tests = files(join(ROOT, 'test'))
      .filter((f) => f.endsWith('.test.ts') && !f.endsWith('rules-invariants.test.ts'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect(ALL_METAS.map((m) => m.id).filter((id) => !tests.includes(id))).toEqual([]);
  });

  test('every API-map row (1-33) has a rule or attestation', () => {
    const covered = new Set(ALL_METAS.flatMap((m) => rowsOf(m.source)));
    const missing = Array.from({ length: API_MAP_ROWS }, (_, i) => i + 1).filter((r) => !covered.has(r));
    expect(missing).toEqual([]);
  });

  test('docs/controls.md is current (npm run -s docs:controls)', () => {
    expect(readFileSync(join(ROOT, 'docs', 'controls.md'), 'utf8')).toContain(renderSection(ROOT));
  });

  test('the shipped commented example hipaa.config.example.jsonc is valid', () => {
    const config = parseHipaaConfig(readFileSync(join(ROOT, 'hipaa.config.example.jsonc'), 'utf8'));
    expect(config.profile).toBe('redaction');
    expect(config.designations).toHaveLength(1);
  });
});
