/** `npm run -s flows -- render`: templates filled from .twiliodeployinfo and the deployed build (fake Twilio). */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FRONT_DESK, runFlows, startFlowsWorld, type FlowsWorld } from './world';
import { inbound, ivr, PROTECTED, reminder, runFunction, sendMessage, template, trigger } from './templates';

let world: FlowsWorld;
beforeEach(async () => {
  world = await startFlowsWorld();
});
afterEach(async () => {
  expect(world.fake.violations).toEqual([]);
  await world.close();
});

type Rendered = { description: string; states: { name: string; type: string; properties: Record<string, unknown> }[] };
const read = (name: string, dir = 'dist/flows'): Rendered =>
  JSON.parse(readFileSync(join(world.root, dir, `${name}.json`), 'utf8')) as Rendered;
const state = (flow: Rendered, name: string): Record<string, unknown> => flow.states.find((s) => s.name === name)?.properties ?? {};
const PLACEHOLDER = /__[A-Z_]+__/;

describe('flows render (deployed)', () => {
  test('fills every run-function widget with the SIDs of the protected Function at its path; nothing left', async () => {
    world.writeTemplate('appointment-reminder', reminder());
    world.writeTemplate('inbound-sms', inbound());
    world.writeTemplate('ivr', ivr());
    const d = world.deploy(PROTECTED);
    const r = await runFlows(world, ['render']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const sidOf = (path: string): string => d.functions.find((f) => f.path === path)?.functionSid ?? '';

    const rem = read('appointment-reminder');
    expect(state(rem, 'guard')).toMatchObject({
      url: `https://${d.domain}/optout/guard`,
      service_sid: d.serviceSid,
      environment_sid: d.environmentSid,
      function_sid: sidOf('/optout/guard'),
    });
    expect(state(rem, 'record')).toMatchObject({ url: `https://${d.domain}/reminders/ack`, function_sid: sidOf('/reminders/ack') });
    expect(sidOf('/optout/guard')).not.toEqual(sidOf('/reminders/ack'));
    expect(state(read('ivr'), 'desk').to).toBe(FRONT_DESK);
    for (const name of ['appointment-reminder', 'inbound-sms', 'ivr']) {
      const text = readFileSync(join(world.root, 'dist/flows', `${name}.json`), 'utf8');
      expect(text).not.toMatch(PLACEHOLDER);
      expect(() => JSON.parse(text) as unknown).not.toThrow();
    }
    expect(rem.description).toBe('hipaa-safe-messaging appointment-reminder v1.0.0');
    // The summary names files, environment and paths; never the front-desk number.
    expect(r.stdout).toContain('Rendered 3 flow(s) for environment dev-environment');
    expect(r.stdout).toContain('dist/flows/appointment-reminder.json  v1.0.0  run-function: /optout/guard, /reminders/ack');
    expect(r.stdout).not.toContain(FRONT_DESK.slice(2));
  });

  test('--out DIR and --flow NAME; the template on disk is unchanged', async () => {
    world.writeTemplate('appointment-reminder', reminder());
    world.writeTemplate('inbound-sms', inbound());
    world.deploy(PROTECTED);
    const before = readFileSync(join(world.root, 'flows/inbound-sms.json'), 'utf8');
    const r = await runFlows(world, ['render', '--out', 'out/x', '--flow', 'inbound-sms']);
    expect(r.code).toBe(0);
    expect(existsSync(join(world.root, 'out/x/inbound-sms.json'))).toBe(true);
    expect(existsSync(join(world.root, 'out/x/appointment-reminder.json'))).toBe(false);
    expect(readFileSync(join(world.root, 'flows/inbound-sms.json'), 'utf8')).toBe(before);
    expect((await runFlows(world, ['render', '--flow', 'nope'])).code).toBe(2);
  });

  test('default environment is the one running latestBuild; --environment picks another (unique name, suffix or SID)', async () => {
    world.writeTemplate('inbound-sms', inbound());
    const prod = world.fake.serverless.seedDeployment({ functions: PROTECTED, environment: '' });
    const dev = world.deploy(PROTECTED);
    expect(prod.serviceSid).toBe(dev.serviceSid);
    expect((await runFlows(world, ['render'])).code).toBe(0);
    expect(state(read('inbound-sms'), 'guard').url).toBe(`https://${dev.domain}/optout/guard`);
    for (const name of ['production', prod.environmentSid]) {
      const r = await runFlows(world, ['render', '--environment', name]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`environment production (${prod.domain}), build ${prod.buildSid}`);
      expect(state(read('inbound-sms'), 'guard')).toMatchObject({
        url: `https://${prod.domain}/optout/guard`,
        environment_sid: prod.environmentSid,
      });
    }
    const none = await runFlows(world, ['render', '--environment', 'staging']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('environments: ');
    expect(none.stderr).toContain('dev-environment');
    expect(none.stderr).not.toContain('staging');
  });

  test('latestBuild running nowhere: error listing the environments (exit 2)', async () => {
    world.writeTemplate('inbound-sms', inbound());
    const d = world.deploy(PROTECTED);
    world.fake.serverless.seedDeployment({ functions: PROTECTED }); // the dev environment moves on to a newer build
    const r = await runFlows(world, ['render']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`runs the latest build ${d.buildSid}; choose one with --environment (environments: dev-environment)`);
  });

  test('a missing or non-protected Function is an error naming file, state and path; nothing is written', async () => {
    world.writeTemplate('appointment-reminder', reminder());
    world.deploy([
      { path: '/optout/guard', visibility: 'protected' },
      { path: '/reminders/ack', visibility: 'public' },
    ]);
    let r = await runFlows(world, ['render']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('flows/appointment-reminder.json state "record": run-function /reminders/ack is public, not protected');
    expect(existsSync(join(world.root, 'dist/flows'))).toBe(false);

    world.deploy([{ path: '/optout/guard', visibility: 'protected' }]);
    r = await runFlows(world, ['render']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('state "record": run-function /reminders/ack is not a Function of environment dev-environment');
  });

  test('visibility is compared case-insensitively (builds report PROTECTED)', async () => {
    world.writeTemplate('inbound-sms', inbound());
    world.deploy([{ path: '/optout/guard', visibility: 'PROTECTED' }]);
    expect((await runFlows(world, ['render'])).code).toBe(0);
  });

  test('a placeholder left after rendering fails, naming it, the template and the pointer', async () => {
    world.writeTemplate(
      'odd',
      template('odd', '1.0.0', [
        trigger({ incomingMessage: 'guard' }),
        runFunction('guard', '/optout/guard', undefined, { url: 'https://example.twil.io/optout/guard' }),
      ]),
    );
    world.writeTemplate(
      'named',
      template('named', '1.0.0', [trigger({ incomingMessage: 'hi' }), sendMessage('hi', 'Hello from __CLINIC_CITY__')]),
    );
    world.deploy(PROTECTED);
    const r = await runFlows(world, ['render']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'flows/named.json: placeholder left after rendering: __CLINIC_CITY__ at /states/1/properties/body (state "hi")',
    );
    expect(r.stderr).toContain(
      'flows/odd.json: placeholder left after rendering: __FUNCTION_SID__ at /states/1/properties/function_sid (state "guard")',
    );
    expect(existsSync(join(world.root, 'dist/flows'))).toBe(false);
  });

  test('.twiliodeployinfo of another account: error naming the expected account (exit 2)', async () => {
    world.writeTemplate('inbound-sms', inbound());
    const d = world.deploy(PROTECTED);
    const other = `AC${'b'.repeat(32)}`;
    world.writeDeployInfo({ [`${other}:us1`]: { serviceSid: d.serviceSid, latestBuild: d.buildSid } });
    const r = await runFlows(world, ['render']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no us1 deployment for account ${world.fake.accountSid}`);
    expect(r.stderr).toContain(`it has: ${other}:us1`);
    expect(world.fake.stats.requests).toBe(0);
  });

  test('the legacy bare-account key is accepted; a missing or invalid file is exit 2', async () => {
    world.writeTemplate('inbound-sms', inbound());
    const d = world.deploy(PROTECTED);
    world.writeDeployInfo({ [world.fake.accountSid]: { serviceSid: d.serviceSid, latestBuild: d.buildSid } });
    expect((await runFlows(world, ['render'])).code).toBe(0);
    writeFileSync(join(world.root, '.twiliodeployinfo'), '{"x":');
    expect((await runFlows(world, ['render'])).code).toBe(2);
    world.writeDeployInfo({ [world.fake.accountSid]: { serviceSid: 'ZSnope', latestBuild: d.buildSid } });
    const bad = await runFlows(world, ['render']);
    expect(bad).toMatchObject({ code: 2 });
    expect(bad.stderr).toContain('serviceSid (pattern)');
    expect(bad.stderr).not.toContain('ZSnope');
  });

  test('no credentials, refused credentials: exit 2', async () => {
    world.writeTemplate('inbound-sms', inbound());
    world.deploy(PROTECTED);
    expect((await runFlows(world, ['render'], { env: {} })).code).toBe(2);
    const refused = await runFlows(world, ['render'], { env: { ACCOUNT_SID: world.fake.accountSid, AUTH_TOKEN: 'f'.repeat(32) } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Twilio refused the credentials');
    expect(refused.stderr).not.toContain('f'.repeat(32));
  });

  test('credentials from .env.deploy when the environment has none', async () => {
    world.writeTemplate('inbound-sms', inbound());
    world.deploy(PROTECTED);
    writeFileSync(join(world.root, '.env.deploy'), `ACCOUNT_SID=${world.fake.accountSid}\nAUTH_TOKEN=${world.fake.authToken}\n`);
    expect((await runFlows(world, ['render'], { env: {} })).code).toBe(0);
  });

  test('templates that are not JSON, or carry no version, are refused (exit 1), nothing echoed', async () => {
    writeFileSync(join(world.root, 'flows', 'broken.json'), '{"description": "secret text');
    world.writeTemplate('unversioned', { ...inbound(), description: 'no version here' });
    world.deploy(PROTECTED);
    const r = await runFlows(world, ['render']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('flows/broken.json is not valid JSON');
    expect(r.stderr).toContain('flows/unversioned.json: the description must be "hipaa-safe-messaging unversioned v<major.minor.patch>"');
    expect(r.stderr).not.toContain('secret text');
    expect(r.stderr).not.toContain('no version here');
  });
});

describe('flows render --local', () => {
  test('localhost URLs and dummy SIDs of a valid shape, no API call, with a warning', async () => {
    world.writeTemplate('appointment-reminder', reminder());
    world.writeTemplate('ivr', ivr());
    world.writeFunction('optout/guard.protected.ts');
    world.writeFunction('reminders/ack.protected.ts');
    const r = await runFlows(world, ['render', '--local', '--port', '3999'], { env: {} });
    expect(r.code).toBe(0);
    const guard = state(read('appointment-reminder'), 'guard');
    expect(guard.url).toBe('http://localhost:3999/optout/guard');
    expect(guard.service_sid).toMatch(/^ZS[0-9a-f]{32}$/);
    expect(guard.environment_sid).toMatch(/^ZE[0-9a-f]{32}$/);
    expect(guard.function_sid).toMatch(/^ZH[0-9a-f]{32}$/);
    expect(state(read('appointment-reminder'), 'record').function_sid).not.toBe(guard.function_sid);
    expect(state(read('ivr'), 'desk').to).toBe(FRONT_DESK);
    expect(readFileSync(join(world.root, 'dist/flows/appointment-reminder.json'), 'utf8')).not.toMatch(PLACEHOLDER);
    expect(r.stdout).toContain('Do not import these into Studio');
    expect(world.fake.stats.requests).toBe(0);
  });

  test('a Function that is public in functions/ is refused locally too', async () => {
    world.writeTemplate('inbound-sms', inbound());
    world.writeFunction('optout/guard.ts');
    const r = await runFlows(world, ['render', '--local']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('run-function /optout/guard is public, not protected');
  });
});

describe('flows CLI usage', () => {
  test.each([
    [[]],
    [['launchx']],
    [['render', '--port', '3131']],
    [['render', '--local', '--environment', 'dev']],
    [['render', '--local', '--port', 'abc']],
    [['deploy', '--local']],
    [['deploy', '--status', 'live']],
    [['render', '--flow', '../etc/passwd']],
    [['render', '--out']],
  ])('%j: exit 2 with usage, nothing echoed', async (argv) => {
    const r = await runFlows(world, argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: npm run -s flows');
    for (const a of argv) if (!a.startsWith('--') && a !== 'render' && a !== 'deploy') expect(r.stderr).not.toContain(a);
  });
});

describe('flows CLI process', () => {
  test('scripts/flows.ts exits with the CLI code: usage is 2, without echoing the argument', () => {
    const root = join(__dirname, '..', '..');
    const res = spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'scripts', 'flows.ts'), 'render', '--flow', 'Bad_Name'],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '' },
      },
    );
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('invalid --flow');
    expect(res.stderr).toContain('usage: npm run -s flows');
    expect(res.stderr).not.toContain('Bad_Name');
  });
});
