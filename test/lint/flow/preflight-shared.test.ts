/**
 * The account preflight's Studio rules judge deployed flows with the flow-lint rules' detections
 * (one implementation of each check): what the linter finds in a definition, the preflight finds
 * in the same deployed flow. Uses the preflight test world (fake Twilio) and its flow seeds.
 */
import { lintFlow } from '../../../src/tooling/lint/flow';
import { parseDefinition } from '../../../src/tooling/preflight/rules/platform/studio-data';
import { PLATFORM_RULES } from '../../../src/tooling/preflight/rules/platform';
import * as fail from '../../preflight/fixtures/platform-failing';
import { FUNCTIONS } from '../../preflight/fixtures/platform';
import { definition, runFunction, sendMessage, trigger, widget } from '../../preflight/fixtures/platform-flows';
import { finishWorld, runPreflight, startWorld, type World } from '../../preflight/harness';
import { OPTS } from './fixtures/flows';

const rules = PLATFORM_RULES.filter((r) => r.meta.id.startsWith('STUDIO-'));
let world: World;

beforeEach(async () => {
  world = await startWorld();
  fail.ensureIncomingNumbers(world.fake);
});
afterEach(() => finishWorld(world));

const of = async (id: string, sid: string, profile: 'redaction' | 'studio' = 'studio') =>
  (await runPreflight(world, { rules, profile })).filter((f) => f.id === id && f.resource === sid);

describe('preflight Studio rules use the flow-lint detections', () => {
  test('AI Assistants behind ConversationRelay: FLOW-INELIGIBLE-WIDGET and STUDIO-NO-INELIGIBLE-WIDGETS', async () => {
    const relay = widget('relay', 'run-conversation-relay', {
      url: 'wss://voice.ehr.example/relay',
      parameters: [{ key: 'assistant', value: 'aia_asst_0000-test' }],
    });
    const sid = fail.addFlowWith(world.fake, [relay]);
    const [finding] = await of('STUDIO-NO-INELIGIBLE-WIDGETS', sid);
    expect(finding).toMatchObject({ status: 'fail', evidence: { autopilotWidgets: 0, whatsappSends: 0, aiAssistantWidgets: 1 } });
    const lint = lintFlow(definition('t', [trigger({ incomingRequest: 'relay' }), relay]), OPTS).findings.map((f) => f.ruleId);
    expect(lint).toContain('FLOW-INELIGIBLE-WIDGET');
  });

  test('a guard whose fail branch continues the flow: FLOW-OPTOUT-GUARD-FIRST and STUDIO-OPTOUT-GUARD-FIRST', async () => {
    const states = [
      runFunction('guard', FUNCTIONS.guard, 'thanks'),
      sendMessage('thanks', '{{flow.channel.address}}', 'Thanks, we received your message.'),
    ];
    (states[0]!.transitions[1] as { next?: string }).next = 'thanks';
    const sid = fail.addFlowWith(world.fake, states, 'incomingMessage');
    const [finding] = await of('STUDIO-OPTOUT-GUARD-FIRST', sid);
    expect(finding).toMatchObject({ status: 'fail', evidence: { incomingMessageBranches: 1, unguardedBranches: 1 } });
  });

  test('deployed definitions are normalised leniently for the detections', () => {
    expect(parseDefinition(null)).toBeNull();
    expect(
      parseDefinition({
        states: [
          {
            name: 'a',
            type: 'trigger',
            transitions: [
              { event: 'incomingMessage', next: '' },
              { event: 'x', next: 'b' },
            ],
          },
        ],
      }),
    ).toEqual({
      initial_state: '',
      states: [{ name: 'a', type: 'trigger', transitions: [{ event: 'incomingMessage' }, { event: 'x', next: 'b' }], properties: {} }],
    });
  });

  test('statuses agree on the preflight fixtures: a lint error where the preflight fails', async () => {
    const get = fail.addFlowWith(world.fake, [
      widget('lookup', 'make-http-request', { method: 'GET', url: 'https://api.clinic.example/x', content_type: 'application/json' }),
    ]);
    expect((await of('STUDIO-HTTP-POST-HTTPS', get, 'redaction'))[0]?.status).toBe('fail');
    const flex = fail.addFlowWith(world.fake, [widget('agent', 'send-to-flex', { workflow: 'WW0123456789abcdef0123456789abcdef' })]);
    const [warn] = await of('STUDIO-CONDITIONAL-WIDGETS', flex, 'redaction');
    expect(warn).toMatchObject({ status: 'warn', evidence: { sendToFlex: 1, virtualAgent: 0, forkStream: 0 } });
  });
});
