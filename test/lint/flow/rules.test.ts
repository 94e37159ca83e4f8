/**
 * Every flow rule against its synthetic passing and failing flows (fixtures/cases.ts), through the
 * whole linter (so every fixture is also a valid flow definition), plus the rule metadata.
 */
import { FLOW_RULES, lintFlow } from '../../../src/tooling/lint/flow';
import { CASES } from './fixtures/cases';
import { clean, OPTS } from './fixtures/flows';

const ofRule = (id: string, flow: unknown) => lintFlow(flow, OPTS).findings.filter((f) => f.ruleId === id);

describe('flow rules', () => {
  test('every rule has a passing and a failing case, and every case names a rule', () => {
    const ids = FLOW_RULES.map((r) => r.meta.id);
    expect(Object.keys(CASES).sort()).toEqual([...ids].sort());
    for (const c of Object.values(CASES)) {
      expect(c.pass.length).toBeGreaterThan(0);
      expect(c.fail.length).toBeGreaterThan(0);
    }
  });

  test('metadata: unique FLOW- ids, severity, source, remediation, docs', () => {
    const ids = FLOW_RULES.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { meta } of FLOW_RULES) {
      expect(meta.id).toMatch(/^FLOW(-[A-Z0-9]+)+$/);
      expect(['error', 'warn']).toContain(meta.severity);
      expect(meta.title.length).toBeGreaterThan(10);
      expect(meta.source.length).toBeGreaterThan(10);
      expect(meta.remediation.length).toBeGreaterThan(20);
      expect(meta.docs).toMatch(/\S/);
    }
  });

  test('the clean reminder flow has no findings at all', () => {
    expect(lintFlow(clean(), OPTS).findings).toEqual([]);
  });

  describe.each(Object.entries(CASES))('%s', (id, c) => {
    test.each(c.pass.map((flow, i) => [i, flow] as const))('passing flow %i has no finding', (_i, flow) => {
      expect(ofRule(id, flow)).toEqual([]);
    });

    test.each(c.fail.map((f, i) => [i, f] as const))('failing flow %i is reported at its pointer', (_i, { flow, pointer, message }) => {
      const found = ofRule(id, flow);
      expect(found.length).toBeGreaterThan(0);
      const rule = FLOW_RULES.find((r) => r.meta.id === id);
      expect(found[0]).toMatchObject({ ruleId: id, pointer, severity: rule?.meta.severity });
      expect(typeof found[0]?.state).toBe('string');
      if (message) expect(found.map((f) => f.message).join('\n')).toMatch(message);
    });
  });
});
