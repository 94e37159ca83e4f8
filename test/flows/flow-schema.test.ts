/**
 * schemas/studio-flow.schema.json and the structural checks: a minimal flow passes; broken
 * definitions fail with the JSON pointer of what is wrong (and the rule), never a value.
 */
import type { FlowDefinition } from '../../src/tooling/lint/types';
import { flowGraphProblems } from '../../src/tooling/lint/flow/graph';
import { describeFlowErrors, validateFlowDefinition } from '../../src/tooling/lint/flow/schema';
import { CANARY_BODY } from '../helpers/canary';
import { loadTemplate } from './flow-helpers';

/** A minimal valid flow: incoming message → send a fixed text → end. */
function minimal(): Record<string, unknown> & FlowDefinition {
  return {
    description: 'minimal',
    initial_state: 'Trigger',
    flags: { allow_concurrent_calls: true },
    states: [
      {
        name: 'Trigger',
        type: 'trigger',
        transitions: [{ event: 'incomingMessage', next: 'hello' }],
        properties: { offset: { x: 0, y: 0 } },
      },
      {
        name: 'hello',
        type: 'send-message',
        transitions: [{ event: 'sent' }, { event: 'failed' }],
        properties: { from: '{{flow.channel.address}}', to: '{{contact.channel.address}}', body: 'Hello' },
      },
    ],
  };
}

/** A copy of the shipped reminder template, for breaking. */
const reminder = (): FlowDefinition => structuredClone(loadTemplate('appointment-reminder'));
const indexOf = (flow: FlowDefinition, name: string): number => flow.states.findIndex((s) => s.name === name);

function errorsOf(data: unknown) {
  const r = validateFlowDefinition(data);
  if (r.ok) throw new Error('expected invalid');
  return r.errors;
}

describe('validateFlowDefinition', () => {
  test('a minimal flow and Twilio-style exports (integer or string timeouts, optional $schema) pass', () => {
    expect(validateFlowDefinition(minimal()).ok).toBe(true);
    const flow = reminder();
    const i = indexOf(flow, 'reminder');
    (flow.states[i] as { properties: Record<string, unknown> }).properties.timeout = 3600;
    expect(validateFlowDefinition({ ...flow, $schema: 'https://schemas.twilio.com/studio/draft/2019-09/flow-definition' }).ok).toBe(true);
  });

  test('a run-function without url: the pointer names the missing property', () => {
    const flow = reminder();
    const i = indexOf(flow, 'reply_guard');
    delete (flow.states[i] as { properties: Record<string, unknown> }).properties.url;
    expect(errorsOf(flow)).toEqual([
      { pointer: `/states/${i}/properties/url`, rule: 'required', message: "must have required property 'url'" },
    ]);
  });

  test('an event the widget does not have, and an unknown widget type', () => {
    const flow = reminder();
    const i = indexOf(flow, 'reminder');
    const state = flow.states[i] as { transitions: { event: string }[] };
    (state.transitions[1] as { event: string }).event = 'noReply';
    const j = indexOf(flow, 'ack_confirm');
    (flow.states[j] as { type: string }).type = 'send-fax';
    expect(errorsOf(flow)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: `/states/${i}/transitions/1/event`, rule: 'enum' }),
        expect.objectContaining({ pointer: `/states/${j}/type`, rule: 'enum' }),
      ]),
    );
  });

  test('a match transition without conditions', () => {
    const flow = reminder();
    const i = indexOf(flow, 'reply_choice');
    const match = flow.states[i]?.transitions.findIndex((t) => t.event === 'match') as number;
    delete flow.states[i]?.transitions[match]?.conditions;
    expect(errorsOf(flow)).toEqual([
      expect.objectContaining({ pointer: `/states/${i}/transitions/${match}/conditions`, rule: 'required' }),
    ]);
  });

  test('send-and-wait-for-reply needs a whole-number timeout; send-message a non-empty body', () => {
    const flow = reminder();
    const i = indexOf(flow, 'reminder');
    (flow.states[i] as { properties: Record<string, unknown> }).properties.timeout = 'one hour';
    const j = indexOf(flow, 'ask_again');
    (flow.states[j] as { properties: Record<string, unknown> }).properties.body = '';
    const pointers = errorsOf(flow).map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining([`/states/${i}/properties/timeout`, `/states/${j}/properties/body`]));
  });

  test("Twilio's top-level rules: 1 to 1000 states, a non-empty initial_state, the $schema id, flags with allow_concurrent_calls", () => {
    expect(errorsOf({ ...minimal(), states: [] })).toEqual([expect.objectContaining({ pointer: '/states', rule: 'minItems' })]);
    const many = { ...minimal(), states: Array.from({ length: 1001 }, () => minimal().states[1]) };
    expect(errorsOf(many)).toEqual([expect.objectContaining({ pointer: '/states', rule: 'maxItems' })]);
    expect(errorsOf({ ...minimal(), initial_state: '' })).toEqual([
      expect.objectContaining({ pointer: '/initial_state', rule: 'minLength' }),
    ]);
    expect(errorsOf({ ...minimal(), $schema: 'https://example.com/other' })).toEqual([
      expect.objectContaining({ pointer: '/$schema', rule: 'enum' }),
    ]);
    expect(errorsOf({ ...minimal(), flags: {} })).toEqual([
      expect.objectContaining({ pointer: '/flags/allow_concurrent_calls', rule: 'required' }),
    ]);
    expect(errorsOf({ ...minimal(), extra: true })).toEqual([expect.objectContaining({ pointer: '/extra', rule: 'additionalProperties' })]);
  });

  test('a state missing its name or properties, or a name Studio would refuse', () => {
    const flow = minimal() as unknown as { states: Record<string, unknown>[] };
    delete flow.states[1]?.properties;
    (flow.states[0] as Record<string, unknown>).name = 'the trigger';
    const pointers = errorsOf(flow).map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/states/1/properties', '/states/0/name']));
  });

  test('not an object at all', () => {
    expect(errorsOf('nope')).toEqual([expect.objectContaining({ pointer: '', rule: 'type' })]);
    expect(errorsOf(null)).toEqual([expect.objectContaining({ pointer: '', rule: 'type' })]);
  });

  test('errors never quote a value from the definition', () => {
    const flow = reminder();
    const i = indexOf(flow, 'ask_again');
    (flow.states[i] as { properties: Record<string, unknown> }).properties.body = { text: CANARY_BODY };
    (flow.states[i] as { type: string }).type = CANARY_BODY;
    const lines = describeFlowErrors(errorsOf(flow)).join('\n');
    expect(lines).toContain(`/states/${i}/type: must be equal to one of the allowed values (enum)`);
    expect(lines).not.toContain('CANARY');
  });
});

