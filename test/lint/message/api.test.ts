/**
 * The message linter's public API (src/tooling/lint/message/index.ts): seed 000's examples, the rule set
 * and its metadata (one module per rule), the default allowlist, and failing closed.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ALLOWED_PLACEHOLDERS, lintMessage, MESSAGE_RULES } from '../../../src/tooling/lint/message';
import type { MessageRule } from '../../../src/tooling/lint/types';
import { CANARY_BODY, CANARY_NAME, findCanary } from '../../helpers/canary';

const RULES_DIR = join(__dirname, '../../../src/tooling/lint/message/rules');

describe('lintMessage', () => {
  test("seed 000's clean example is PHI-free", () => {
    expect(lintMessage('Reminder: you have an appointment at [Clinic Name] tomorrow at 2pm. Reply STOP to opt out.')).toEqual({
      phiFree: true,
      findings: [],
    });
  });

  test.each([
    ['Your follow-up with Dr. Smith regarding your diabetes management is tomorrow.', ['MSG-CLINICAL-TERMS', 'MSG-PROVIDER-NAME']],
    ['Reminder: your oncology appointment is tomorrow. Please bring your recent lab results.', ['MSG-CLINICAL-TERMS']],
    ['Your prescription is ready — [Medication Name] can be picked up today.', ['MSG-CLINICAL-TERMS', 'MSG-PLACEHOLDER-ALLOWLIST']],
    ['Hi {{first_name}}, reply YES to confirm.', ['MSG-PATIENT-NAME-PLACEHOLDER', 'MSG-PLACEHOLDER-ALLOWLIST', 'MSG-RESERVED-REPLY']],
  ])("seed 000's examples are not PHI-free: %s", (text, ruleIds) => {
    const result = lintMessage(text);
    expect(result.phiFree).toBe(false);
    expect([...new Set(result.findings.map((f) => f.ruleId))]).toEqual(ruleIds);
    for (const f of result.findings) expect(f).toMatchObject({ severity: 'error', state: null, pointer: '' });
  });

  test('the allowlist can be replaced', () => {
    expect(lintMessage('Room {{room}} at {{time}}', { allowedPlaceholders: ['room', 'time'] }).phiFree).toBe(true);
    expect(lintMessage('Room {{room}} at {{time}}').phiFree).toBe(false);
  });

  test('findings quote lexicon terms and titles, never the text (canary)', () => {
    const findings = JSON.stringify(lintMessage(`${CANARY_BODY}. Dr. ${CANARY_NAME} will call.`).findings);
    expect(findings).toContain('diabetes');
    expect(findCanary(findings)).toBeUndefined();
  });

  test('fails closed: a rule that throws makes the text not PHI-free', () => {
    const rule = MESSAGE_RULES[0] as MessageRule;
    const spy = jest.spyOn(rule, 'check').mockImplementation(() => {
      throw new Error('boom');
    });
    try {
      const result = lintMessage('Reminder: your appointment is tomorrow.');
      expect(result.phiFree).toBe(false);
      expect(result.findings).toEqual([
        {
          ruleId: rule.meta.id,
          severity: 'error',
          message: 'rule could not run; the text is not known to be PHI-free',
          state: null,
          pointer: '',
        },
      ]);
    } finally {
      spy.mockRestore();
    }
  });

  test('refuses a non-string', () => {
    expect(() => lintMessage(42 as unknown as string)).toThrow(TypeError);
  });

  test('handles long and odd input without failing open', () => {
    expect(lintMessage(`${'Please arrive early. '.repeat(500)} Your biopsy is on Monday.`).phiFree).toBe(false);
    expect(lintMessage('').phiFree).toBe(true);
    expect(lintMessage('on\u200Bcology').phiFree).toBe(false);
    expect(lintMessage('ＯＮＣＯＬＯＧＹ').phiFree).toBe(false);
  });
});

describe('MESSAGE_RULES', () => {
  test('one module per rule, every module registered, ids unique and stable', () => {
    const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts'));
    expect(files).toHaveLength(MESSAGE_RULES.length);
    const ids = MESSAGE_RULES.map((r) => r.meta.id);
    expect(ids).toEqual([
      'MSG-CLINICAL-TERMS',
      'MSG-PROVIDER-NAME',
      'MSG-PATIENT-NAME-PLACEHOLDER',
      'MSG-PLACEHOLDER-ALLOWLIST',
      'MSG-RESERVED-REPLY',
    ]);
    for (const file of files) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(join(RULES_DIR, file)) as { rule: MessageRule; meta: MessageRule['meta'] };
      expect(MESSAGE_RULES).toContain(mod.rule);
      expect(mod.rule.meta).toBe(mod.meta);
    }
  });

  test('metadata is complete', () => {
    for (const { meta } of MESSAGE_RULES) {
      expect(meta.id).toMatch(/^MSG-[A-Z]+(-[A-Z]+)*$/);
      expect(meta.severity).toBe('error');
      for (const field of [meta.title, meta.source, meta.remediation, meta.docs]) expect(field.length).toBeGreaterThan(5);
      expect(meta.fixable).toBe(false);
    }
  });

  test("the default allowlist is the reminder templates' placeholders", () => {
    expect(DEFAULT_ALLOWED_PLACEHOLDERS).toEqual(['clinicName', 'date', 'time', 'locationName']);
    expect(Object.isFrozen(DEFAULT_ALLOWED_PLACEHOLDERS)).toBe(true);
  });
});
