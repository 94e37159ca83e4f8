/**
 * Lint finding messages are declared in each rule's metadata (`meta.messages`, like ESLint rule
 * `messages`; src/tooling/lint/declared-messages.ts). The runners refuse an undeclared message under
 * test, so every test that lints a flow or a text checks them; this file checks the declarations and
 * that the refusal works.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeclared, LINT_ENGINE_MESSAGES, UndeclaredMessageError } from '../../src/tooling/lint/declared-messages';
import { FLOW_RULES, lintFlow } from '../../src/tooling/lint/flow';
import { MESSAGE_RULES, lintMessage } from '../../src/tooling/lint/message';
import type { FlowRule } from '../../src/tooling/lint/types';

const OPTS = { allowedHosts: [], protectedFunctionPaths: new Set<string>(), allowedPlaceholders: ['clinicName'] } as unknown as Parameters<
  typeof lintFlow
>[1];

describe('lint rule messages', () => {
  test('every flow and message rule declares its messages, each with fixed text', () => {
    for (const rule of [...FLOW_RULES, ...MESSAGE_RULES]) {
      const messages = Object.entries(rule.meta.messages ?? {});
      expect({ id: rule.meta.id, declared: messages.length > 0 }).toEqual({ id: rule.meta.id, declared: true });
      for (const [key, text] of messages) {
        expect({ id: rule.meta.id, key, fixedText: text.replace(/\{\{\w+\}\}/g, '').replace(/[^a-zA-Z]/g, '').length > 3 }).toEqual({
          id: rule.meta.id,
          key,
          fixedText: true,
        });
      }
    }
  });

  test('a flow rule that reports an undeclared message is refused; declared ones (and joins) pass', () => {
    const base = FLOW_RULES.find((r) => r.meta.id === 'FLOW-SEND-TO-FLEX')!;
    const flow = JSON.parse(readFileSync(join(__dirname, 'flow', 'fixtures', 'clean-reminder.json'), 'utf8')) as unknown;
    const say = (message: string): FlowRule => ({
      meta: base.meta,
      check: () => [{ ruleId: base.meta.id, severity: 'warn', message, state: null, pointer: '' }],
    });
    expect(() => lintFlow(flow, OPTS, [say('Send to Flex looks fine')])).toThrow(UndeclaredMessageError);
    expect(lintFlow(flow, OPTS, [say(base.meta.messages!.condition!)]).findings).toHaveLength(1);
    expect(isDeclared('a; b', { a: 'a', b: 'b' })).toBe(true);
    expect(isDeclared("clinical term 'x' (condition)", MESSAGE_RULES[0]!.meta.messages!)).toBe(true);
    expect(isDeclared('the rule could not run on this flow', LINT_ENGINE_MESSAGES)).toBe(true);
  });

  test("the message linter checks its rules' messages too", () => {
    expect(lintMessage('Your appointment at {{clinicName}} is tomorrow.', { allowedPlaceholders: ['clinicName'] }).phiFree).toBe(true);
    expect(lintMessage('Your diabetes check is tomorrow.').findings.map((f) => f.ruleId)).toContain('MSG-CLINICAL-TERMS');
  });
});
