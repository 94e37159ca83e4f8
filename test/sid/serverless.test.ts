/**
 * `sid` for Serverless (ZS, ZE, ZB, ZH, ZN) against the fake's deployed-service seed: service and
 * environments, a build's version visibility counts, a function's newest version, a version's path
 * and visibility, and an environment's variable names; never a variable's value or any code.
 */
import { CANARY_BODY, CANARY_NAME, CANARY_PHONE } from '../helpers/canary';
import { expectSafe, expectTicketSafe, snippetOf, startSidWorld, type SidWorld } from './world';

let world: SidWorld;
beforeEach(async () => {
  world = await startSidWorld();
});
afterEach(async () => {
  expect(world.fake.violations).toEqual([]);
  await world.close();
});

type Json = { results: { outcome: string; resource: Record<string, unknown> }[] };
const resources = async (argv: string[]) => {
  const run = await world.run([...argv, '--format', 'json']);
  expect(run.exitCode).toBe(0);
  expectSafe(run.stdout, run.stderr);
  return (JSON.parse(run.stdout) as Json).results.map((r) => r.resource);
};

function deployTwice() {
  world.fake.serverless.seedDeployment({
    uniqueName: 'clinic-helpers',
    environment: 'prod',
    functions: [{ path: '/optout/guard', visibility: 'protected' }],
  });
  const functions = [
    { path: '/sms/inbound', visibility: 'protected' },
    { path: '/sms/status', visibility: 'protected' },
    { path: '/debug', visibility: 'public' },
  ];
  const variables = { CLINIC_NAME: CANARY_NAME, CLINIC_HELP_PHONE: CANARY_PHONE, AUTH_TOKEN: 'tok3n-SECRET', 'patient note': CANARY_BODY };
  const first = world.fake.serverless.seedDeployment({
    uniqueName: 'clinic-reminders',
    environment: 'prod',
    functions,
    assets: [{ path: '/clinic.json', visibility: 'private' }],
    variables,
  });
  world.fake.clock.advance(60_000);
  const second = world.fake.serverless.seedDeployment({
    uniqueName: 'clinic-reminders',
    environment: 'prod',
    functions: functions.slice(0, 2),
    assets: [{ path: '/clinic.json', visibility: 'private' }],
  });
  // Friendly names are free text: never shown (the unique name is).
  for (const s of world.fake.resources.all('sls_services')) s.friendly_name = `${CANARY_NAME} clinic`;
  return { first, second };
}

test('ZS: unique name and environments (domain, running build)', async () => {
  const { second } = deployTwice();
  const [service] = await resources([second.serviceSid]);
  expect(service).toMatchObject({
    kind: 'serverless-service',
    sid: second.serviceSid,
    uniqueName: 'clinic-reminders',
    environments: [{ sid: second.environmentSid, uniqueName: 'prod-environment', domain: second.domain, buildSid: second.buildSid }],
    environmentsMore: false,
  });
  const text = await world.run([second.serviceSid]);
  expect(text.stdout).toContain(`${second.environmentSid}  prod-environment  ${second.domain}  build ${second.buildSid}`);
  expectTicketSafe(snippetOf(text.stdout));
});

test('ZE: domain, build and variable names (never values), service found by search', async () => {
  const { second } = deployTwice();
  const [env] = await resources([second.environmentSid]);
  expect(env).toMatchObject({
    kind: 'serverless-environment',
    sid: second.environmentSid,
    serviceSid: second.serviceSid,
    domain: second.domain,
    buildSid: second.buildSid,
    variables: { count: 4, names: ['AUTH_TOKEN', 'CLINIC_HELP_PHONE', 'CLINIC_NAME'], otherNames: 1, more: false },
  });
  const text = await world.run([second.environmentSid]);
  expect(text.stdout).toMatch(/variables\s+4: AUTH_TOKEN, CLINIC_HELP_PHONE, CLINIC_NAME \(\+1 other names not shown\)/);
  expect(text.stdout).not.toContain('patient note');
  expectSafe(text.stdout);
});

test('ZB: status, version visibility counts and the environments running it', async () => {
  const { first, second } = deployTwice();
  const [old, current] = await resources([first.buildSid, second.buildSid]);
  expect(old).toMatchObject({
    kind: 'serverless-build',
    sid: first.buildSid,
    serviceSid: first.serviceSid,
    status: 'completed',
    functionVersions: { total: 3, byVisibility: { protected: 2, public: 1 } },
    assetVersions: { total: 1, byVisibility: { private: 1 } },
    runningIn: [],
  });
  expect(current).toMatchObject({ functionVersions: { total: 2, byVisibility: { protected: 2 } }, runningIn: [second.environmentSid] });
  const text = await world.run([first.buildSid]);
  expect(text.stdout).toMatch(/function versions\s+3 \(2 protected, 1 public\)/);
  expect(text.stdout).toMatch(/running in\s+no environment/);
  expectTicketSafe(snippetOf(text.stdout));
});

test('ZH: a function (name, version count, newest version) and an asset', async () => {
  const { first, second } = deployTwice();
  const inbound = second.functions[0];
  const asset = second.assets[0];
  if (!inbound || !asset) throw new Error('seed');
  expect(inbound.functionSid).toBe(first.functions[0]?.functionSid);
  const [fn, as] = await resources([inbound.functionSid, asset.functionSid]);
  expect(fn).toMatchObject({
    kind: 'serverless-resource',
    sid: inbound.functionSid,
    serviceSid: second.serviceSid,
    resourceType: 'function',
    name: '/sms/inbound',
    versions: { count: 2, more: false, newest: { sid: inbound.versionSid, path: '/sms/inbound', visibility: 'protected' } },
  });
  expect(as).toMatchObject({
    resourceType: 'asset',
    name: '/clinic.json',
    versions: { count: 2, newest: { sid: asset.versionSid, visibility: 'private' } },
  });
});

test('ZN: a function version and an asset version (path, visibility, owner), searched across services', async () => {
  const { first } = deployTwice();
  const debug = first.functions[2];
  const asset = first.assets[0];
  if (!debug || !asset) throw new Error('seed');
  const [fv, av] = await resources([debug.versionSid, asset.versionSid]);
  expect(fv).toEqual(
    expect.objectContaining({
      kind: 'serverless-version',
      sid: debug.versionSid,
      serviceSid: first.serviceSid,
      resourceSid: debug.functionSid,
      resourceType: 'function',
      path: '/debug',
      visibility: 'public',
    }),
  );
  expect(av).toEqual(
    expect.objectContaining({ resourceSid: asset.functionSid, resourceType: 'asset', path: '/clinic.json', visibility: 'private' }),
  );
  const text = await world.run([debug.versionSid]);
  expect(snippetOf(text.stdout)[1]).toMatch(
    new RegExp(`^${debug.versionSid} service=${first.serviceSid} resource=${debug.functionSid} visibility=public created=\\S+Z$`),
  );
});

test('a ZE / ZN in no service: not found after searching every service (exit 1)', async () => {
  deployTwice();
  const run = await world.run([`ZE${'e'.repeat(32)}`, `ZN${'e'.repeat(32)}`]);
  expect(run.exitCode).toBe(1);
  expect(run.stdout.match(/not found in account AC[0-9a-f]{32} \(2 Serverless services\)/g)).toHaveLength(2);
});
