/**
 * The shipped Studio templates (flows/*.json): valid by the flow-definition schema and Studio's
 * structural rules, every incoming message guarded first, every run-function a protected Function
 * of this project whose parameters its schema accepts, texts identical to the Functions' own
 * (reminder template, acknowledgements, IVR prompts), only allowlisted variables, and every branch
 * ending cleanly.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadTemplates } from '../../src/runtime/clinic/clinic-config';
import { validateOptoutGuard } from '../../src/generated/validators/validateOptoutGuard';
import { validateStudioCanSend } from '../../src/generated/validators/validateStudioCanSend';
import { validateStudioIvrReply } from '../../src/generated/validators/validateStudioIvrReply';
import { validateStudioReply } from '../../src/generated/validators/validateStudioReply';
import type { StandaloneValidator } from '../../src/runtime/core/validation';
import { ackText } from '../../src/runtime/reminders/acks';
import { flowGraphProblems } from '../../src/tooling/lint/flow/graph';
import { validateFlowDefinition } from '../../src/tooling/lint/flow/schema';
import { FLOW_PLACEHOLDERS, placeholdersIn, templateVersion } from '../../src/tooling/flows/template-catalog';
import { ackPrompt, greeting, PROMPTS, welcome } from '../../src/runtime/voice/prompts';
import { STIR_VERIFIED_A } from '../../src/runtime/voice/verification';
import { shippedAssets } from '../helpers/reminder-deps';
import { liquidIn, loadTemplate, nextOf, parameters, pathOf, patientTexts, prop, ROOT, stateNamed, TEMPLATES } from './flow-helpers';

const FUNCTION_SCHEMAS: Record<string, StandaloneValidator> = {
  '/optout/guard': validateOptoutGuard,
  '/studio/reply': validateStudioReply,
  '/studio/can-send': validateStudioCanSend,
  '/studio/ivr-reply': validateStudioIvrReply,
};

/** What each Liquid parameter stands for at run time, to check the flows against the Function schemas. */
const SAMPLE_BY_KEY: Record<string, string> = {
  From: '+12025550100',
  To: '+15555550100',
  Body: 'STOP',
  MessageSid: `SM${'a'.repeat(32)}`,
  MessagingServiceSid: `MG${'b'.repeat(32)}`,
  Sender: `MG${'b'.repeat(32)}`,
  appointmentRef: 'apt_00000001',
  CallSid: `CA${'c'.repeat(32)}`,
  StirVerstat: 'TN-Validation-Passed-A',
  Digits: '2',
};

const ALLOWED_TEXT_VARIABLES = new Set(['flow.data.clinicName', 'flow.data.date', 'flow.data.time', 'flow.data.locationName']);
/** The guard's server-built confirmation (src/runtime/sms/inbound-replies.ts) is the one other text a flow may send. */
const GUARD_REPLY = /^widgets\.[a-z_]+_guard\.parsed\.reply$/;

