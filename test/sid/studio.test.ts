/**
 * `sid` for Studio executions (FN), steps (FT) and flows (FW) against the fake: widgets visited
 * with their types, the flow found by search or `--flow`, and never a context (the fake saw no
 * request to a Context endpoint; canary PHI in every context, the contact address, the flow's
 * custom name, commit message and definition never shows).
 */
import { CANARY_BODY, CANARY_NAME, CANARY_PHONE } from '../helpers/canary';
import { daysAgo, seedAlert } from './seed';
import { expectSafe, expectTicketSafe, snippetOf, startSidWorld, type SidWorld } from './world';

let world: SidWorld;
beforeEach(async () => {
  world = await startSidWorld();
});
afterEach(async () => {
  expect(world.fake.studio.executionRequests().filter((r) => r.op === 'context' || r.op === 'step-context')).toEqual([]);
  expect(world.fake.violations).toEqual([]);
  await world.close();
});

const definition = {
  description: 'reminder',
  initial_state: 'Trigger',
  flags: { allow_concurrent_calls: true },
  states: [
    { name: 'Trigger', type: 'trigger', transitions: [{ event: 'incomingRequest', next: 'send_reminder' }], properties: {} },
    {
      name: 'send_reminder',
      type: 'send-and-wait-for-reply',
      transitions: [{ event: 'incomingMessage', next: 'route_reply' }],
      properties: { body: CANARY_BODY },
    },
    { name: 'route_reply', type: 'split-based-on', transitions: [], properties: { input: '{{widgets.send_reminder.inbound.Body}}' } },
  ],
};
const patientContext = {
  trigger: { request: { parameters: { to: CANARY_PHONE, name: CANARY_NAME } } },
  widgets: { send_reminder: { inbound: { Body: CANARY_BODY, From: CANARY_PHONE } } },
};

function seedStudio(w: SidWorld) {
  const ours = w.fake.studio.seedFlow({
    friendlyName: 'HIPAA-safe: appointment-reminder',
    definition,
    commitMessage: 'appointment-reminder v1.0.0 (3f2c1ab)',
    revision: 4,
  });
  const custom = w.fake.studio.seedFlow({ friendlyName: `${CANARY_NAME} intake`, definition, commitMessage: CANARY_BODY, status: 'draft' });
  const start = new Date(Date.now() - 3_600_000);
  const exec = w.fake.studio.seedExecution({
    flowSid: custom,
    status: 'ended',
    contactChannelAddress: CANARY_PHONE,
    context: patientContext,
    date: start,
    steps: [
      { name: 'incomingRequest', transitionedFrom: 'Trigger', transitionedTo: 'send_reminder', context: patientContext },
      { name: 'incomingMessage', transitionedFrom: 'send_reminder', transitionedTo: 'route_reply', context: { Body: CANARY_BODY } },
      { name: 'noMatch', transitionedFrom: 'route_reply', transitionedTo: 'Ended', context: { From: CANARY_PHONE } },
    ],
  });
  return { ours, custom, exec };
}

test('FN: status, flow (found by search), masked contact and the widgets it went through, oldest first; no context read', async () => {
  const { custom, exec } = seedStudio(world);
  const alert = seedAlert(world.fake, 5, exec.sid, '81002', 'warning', daysAgo(1));
  const run = await world.run([exec.sid]);
  expect(run.exitCode).toBe(0);
  expect(run.stdout).toMatch(/status\s+ended/);
  expect(run.stdout).toContain(`${custom} (searched`);
  expect(run.stdout).toContain('+1******0147');
  const steps = run.stdout.split('\n').filter((l) => l.includes(' -> '));
  expect(steps.map((l) => l.replace(/^.*?Z {2}/, ''))).toEqual([
    'Trigger (trigger) -> send_reminder (send-and-wait-for-reply)  on incomingRequest',
    'send_reminder (send-and-wait-for-reply) -> route_reply (split-based-on)  on incomingMessage',
    'route_reply (split-based-on) -> Ended  on noMatch',
  ]);
  expect(steps.map((l) => /FT[0-9a-f]{32}/.exec(l)?.[0])).toEqual(exec.stepSids);
  expect(new Set(world.fake.studio.executionRequests().map((r) => r.op))).toEqual(new Set(['fetch', 'steps']));
  expect(run.stdout).toContain(alert);
  const snippet = snippetOf(run.stdout);
  expectTicketSafe(snippet);
  expect(snippet[1]).toMatch(new RegExp(`^${exec.sid} flow=${custom} status=ended created=\\S+Z updated=\\S+Z$`));

  const json = await world.run([exec.sid, '--format', 'json', '--flow', custom]);
  const report = JSON.parse(json.stdout) as { results: { resource: Record<string, unknown> }[] };
  expect(report.results[0]?.resource).toMatchObject({
    kind: 'studio-execution',
    flowSid: custom,
    flowSearch: 'given',
    status: 'ended',
    contact: '+1******0147',
    stepsMore: false,
  });
  expect(JSON.stringify(report)).not.toMatch(/context/i);
  expectSafe(run.stdout, run.stderr, json.stdout, json.stderr);
});

