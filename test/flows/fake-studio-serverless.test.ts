/** The fake Twilio API's Studio v2 flows / FlowValidate and Serverless v1 deployment routes, through the real SDK. */
import twilio from 'twilio';
import { fakeTwilioClient, RedirectingRequestClient, startFakeTwilio, type FakeTwilio } from '../fake-twilio';
import { expectViolations, rawRequest, restError } from '../fake-twilio/test-utils';

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

const definition = {
  description: 'test v1.0.0',
  initial_state: 'Trigger',
  flags: { allow_concurrent_calls: true },
  states: [
    {
      name: 'Trigger',
      type: 'trigger',
      transitions: [{ event: 'incomingMessage', next: 'reply' }],
      properties: { offset: { x: 0, y: 0 } },
    },
    {
      name: 'reply',
      type: 'send-message',
      transitions: [{ event: 'sent' }, { event: 'failed' }],
      properties: { body: 'Thanks', offset: { x: 0, y: 200 } },
    },
  ],
};

describe('fake Studio v2', () => {
  test('FlowValidate: {valid: true} for a well-formed definition', async () => {
    const r = await client.studio.v2.flowValidate.update({ friendlyName: 'T', status: 'draft', definition });
    expect(r.valid).toBe(true);
    expect(fake.studio.calls()).toEqual([{ op: 'validate', friendlyName: 'T', ok: true }]);
  });

  test.each([
    ['no states', { initial_state: 'Trigger', states: [] }, ['#/states']],
    [
      'state without a type',
      { initial_state: 'Trigger', states: [{ name: 'Trigger', transitions: [], properties: {} }] },
      ['#/states/0/type'],
    ],
    ['initial_state names nothing', { ...definition, initial_state: 'Start' }, ['#/initial_state']],
    [
      'duplicate names and a dangling next',
      { ...definition, states: [definition.states[0], { ...definition.states[1], name: 'Trigger' }] },
      ['#/states/1/name', '#/states/0/transitions/0/next'],
    ],
  ])('FlowValidate: %s → 400 / 81022 with details.errors[].property_path', async (_label, def, paths) => {
    let caught: unknown;
    await client.studio.v2.flowValidate.update({ friendlyName: 'T', status: 'draft', definition: def }).catch((e: unknown) => (caught = e));
    expect(caught).toBeInstanceOf(twilio.RestException);
    const e = caught as InstanceType<typeof twilio.RestException>;
    expect([e.status, e.code]).toEqual([400, 81022]);
    expect((e.details as { errors: { property_path: string }[] }).errors.map((x) => x.property_path)).toEqual(paths);
  });

  test('missing parameters and a bad status are 400 / 20001; a Definition that is not JSON is 81022', async () => {
    expect(
      (await rawRequest(client, 'post', 'https://studio.twilio.com/v2/Flows/Validate', { FriendlyName: 'T', Status: 'draft' })).status,
    ).toBe(400);
    const badStatus = await rawRequest(client, 'post', 'https://studio.twilio.com/v2/Flows', {
      FriendlyName: 'T',
      Status: 'live',
      Definition: JSON.stringify(definition),
    });
    expect(badStatus).toMatchObject({ status: 400, body: { code: 20001 } });
    expectViolations(
      fake,
      /UpdateFlowValidate .*missing required form parameter Definition$/,
      /CreateFlow .*malformed form parameter Status: must be equal/,
    );
    const notJson = await rawRequest(client, 'post', 'https://studio.twilio.com/v2/Flows', {
      FriendlyName: 'T',
      Status: 'draft',
      Definition: '{',
    });
    expect(notJson).toMatchObject({ status: 400, body: { code: 81022, details: { errors: [{ property_path: '#' }] } } });
    expect(fake.studio.flows()).toEqual([]);
  });

  test('create (revision 1, webhook URL), update with a definition (revision + 1, commit message), list without definitions, fetch with', async () => {
    const created = await client.studio.v2.flows.create({ friendlyName: 'Reminders', status: 'draft', definition, commitMessage: 'first' });
    expect(created.sid).toMatch(/^FW[0-9a-f]{32}$/);
    expect(created).toMatchObject({
      revision: 1,
      status: 'draft',
      commitMessage: 'first',
      webhookUrl: `https://webhooks.twilio.com/v1/Accounts/${fake.accountSid}/Flows/${created.sid}`,
    });
    const updated = await client.studio.v2.flows(created.sid).update({ status: 'published', definition, commitMessage: 'second' });
    expect(updated).toMatchObject({ sid: created.sid, revision: 2, status: 'published', commitMessage: 'second' });
    const statusOnly = await client.studio.v2.flows(created.sid).update({ status: 'draft' });
    expect(statusOnly).toMatchObject({ revision: 2, status: 'draft' });
    const [listed] = await client.studio.v2.flows.list();
    expect(listed).toMatchObject({ sid: created.sid, friendlyName: 'Reminders', definition: null });
    expect((await client.studio.v2.flows(created.sid).fetch()).definition).toEqual(definition);
    const bad = await restError(client.studio.v2.flows(created.sid).update({ status: 'published', definition: { states: [] } }));
    expect(bad).toMatchObject({ status: 400, code: 81022 });
    expect((await client.studio.v2.flows(created.sid).fetch()).revision).toBe(2);
    await client.studio.v2.flows(created.sid).remove();
    expect(await client.studio.v2.flows.list()).toEqual([]);
  });

  test("another account's flow is not visible (list, fetch, update: 404)", async () => {
    const other = `AC${'c'.repeat(32)}`;
    fake.addAccountCredentials(other, 'd'.repeat(32));
    const sid = fake.studio.seedFlow({ accountSid: other, friendlyName: 'Theirs', definition });
    expect(await client.studio.v2.flows.list()).toEqual([]);
    expect(await restError(client.studio.v2.flows(sid).fetch())).toMatchObject({ status: 404, code: 20404 });
    expect(await restError(client.studio.v2.flows(sid).update({ status: 'draft' }))).toMatchObject({ status: 404 });
    const theirs = twilio(other, 'd'.repeat(32), { httpClient: new RedirectingRequestClient(fake.origin) });
    expect((await theirs.studio.v2.flows(sid).fetch()).friendlyName).toBe('Theirs');
  });
});

