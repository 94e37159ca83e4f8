/**
 * `npm run -s flows -- deploy`: the flow linter (the real one unless a test says otherwise) gates,
 * FlowValidate runs before any change, then flows are created, and updated on the next deploy.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LintFinding } from '../../src/tooling/lint/types';
import type { FlowLinter } from '../../src/tooling/flows/lint-gate';
import type { TemplateDefinition } from '../../src/tooling/flows/templates';
import { wiringNotes } from '../../src/tooling/flows/wiring';
import { compliantConfig } from '../preflight/fixtures/config';
import { cleanLinter, FRONT_DESK, runFlows, startFlowsWorld, type FlowsWorld } from './world';
import { inbound, ivr, PROTECTED, reminder, runFunction, template, trigger } from './templates';

let world: FlowsWorld;
beforeEach(async () => {
  world = await startFlowsWorld();
  world.writeTemplate('appointment-reminder', reminder());
  world.writeTemplate('inbound-sms', inbound());
  world.writeTemplate('ivr', ivr());
});
afterEach(async () => {
  expect(world.fake.violations).toEqual([]);
  await world.close();
});

const flowNamed = (name: string): Record<string, unknown> | undefined =>
  world.fake.studio.flows().find((f) => f.friendly_name === `HIPAA-safe: ${name}`);

describe('flows deploy', () => {
  test('validates every flow, then creates them with the version in the commit message; prints SIDs and what to wire', async () => {
    const d = world.deploy(PROTECTED);
    const r = await runFlows(world, ['deploy']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const calls = world.fake.studio.calls();
    expect(calls.map((c) => c.op)).toEqual(['validate', 'validate', 'validate', 'create', 'create', 'create']);
    expect(calls.every((c) => c.ok)).toBe(true);

    const rem = flowNamed('appointment-reminder');
    expect(rem).toMatchObject({
      status: 'published',
      revision: 1,
      commit_message: 'appointment-reminder v1.0.0 (abc1234)',
      account_sid: world.fake.accountSid,
    });
    const guard = (rem?.definition as { states: { name: string; properties: Record<string, unknown> }[] }).states.find(
      (s) => s.name === 'guard',
    );
    expect(guard?.properties).toMatchObject({ url: `https://${d.domain}/optout/guard`, function_sid: d.functions[0]?.functionSid });

    const sid = String(rem?.sid);
    expect(r.stdout).toContain(
      `HIPAA-safe: appointment-reminder  ${sid}  revision 1 (created)  commit "appointment-reminder v1.0.0 (abc1234)"`,
    );
    expect(r.stdout).toContain(
      `wire: REST API: the clinic's system starts executions with POST https://studio.twilio.com/v2/Flows/${sid}/Executions`,
    );
    const inboundSid = String(flowNamed('inbound-sms')?.sid);
    expect(r.stdout).toContain(
      `"A message comes in" webhook (sms_url, or the Messaging Service's inbound request URL) = https://webhooks.twilio.com/v1/Accounts/${world.fake.accountSid}/Flows/${inboundSid}`,
    );
    expect(r.stdout).toContain(
      `"A call comes in" webhook (voice_url) = https://webhooks.twilio.com/v1/Accounts/${world.fake.accountSid}/Flows/${String(flowNamed('ivr')?.sid)}`,
    );
    expect(r.stdout).not.toContain(FRONT_DESK.slice(2));
  });

  test('a second deploy updates the same flows: revision + 1, commit message with the new version', async () => {
    world.deploy(PROTECTED);
    expect((await runFlows(world, ['deploy'])).code).toBe(0);
    const first = String(flowNamed('appointment-reminder')?.sid);
    world.writeTemplate('appointment-reminder', reminder('1.1.0'));
    const r = await runFlows(world, ['deploy', '--flow', 'appointment-reminder'], { sha: null });
    expect(r.code).toBe(0);
    expect(world.fake.studio.flows()).toHaveLength(3);
    expect(flowNamed('appointment-reminder')).toMatchObject({ sid: first, revision: 2, commit_message: 'appointment-reminder v1.1.0' });
    expect(flowNamed('inbound-sms')).toMatchObject({ revision: 1 });
    expect(r.stdout).toContain(`${first}  revision 2 (updated)`);
  });

  test('--status draft', async () => {
    world.deploy(PROTECTED);
    expect((await runFlows(world, ['deploy', '--status', 'draft', '--flow', 'ivr'])).code).toBe(0);
    expect(flowNamed('ivr')).toMatchObject({ status: 'draft' });
  });

  test('FlowValidate rejects a flow: its property paths are printed, nothing is created or updated (exit 1)', async () => {
    world.deploy(PROTECTED);
    world.writeTemplate('broken', template('broken', '1.0.0', [trigger({ incomingMessage: 'missing-widget' })]));
    // The real linter already refuses a dangling transition; FlowValidate is the backstop for what it does not know.
    const linted = await runFlows(world, ['deploy']);
    expect(linted.code).toBe(1);
    expect(linted.stderr).toContain('flows/broken.json: invalid flow definition at /states/0/transitions/0/next');
    expect(world.fake.studio.calls()).toEqual([]);
    const r = await runFlows(world, ['deploy'], { lint: cleanLinter });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "flows/broken.json: Studio's FlowValidate rejected the definition (error 81022) at #/states/0/transitions/0/next",
    );
    expect(r.stderr).toContain('Nothing was changed in Studio.');
    expect(world.fake.studio.calls().map((c) => c.op)).toEqual(['validate', 'validate', 'validate', 'validate']);
    expect(world.fake.studio.flows()).toEqual([]);
  });

  test('lint errors block the deploy before Studio is called; warnings are shown and do not', async () => {
    world.deploy(PROTECTED);
    const finding = (severity: 'error' | 'warn'): LintFinding => ({
      ruleId: 'FLOW-TEST-RULE',
      severity,
      message: 'test finding',
      state: 'guard',
      pointer: '/states/2/properties/url',
    });
    const seen: { paths: string[]; hosts: readonly string[] }[] = [];
    const blocking: FlowLinter = (def, opts) => {
      seen.push({ paths: [...opts.protectedFunctionPaths], hosts: opts.allowedHosts });
      return { findings: (def as { description: string }).description.includes('inbound-sms') ? [finding('error')] : [] };
    };
    const r = await runFlows(world, ['deploy'], { lint: blocking });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('flows/inbound-sms.json: FLOW-TEST-RULE in state "guard" at /states/2/properties/url: test finding');
    expect(world.fake.studio.calls()).toEqual([]);
    expect(seen[0]?.paths.sort()).toEqual(['/optout/guard', '/reminders/ack', '/sms/inbound']);

    const warning: FlowLinter = () => ({ findings: [finding('warn')] });
    const ok = await runFlows(world, ['deploy'], { lint: warning });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('Flow linter warnings');
    expect(world.fake.studio.flows()).toHaveLength(3);
  });

  test('a linter that cannot read a flow blocks the deploy (fail closed)', async () => {
    world.deploy(PROTECTED);
    const throwing: FlowLinter = () => {
      throw new Error('unexpected');
    };
    const r = await runFlows(world, ['deploy'], { lint: throwing });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('flows/ivr.json: the flow linter could not lint it');
    expect(r.stderr).not.toContain('unexpected');
    expect(world.fake.studio.calls()).toEqual([]);
  });

  test('real linter: a host outside the allowlist blocks the deploy; hipaa.config.json allowedWebhookHosts admits it', async () => {
    world.deploy(PROTECTED);
    const post = {
      name: 'notify',
      type: 'make-http-request',
      transitions: [{ event: 'success' }, { event: 'failed' }],
      properties: {
        method: 'POST',
        content_type: 'application/json;charset=utf-8',
        body: '{"event":"reply"}',
        url: 'https://api.partner.example/events',
      },
    };
    world.writeTemplate(
      'inbound-sms',
      template('inbound-sms', '1.0.0', [trigger({ incomingMessage: 'guard' }), runFunction('guard', '/optout/guard', 'notify'), post]),
    );
    const r = await runFlows(world, ['deploy', '--flow', 'inbound-sms']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('flows/inbound-sms.json: FLOW-HOST-ALLOWLIST in state "notify" at /states/2/properties/url');
    expect(world.fake.studio.calls()).toEqual([]);

    writeFileSync(
      join(world.root, 'hipaa.config.json'),
      JSON.stringify({ ...compliantConfig(world.fake.accountSid), allowedWebhookHosts: ['api.partner.example'] }),
    );
    expect((await runFlows(world, ['deploy', '--flow', 'inbound-sms'])).code).toBe(0);
    writeFileSync(join(world.root, 'hipaa.config.json'), '{');
    expect((await runFlows(world, ['deploy', '--flow', 'inbound-sms'])).code).toBe(2);
  });

  test('two existing flows with the same friendly name: refused before any change', async () => {
    world.deploy(PROTECTED);
    const def = {
      description: 'x v1.0.0',
      initial_state: 'Trigger',
      states: [{ name: 'Trigger', type: 'trigger', transitions: [], properties: {} }],
    };
    world.fake.studio.seedFlow({ friendlyName: 'HIPAA-safe: ivr', definition: def });
    world.fake.studio.seedFlow({ friendlyName: 'HIPAA-safe: ivr', definition: def });
    const r = await runFlows(world, ['deploy']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('2 Studio flows are named "HIPAA-safe: ivr"');
    expect(world.fake.studio.calls().filter((c) => c.op !== 'validate')).toEqual([]);
  });

  test('a render failure stops deploy before Studio; no credentials is exit 2', async () => {
    world.deploy([
      { path: '/optout/guard', visibility: 'public' },
      { path: '/reminders/ack', visibility: 'protected' },
    ]);
    const r = await runFlows(world, ['deploy']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is public, not protected');
    expect(world.fake.studio.calls()).toEqual([]);
    expect((await runFlows(world, ['deploy'], { env: {} })).code).toBe(2);
  });
});

test('wiring notes: two flows on incoming messages must be split per number; the one waiting for replies goes on its sending numbers', () => {
  const both = { ...(reminder() as unknown as TemplateDefinition) };
  both.states = both.states.map((st) =>
    st.type === 'trigger'
      ? {
          ...st,
          transitions: [
            { event: 'incomingMessage', next: 'guard' },
            { event: 'incomingRequest', next: 'ask' },
          ],
        }
      : st,
  );
  const notes = wiringNotes([
    { name: 'appointment-reminder', definition: both },
    { name: 'inbound-sms', definition: inbound() as unknown as TemplateDefinition },
    { name: 'ivr', definition: ivr() as unknown as TemplateDefinition },
  ]);
  expect(notes).toEqual([
    "A number's incoming-message webhook points at one flow; appointment-reminder, inbound-sms all handle incoming messages: choose one per number. appointment-reminder waits for replies, so it must be the flow on the numbers it sends from.",
  ]);
});
