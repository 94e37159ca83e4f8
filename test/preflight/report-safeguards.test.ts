/**
 * The HIPAA Security Rule mapping: every preflight rule and every runtime control cites at least
 * one section from the closed list (a typo or an invented number fails), the list is well formed,
 * docs/controls.md is current, and the mapping reaches every output (JSON, SARIF, text).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_METAS, renderControlsDoc } from '../../scripts/gen-controls';
import { isSafeguardId, safeguard, SAFEGUARDS, sortSections, UnknownSafeguardError } from '../../src/tooling/compliance/hipaa-safeguards';
import { RUNTIME_CONTROLS } from '../../src/tooling/compliance/runtime-controls';
import { finding } from '../../src/tooling/preflight/findings';
import { buildReport } from '../../src/tooling/preflight/output/report';
import { formatSarif } from '../../src/tooling/preflight/output/sarif';
import { formatText } from '../../src/tooling/preflight/output/text';

const ROOT = join(__dirname, '..', '..');
const cited = [
  ...ALL_METAS.map((m) => ({ id: m.id, safeguards: m.safeguards })),
  ...RUNTIME_CONTROLS.map((c) => ({ id: c.id, safeguards: c.safeguards })),
];

describe('HIPAA safeguard mapping', () => {
  test('every preflight rule and runtime control cites at least one safeguard, each from the closed list, none twice', () => {
    expect(ALL_METAS.length).toBeGreaterThan(50);
    expect(RUNTIME_CONTROLS.length).toBeGreaterThan(40);
    const problems = cited.filter(
      (c) => c.safeguards.length === 0 || c.safeguards.some((s) => !isSafeguardId(s)) || new Set(c.safeguards).size !== c.safeguards.length,
    );
    expect(problems.map((p) => p.id)).toEqual([]);
  });

  test('runtime control ids are unique RT- ids and do not collide with rule ids', () => {
    const ids = RUNTIME_CONTROLS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^RT-[A-Z0-9]+(-[A-Z0-9]+)*$/);
    expect(ids.filter((id) => ALL_METAS.some((m) => m.id === id))).toEqual([]);
  });

  test('unknown section numbers are refused: invented, mistyped, Privacy Rule, or a bare part', () => {
    for (const bad of [
      '164.312(z)',
      '164.312(e)(3)',
      '164.312(E)(1)',
      '164.530(c)',
      '164.312',
      '45 CFR 164.312(e)(1)',
      '164.312(e)(1) ',
      '',
    ]) {
      expect(isSafeguardId(bad)).toBe(false);
      expect(() => safeguard(bad)).toThrow(UnknownSafeguardError);
    }
    expect(() => sortSections(['164.312(d)', '164.312(z)'])).toThrow(UnknownSafeguardError);
    expect(sortSections(['164.312(d)', '164.308(b)(1)', '164.312(d)'])).toEqual(['164.308(b)(1)', '164.312(d)']);
    expect(safeguard('164.312(e)(1)')).toEqual({ section: '164.312(e)(1)', name: 'Transmission security', kind: 'technical' });
  });

  test('the closed list holds real Security Rule sections only (164.308/310/312/314/316), each named', () => {
    const expected: Record<string, string> = {
      '164.308(a)(1)(ii)(D)': 'Information system activity review',
      '164.308(a)(5)(i)': 'Security awareness and training',
      '164.308(b)(1)': 'Business associate contracts and other arrangements',
      '164.310(d)(1)': 'Device and media controls',
      '164.312(a)(1)': 'Access control',
      '164.312(b)': 'Audit controls',
      '164.312(c)(1)': 'Integrity',
      '164.312(d)': 'Person or entity authentication',
    };
    for (const [section, name] of Object.entries(expected)) expect(SAFEGUARDS[section as keyof typeof SAFEGUARDS].name).toBe(name);
    for (const [section, s] of Object.entries(SAFEGUARDS)) {
      expect(section).toMatch(/^164\.3(08|10|12|14|16)(\((?:[a-e]|[0-9]|i{1,3}|iv|v|[A-E])\))+$/);
      expect(s.name.length).toBeGreaterThan(4);
    }
  });

  test('docs/controls.md is current in every generated section (npm run -s docs:controls)', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'controls.md'), 'utf8');
    expect(renderControlsDoc(doc, ROOT)).toBe(doc);
    expect(doc).toContain('not a certification');
  });

  test('the mapping reaches the JSON report, SARIF (tags and properties) and text', () => {
    const meta = ALL_METAS.find((m) => m.id === 'MSG-SVC-HTTPS-WEBHOOKS')!;
    const ctx = { account: null };
    const f = finding(meta, ctx, 'fail', { resource: `MG${'a'.repeat(32)}`, reason: 'a webhook URL is not https' });
    const report = buildReport({
      findings: [f],
      account: null,
      accountChecked: false,
      profile: 'redaction',
      exitCode: 1,
      toolVersion: '0',
    });
    expect(report.results[0]!.safeguards).toEqual(['164.312(e)(1)', '164.312(e)(2)(ii)']);
    expect(report.compliance.safeguards).toEqual({ '164.312(e)(1)': 'Transmission security', '164.312(e)(2)(ii)': 'Encryption' });
    expect(report.compliance.statement).toMatch(/evidence .* not a certification/);
    expect(report.breakdown.bySafeguard['164.312(e)(1)']).toMatchObject({ fail: 1, total: 1 });
    const sarif = JSON.parse(formatSarif(report)) as {
      runs: {
        tool: { driver: { rules: { properties: { tags: string[]; hipaaSafeguards: string[] } }[] } };
        results: { properties: { hipaaSafeguards: string[] } }[];
      }[];
    };
    const rule = sarif.runs[0]!.tool.driver.rules[0]!;
    expect(rule.properties.tags).toEqual(['HIPAA', 'HIPAA-164.312(e)(1)', 'HIPAA-164.312(e)(2)(ii)']);
    expect(rule.properties.hipaaSafeguards).toEqual(['45 CFR 164.312(e)(1) Transmission security', '45 CFR 164.312(e)(2)(ii) Encryption']);
    expect(sarif.runs[0]!.results[0]!.properties.hipaaSafeguards).toEqual(['164.312(e)(1)', '164.312(e)(2)(ii)']);
    expect(formatText(report)).toContain('HIPAA: 45 CFR 164.312(e)(1), 164.312(e)(2)(ii)');
  });
});
