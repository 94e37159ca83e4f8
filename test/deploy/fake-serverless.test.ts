/**
 * The fake's Serverless v1 routes the gate (and the SID tool) read: every resource fetchable by
 * SID (ZS, ZE, ZB, ZH, ZN, ZD, ZV) through the real SDK, lists scoped by their parents, Deployment
 * create moving the environment to a build, Variable create / update with Twilio's limits, and
 * every response valid against twilio_serverless_v1.
 */
import twilio from 'twilio';
import { fakeTwilioClient, RedirectingRequestClient, SLS_COLLECTIONS, startFakeTwilio, type FakeTwilio } from '../fake-twilio';
import { restError } from '../fake-twilio/test-utils';

let fake: FakeTwilio;
let client: twilio.Twilio;
beforeEach(async () => {
  fake = await startFakeTwilio({ seed: 5 });
  client = fakeTwilioClient(fake);
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

const seed = () =>
  fake.serverless.seedDeployment({
    uniqueName: 'clinic',
    functions: [
      { path: '/sms/inbound', visibility: 'protected' },
      { path: '/helpers/ledger', visibility: 'private' },
    ],
    assets: [{ path: '/clinic.json', visibility: 'private' }],
    variables: { CLINIC_NAME: 'Example Clinic', LEDGER_BACKEND: 'sync' },
  });

describe('fake Serverless v1: fetch by SID', () => {
  test('ZS, ZE, ZB, ZH (function and asset), ZN (function and asset version), ZD and ZV all fetch', async () => {
    const d = seed();
    const svc = client.serverless.v1.services(d.serviceSid);
    expect((await svc.fetch()).sid).toBe(d.serviceSid);
    expect((await svc.environments(d.environmentSid).fetch()).buildSid).toBe(d.buildSid);
    expect((await svc.builds(d.buildSid).fetch()).status).toBe('completed');
    const fn = d.functions[0]!;
    expect(await svc.functions(fn.functionSid).fetch()).toMatchObject({
      sid: fn.functionSid,
      friendlyName: '/sms/inbound',
      serviceSid: d.serviceSid,
    });
    expect(await svc.functions(fn.functionSid).functionVersions(fn.versionSid).fetch()).toMatchObject({
      sid: fn.versionSid,
      functionSid: fn.functionSid,
      path: '/sms/inbound',
      visibility: 'protected',
    });
    const asset = d.assets[0]!;
    expect(await svc.assets(asset.functionSid).fetch()).toMatchObject({ friendlyName: '/clinic.json' });
    expect(await svc.assets(asset.functionSid).assetVersions(asset.versionSid).fetch()).toMatchObject({
      path: '/clinic.json',
      visibility: 'private',
      assetSid: asset.functionSid,
    });
    expect(await svc.environments(d.environmentSid).deployments(d.deploymentSid).fetch()).toMatchObject({
      buildSid: d.buildSid,
      environmentSid: d.environmentSid,
    });
    const [variable] = await svc.environments(d.environmentSid).variables.list({ limit: 1 });
    expect((await svc.environments(d.environmentSid).variables(variable!.sid).fetch()).key).toBe(variable!.key);
  });

  test('lists are scoped by their parent; unknown SIDs and other accounts get 404', async () => {
    const first = seed();
    const second = seed();
    const svc = client.serverless.v1.services(first.serviceSid);
    expect(second.functions[0]!.functionSid).toBe(first.functions[0]!.functionSid); // reused by path, like twilio-run
    expect(await svc.functions(first.functions[0]!.functionSid).functionVersions.list()).toHaveLength(2);
    expect((await svc.functions.list()).map((f) => f.friendlyName).sort()).toEqual(['/helpers/ledger', '/sms/inbound']);
    expect(await svc.environments(first.environmentSid).deployments.list()).toHaveLength(2);
    expect(await restError(svc.functions(`ZH${'0'.repeat(32)}`).fetch())).toMatchObject({ status: 404, code: 20404 });
    const other = twilio(`AC${'b'.repeat(32)}`, 'c'.repeat(32), { httpClient: new RedirectingRequestClient(fake.origin) });
    fake.addAccountCredentials(`AC${'b'.repeat(32)}`, 'c'.repeat(32));
    expect(
      await restError(other.serverless.v1.services(first.serviceSid).functions(first.functions[0]!.functionSid).fetch()),
    ).toMatchObject({ status: 404 });
    expect(fake.resources.all(SLS_COLLECTIONS.functionVersions).every((v) => v.visibility === String(v.visibility).toLowerCase())).toBe(
      true,
    );
  });
});

describe('fake Serverless v1: writes', () => {
  test('a Deployment moves the environment to the build; a missing or unknown build is refused', async () => {
    const d = seed();
    const again = seed();
    const env = client.serverless.v1.services(d.serviceSid).environments(d.environmentSid);
    const rollback = await env.deployments.create({ buildSid: d.buildSid });
    expect(rollback).toMatchObject({ buildSid: d.buildSid, environmentSid: d.environmentSid });
    expect(rollback.sid).toMatch(/^ZD[0-9a-f]{32}$/);
    expect((await env.fetch()).buildSid).toBe(d.buildSid);
    expect(again.buildSid).not.toBe(d.buildSid);
    expect(await restError(env.deployments.create({}))).toMatchObject({ status: 400, code: 20001 });
    expect(await restError(env.deployments.create({ buildSid: `ZB${'0'.repeat(32)}` }))).toMatchObject({ status: 404, code: 20404 });
  });

  test('Variables: create, update, duplicate key and size limits', async () => {
    const d = seed();
    const vars = client.serverless.v1.services(d.serviceSid).environments(d.environmentSid).variables;
    const created = await vars.create({ key: 'CLINIC_HELP_PHONE', value: '+15555550100' });
    expect(created).toMatchObject({ key: 'CLINIC_HELP_PHONE', environmentSid: d.environmentSid });
    expect(await vars(created.sid).update({ value: '+15555550101' })).toMatchObject({ value: '+15555550101' });
    expect(await restError(vars.create({ key: 'CLINIC_NAME', value: 'x' }))).toMatchObject({ status: 400, code: 20001 });
    expect(await restError(vars.create({ key: 'K'.repeat(129), value: 'x' }))).toMatchObject({ status: 400 });
    expect(await restError(vars.create({ key: 'BIG', value: 'x'.repeat(451) }))).toMatchObject({ status: 400 });
    expect(await restError(vars(`ZV${'0'.repeat(32)}`).update({ value: 'x' }))).toMatchObject({ status: 404 });
    expect((await vars.list()).map((v) => v.key).sort()).toEqual(['CLINIC_HELP_PHONE', 'CLINIC_NAME', 'LEDGER_BACKEND']);
  });

  test('seedDeployment into an explicit service; an unknown one throws', () => {
    const d = seed();
    const into = fake.serverless.seedDeployment({ serviceSid: d.serviceSid, uniqueName: 'ignored', environment: '', functions: [] });
    expect(into.serviceSid).toBe(d.serviceSid);
    expect(into.domain).toBe(d.domain.replace('-dev.twil.io', '.twil.io'));
    expect(() => fake.serverless.seedDeployment({ serviceSid: `ZS${'0'.repeat(32)}`, functions: [] })).toThrow(/no such service/);
  });
});