describe('fake Serverless v1', () => {
  test('seedDeployment: the environment runs the build whose function versions carry path, visibility and SIDs', async () => {
    const d = fake.serverless.seedDeployment({
      uniqueName: 'clinic',
      functions: [
        { path: '/optout/guard', visibility: 'protected' },
        { path: '/hello', visibility: 'public' },
      ],
      assets: [{ path: '/a.json', visibility: 'private' }],
    });
    expect(d.domain).toMatch(/^clinic-\d{4}-dev\.twil\.io$/);
    const service = client.serverless.v1.services(d.serviceSid);
    expect((await service.fetch()).uniqueName).toBe('clinic');
    const [env] = await service.environments.list();
    expect(env).toMatchObject({
      sid: d.environmentSid,
      uniqueName: 'dev-environment',
      domainSuffix: 'dev',
      domainName: d.domain,
      buildSid: d.buildSid,
    });
    const build = await service.builds(d.buildSid).fetch();
    expect(build.status).toBe('completed');
    expect(build.functionVersions).toEqual([
      expect.objectContaining({
        path: '/optout/guard',
        visibility: 'protected',
        function_sid: d.functions[0]?.functionSid,
        sid: d.functions[0]?.versionSid,
      }),
      expect.objectContaining({ path: '/hello', visibility: 'public', function_sid: d.functions[1]?.functionSid }),
    ]);
    expect(build.assetVersions).toHaveLength(1);
  });

  test('a second deployment reuses the service; the same suffix moves to the new build, "" is production', async () => {
    const first = fake.serverless.seedDeployment({ functions: [] });
    const second = fake.serverless.seedDeployment({ functions: [] });
    const prod = fake.serverless.seedDeployment({ functions: [], environment: '' });
    expect(second).toMatchObject({ serviceSid: first.serviceSid, environmentSid: first.environmentSid });
    expect(second.buildSid).not.toBe(first.buildSid);
    expect(prod.domain).toBe(first.domain.replace('-dev.twil.io', '.twil.io'));
    const envs = await client.serverless.v1.services(first.serviceSid).environments.list();
    expect(envs.map((e) => [e.uniqueName, e.domainSuffix, e.buildSid])).toEqual([
      ['dev-environment', 'dev', second.buildSid],
      ['production', null, prod.buildSid],
    ]);
    expect(await client.serverless.v1.services(first.serviceSid).builds.list()).toHaveLength(3);
  });
});