describe.each(TEMPLATES)('%s', (name, flow) => {
  test('validates against schemas/studio-flow.schema.json', () => {
    expect(validateFlowDefinition(flow)).toEqual({ ok: true, flow });
  });

  test('is structurally sound: unique names, a trigger first, every next exists, nothing unreachable', () => {
    expect(flowGraphProblems(flow)).toEqual([]);
  });

  test('carries its name and version in the description (the deploy commit message)', () => {
    expect(templateVersion(flow)).toEqual({ name, version: expect.stringMatching(/^[0-9]+\.[0-9]+\.[0-9]+$/) });
  });

  test('uses only the placeholders render knows', () => {
    const known = Object.keys(FLOW_PLACEHOLDERS);
    expect(placeholdersIn(flow).filter((p) => !known.includes(p))).toEqual([]);
  });

  test('every incoming message reaches the opt-out guard first, and a guard failure ends the flow', () => {
    let guarded = 0;
    for (const s of flow.states.filter((x) => x.type === 'trigger' || x.type === 'send-and-wait-for-reply')) {
      const next = nextOf(s, 'incomingMessage');
      // A reply to a text the flow sent must be handled (guarded); only a trigger may ignore SMS (the IVR).
      if (s.type === 'send-and-wait-for-reply') expect({ state: s.name, next }).toEqual({ state: s.name, next: expect.any(String) });
      if (next === undefined) continue;
      const guard = stateNamed(flow, next);
      expect({ from: s.name, type: guard.type, path: pathOf(prop(guard, 'url')) }).toEqual({
        from: s.name,
        type: 'run-function',
        path: '/optout/guard',
      });
      expect(nextOf(guard, 'fail')).toBeUndefined();
      guarded += 1;
    }
    // Without a count the loop above passes on a flow whose incoming messages it never reached
    // (an event renamed, a widget type changed). The IVR takes no SMS.
    if (name === 'ivr') expect(guarded).toBe(0);
    else expect(guarded).toBeGreaterThan(0);
  });

  test('every run-function calls a protected Function of this project, by placeholders, with parameters its schema accepts', () => {
    const calls = flow.states.filter((x) => x.type === 'run-function');
    expect(calls.length).toBeGreaterThan(0);
    for (const s of calls) {
      const url = prop(s, 'url');
      expect(url).toMatch(/^https:\/\/__DOMAIN__\/[a-z-]+\/[a-z-]+$/);
      const path = pathOf(url);
      expect(existsSync(join(ROOT, 'functions', `${path}.protected.ts`))).toBe(true);
      expect([prop(s, 'service_sid'), prop(s, 'environment_sid'), prop(s, 'function_sid')]).toEqual([
        '__SERVICE_SID__',
        '__ENVIRONMENT_SID__',
        '__FUNCTION_SID__',
      ]);
      const validate = FUNCTION_SCHEMAS[path];
      expect(validate).toBeDefined();
      const sample = Object.fromEntries(Object.entries(parameters(s)).map(([k, v]) => [k, v.includes('{{') ? (SAMPLE_BY_KEY[k] ?? v) : v]));
      expect({ state: s.name, valid: validate?.(sample) }).toEqual({ state: s.name, valid: true });
    }
  });

  test('message and spoken texts use only allowlisted variables and never the whole flow.data', () => {
    const texts = patientTexts(flow);
    expect(texts.length).toBeGreaterThan(0);
    for (const { pointer, text } of texts) {
      for (const expr of liquidIn(text)) {
        expect({ pointer, expr, allowed: ALLOWED_TEXT_VARIABLES.has(expr) || GUARD_REPLY.test(expr) }).toEqual({
          pointer,
          expr,
          allowed: true,
        });
      }
    }
    expect(JSON.stringify(flow)).not.toMatch(/\{\{\s*flow\.data\s*(\||\}\})/);
  });

  test('no recording, transcription or ineligible widgets; only https URLs; no WhatsApp', () => {
    const types = flow.states.map((s) => s.type);
    for (const t of [
      'record-voicemail',
      'record-call',
      'send-to-auto-pilot',
      'fork-stream',
      'capture-payments',
      'send-to-flex',
      'connect-virtual-agent',
      'connect-virtual-agent-v2',
      'make-http-request',
    ]) {
      expect(types).not.toContain(t);
    }
    for (const s of flow.states) expect(s.properties.record ?? false).toBe(false);
    const text = JSON.stringify(flow);
    expect(text).not.toMatch(/http:\/\//);
    expect(text).not.toMatch(/whatsapp:/i);
  });
});

describe('appointment-reminder', () => {
  const flow = loadTemplate('appointment-reminder');
  const vars = { clinicName: '{{flow.data.clinicName}}', helpPhone: '__CLINIC_HELP_PHONE__' };

  test('is REST-triggered and checks the opt-out ledger before sending anything', () => {
    const trigger = stateNamed(flow, 'Trigger');
    const gate = stateNamed(flow, nextOf(trigger, 'incomingRequest') as string);
    expect(pathOf(prop(gate, 'url'))).toBe('/studio/can-send');
    expect(parameters(gate)).toEqual({ To: '{{contact.channel.address}}', Sender: '{{flow.channel.address}}' });
    expect(nextOf(gate, 'fail')).toBeUndefined();
    const split = stateNamed(flow, nextOf(gate, 'success') as string);
    expect(nextOf(split, 'noMatch')).toBeUndefined();
    expect(split.transitions.find((t) => t.event === 'match')).toMatchObject({
      next: 'reminder',
      conditions: [{ type: 'equal_to', value: 'true' }],
    });
  });

  test('sends the same reminder text as the Functions template, with the REST parameters as flow.data', () => {
    const functionsText = loadTemplates(shippedAssets).templates.find((t) => t.id === 'appointment-reminder')?.text ?? '';
    expect(prop(stateNamed(flow, 'reminder'), 'body')).toBe(functionsText.replace(/\{\{(\w+)\}\}/g, '{{flow.data.$1}}'));
  });

  test('timeout and delivery failure end the execution', () => {
    const reminder = stateNamed(flow, 'reminder');
    expect(nextOf(reminder, 'timeout')).toBeUndefined();
    expect(nextOf(reminder, 'deliveryFailure')).toBeUndefined();
  });

  test("the guard scopes a reply to the reminder's own sender, the one the gate checked", () => {
    expect(parameters(stateNamed(flow, 'reply_guard')).Sender).toBe('{{flow.channel.address}}');
  });

  test('1/2/3 record confirm/reschedule/cancel with the appointment reference; anything else gets the one clarification', () => {
    const choice = stateNamed(flow, 'reply_choice');
    expect(nextOf(stateNamed(flow, 'reply_route'), 'match')).toBe('reply_choice');
    const byDigit = Object.fromEntries(
      choice.transitions.filter((t) => t.event === 'match').map((t) => [(t.conditions?.[0] as { value: string }).value, t.next]),
    );
    expect(byDigit).toEqual({ '1': 'record_confirm', '2': 'record_reschedule', '3': 'record_cancel' });
    for (const action of ['confirm', 'reschedule', 'cancel'] as const) {
      const record = stateNamed(flow, `record_${action}`);
      expect(parameters(record)).toEqual({
        appointmentRef: '{{flow.data.appointmentRef}}',
        action,
        channel: 'sms',
        MessageSid: '{{widgets.reminder.inbound.MessageSid}}',
      });
      expect(nextOf(record, 'fail')).toBe('not_recorded');
      expect(prop(stateNamed(flow, nextOf(record, 'success') as string), 'body')).toBe(ackText(action, 'en', vars));
    }
    const askAgain = stateNamed(flow, nextOf(choice, 'noMatch') as string);
    expect(prop(askAgain, 'body')).toBe(ackText('unknown', 'en', vars));
    expect(nextOf(askAgain, 'sent')).toBeUndefined();
  });

  test('the appointment reference is only ever a Function parameter, never in a text', () => {
    for (const { text } of patientTexts(flow)) expect(text).not.toContain('appointmentRef');
  });
});

describe('inbound-sms', () => {
  const flow = loadTemplate('inbound-sms');
  test("keywords get the guard's confirmation; anything else ends (the routing point clinics extend)", () => {
    const route = stateNamed(flow, 'inbound_route');
    expect(route.transitions.find((t) => t.event === 'match')).toMatchObject({ conditions: [{ value: 'none' }] });
    expect(nextOf(route, 'match')).toBeUndefined();
    const send = stateNamed(flow, nextOf(stateNamed(flow, nextOf(route, 'noMatch') as string), 'match') as string);
    expect(prop(send, 'body')).toBe('{{widgets.inbound_guard.parsed.reply}}');
  });
});

describe('ivr', () => {
  const flow = loadTemplate('ivr');
  test('speaks the Functions IVR lines, word for word', () => {
    expect(prop(stateNamed(flow, 'menu'), 'say')).toBe(greeting('__CLINIC_NAME__'));
    expect(prop(stateNamed(flow, 'welcome'), 'say')).toBe(welcome('__CLINIC_NAME__'));
    expect(prop(stateNamed(flow, 'connecting'), 'say')).toBe(PROMPTS.connecting);
    expect(prop(stateNamed(flow, 'not_found'), 'say')).toBe(PROMPTS.notFound);
    expect(prop(stateNamed(flow, 'not_an_option'), 'say')).toBe(PROMPTS.notAnOption);
    expect(prop(stateNamed(flow, 'unavailable'), 'say')).toBe(PROMPTS.unavailable);
    for (const action of ['confirm', 'reschedule', 'cancel'] as const)
      expect(prop(stateNamed(flow, `ack_${action}`), 'say')).toBe(ackPrompt(action));
  });

  test('0, no input and speech go to the front desk; 1/2/3 to /studio/ivr-reply; a failure or no reminder too', () => {
    const menu = stateNamed(flow, 'menu');
    expect([nextOf(menu, 'timeout'), nextOf(menu, 'speech')]).toEqual(['connecting', 'connecting']);
    const choice = stateNamed(flow, 'menu_choice');
    const byDigit = Object.fromEntries(
      choice.transitions.filter((t) => t.event === 'match').map((t) => [(t.conditions?.[0] as { value: string }).value, t.next]),
    );
    expect(byDigit).toEqual({ '0': 'connecting', '1': 'ivr_reply', '2': 'ivr_reply', '3': 'ivr_reply' });
    expect(nextOf(choice, 'noMatch')).toBe('not_an_option');
    const reply = stateNamed(flow, 'ivr_reply');
    expect(nextOf(reply, 'fail')).toBe('unavailable');
    expect(nextOf(stateNamed(flow, 'ivr_result'), 'noMatch')).toBe('not_found');
    expect(nextOf(stateNamed(flow, 'not_found'), 'audioComplete')).toBe('connecting');
    expect(nextOf(stateNamed(flow, 'connecting'), 'audioComplete')).toBe('front_desk');
  });

  test('only a call Twilio verified (StirVerstat exactly TN-Validation-Passed-A) hears the menu; any other goes to the front desk', () => {
    const check = stateNamed(flow, nextOf(stateNamed(flow, 'Trigger'), 'incomingCall') as string);
    expect(check).toMatchObject({ name: 'caller_check', type: 'split-based-on', properties: { input: '{{trigger.call.StirVerstat}}' } });
    const matches = check.transitions.filter((t) => t.event === 'match');
    expect(matches).toEqual([
      expect.objectContaining({
        next: 'menu',
        conditions: [expect.objectContaining({ arguments: ['{{trigger.call.StirVerstat}}'], type: 'equal_to', value: STIR_VERIFIED_A })],
      }),
    ]);
    expect(nextOf(check, 'noMatch')).toBe('welcome');
    expect(nextOf(stateNamed(flow, 'welcome'), 'audioComplete')).toBe('connecting');
    // The menu is reached from nowhere else but its own retry.
    const intoMenu = flow.states
      .filter((s) => s.transitions.some((t) => t.next === 'menu'))
      .map((s) => s.name)
      .sort();
    expect(intoMenu).toEqual(['caller_check', 'not_an_option']);
  });

  test("the Function re-checks: /studio/ivr-reply gets the call's StirVerstat with every key press", () => {
    expect(parameters(stateNamed(flow, 'ivr_reply'))).toEqual({
      CallSid: '{{trigger.call.CallSid}}',
      From: '{{trigger.call.From}}',
      StirVerstat: '{{trigger.call.StirVerstat}}',
      Digits: '{{widgets.menu.Digits}}',
    });
  });

  test('the front desk is the placeholder render fills from the clinic config, never recorded', () => {
    const desk = stateNamed(flow, 'front_desk');
    expect(desk.properties).toMatchObject({ noun: 'number', to: '__FRONT_DESK_NUMBER__', record: false });
    expect(desk.transitions.every((t) => !t.next)).toBe(true);
  });

  test('the flow reads no caller data into speech', () => {
    for (const { text } of patientTexts(flow)) expect(liquidIn(text)).toEqual([]);
  });
});

test('the flows directory holds exactly the listed templates', () => {
  const listed = TEMPLATES.map(([n]) => `${n}.json`).sort();
  expect(
    readdirSync(join(ROOT, 'flows'))
      .filter((f) => f.endsWith('.json'))
      .sort(),
  ).toEqual(listed);
});