test('FT: the step under --execution (flow searched, or given): event, widgets and types', async () => {
  const { custom, exec } = seedStudio(world);
  const step = exec.stepSids[1] as string;
  const searched = await world.run([step, '--execution', exec.sid]);
  expect(searched.exitCode).toBe(0);
  expect(searched.stdout).toMatch(/event\s+incomingMessage/);
  expect(searched.stdout).toMatch(/from widget\s+send_reminder \(send-and-wait-for-reply\)/);
  expect(searched.stdout).toMatch(/to widget\s+route_reply \(split-based-on\)/);
  expectTicketSafe(snippetOf(searched.stdout));
  const given = await world.run([step, '--execution', exec.sid, '--flow', custom, '--format', 'json']);
  expect((JSON.parse(given.stdout) as { results: { resource: unknown }[] }).results[0]?.resource).toMatchObject({
    kind: 'studio-step',
    sid: step,
    executionSid: exec.sid,
    flowSid: custom,
    event: 'incomingMessage',
    flowSearch: 'given',
    from: { widget: 'send_reminder', type: 'send-and-wait-for-reply' },
    to: { widget: 'route_reply', type: 'split-based-on' },
  });
  expectSafe(searched.stdout, searched.stderr, given.stdout);
});

test('FT without --execution is a usage error (exit 2) and nothing is looked up', async () => {
  const { exec } = seedStudio(world);
  const run = await world.run([exec.stepSids[0] as string]);
  expect(run.exitCode).toBe(2);
  expect(run.stderr).toContain('--execution FN');
  expect(run.stdout).toBe('');
  expect(world.fake.stats.requests).toBe(0);
});

test('FN in no flow: not found (exit 1) after searching every flow; a wrong --flow is not found too', async () => {
  const { ours } = seedStudio(world);
  const missing = `FN${'e'.repeat(32)}`;
  const run = await world.run([missing]);
  expect(run.exitCode).toBe(1);
  expect(run.stdout).toContain(`not found in account ${world.fake.accountSid} (2 Studio flows)`);
  const wrongFlow = await world.run([missing, '--flow', ours]);
  expect(wrongFlow.exitCode).toBe(1);
  expectTicketSafe(snippetOf(run.stdout));
});

test('FN search bounded: more flows than the bound and no hit → could not check (exit 3)', async () => {
  seedStudio(world);
  const run = await world.run([`FN${'e'.repeat(32)}`], { bounds: { parents: 1 } });
  expect(run.exitCode).toBe(3);
  expect(run.stdout).toContain('not in the first 1 Studio flows; more exist and were not searched');
});

test('FW: the toolkit name and commit message are shown; a custom name and commit message are not', async () => {
  const { ours, custom } = seedStudio(world);
  const run = await world.run([ours, custom, '--format', 'json']);
  expect(run.exitCode).toBe(0);
  const report = JSON.parse(run.stdout) as { results: { resource: unknown }[] };
  expect(report.results.map((r) => r.resource)).toEqual([
    expect.objectContaining({
      kind: 'studio-flow',
      sid: ours,
      name: 'HIPAA-safe: appointment-reminder',
      commitMessage: 'appointment-reminder v1.0.0 (3f2c1ab)',
      status: 'published',
      revision: 4,
      valid: true,
      widgets: 3,
    }),
    expect.objectContaining({
      kind: 'studio-flow',
      sid: custom,
      name: null,
      customName: true,
      commitMessage: null,
      customCommitMessage: true,
      status: 'draft',
    }),
  ]);
  const text = await world.run([custom]);
  expect(text.stdout).toContain('(custom name, not shown)');
  expect(text.stdout).not.toMatch(/definition|send_reminder/);
  expectTicketSafe(snippetOf(text.stdout));
  expectSafe(run.stdout, text.stdout, text.stderr);
});