describe('flowGraphProblems', () => {
  test('the minimal flow has none', () => {
    expect(flowGraphProblems(minimal())).toEqual([]);
  });

  test('a next naming no widget (a dangling branch), a duplicate name, an unreachable widget', () => {
    const flow = minimal();
    flow.states[1]?.transitions.push({ event: 'failed', next: 'nowhere' });
    flow.states.push({ ...(flow.states[1] as FlowDefinition['states'][number]), transitions: [] });
    flow.states.push({ name: 'orphan', type: 'say-play', transitions: [], properties: { say: 'x' } });
    expect(flowGraphProblems(flow)).toEqual([
      { pointer: '/states/2/name', problem: 'duplicate_name' },
      { pointer: '/states/1/transitions/2/next', problem: 'unknown_next' },
      { pointer: '/states/3', problem: 'unreachable' },
    ]);
  });

  test('the initial state must exist and be the one trigger', () => {
    expect(flowGraphProblems({ ...minimal(), initial_state: 'missing' })).toEqual([
      { pointer: '/initial_state', problem: 'initial_state_missing' },
    ]);
    expect(flowGraphProblems({ ...minimal(), initial_state: 'hello' })).toEqual([
      { pointer: '/initial_state', problem: 'initial_state_not_trigger' },
      { pointer: '/states/0', problem: 'unreachable' },
    ]);
    const two = minimal();
    two.states.push({ name: 'Trigger2', type: 'trigger', transitions: [], properties: {} });
    expect(flowGraphProblems(two)).toEqual([
      { pointer: '/states', problem: 'trigger_count' },
      { pointer: '/states/2', problem: 'unreachable' },
    ]);
  });

  test('an empty next ends the branch like a missing one', () => {
    const flow = minimal();
    flow.states[1]?.transitions.push({ event: 'failed', next: '' });
    expect(flowGraphProblems(flow)).toEqual([]);
  });
});
