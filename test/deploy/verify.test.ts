/**
 * Post-deploy verification against the fake Serverless API (verifyLiveBuild), and the smoke test
 * against a local HTTP server on 127.0.0.1 standing in for the Functions domain. Canary PHI sits
 * in the live variable values and in the expected ones; no problem text may carry it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Listing } from '../../src/deploy/gated-build';
import { smokeTest, unsignedPost } from '../../src/deploy/smoke';
import { expectedVariables, verifyLiveBuild, type VerifyInput } from '../../src/deploy/verify';
import { assertNoCanary, CANARY_BODY, CANARY_NAME, CANARY_PHONE } from '../helpers/canary';
import { fakeTwilioClient, startFakeTwilio, type FakeTwilio, type SeededDeployment } from '../fake-twilio';
import { tamper } from './fake-twilio-run';

const EXPECTED: Listing = {
  functions: [
    { path: '/helpers/ledger', access: 'private' },
    { path: '/sms/inbound', access: 'protected' },
    { path: '/voice/inbound', access: 'protected' },
  ],
  assets: [{ path: '/clinic.json', access: 'private' }],
};
const VARS = { CLINIC_NAME: CANARY_NAME, OPTOUT_HMAC_SECRET: CANARY_BODY, LEDGER_BACKEND: 'sync' };

let fake: FakeTwilio;
beforeEach(async () => {
  fake = await startFakeTwilio({ seed: 8 });
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

function deploy(over: Partial<Listing> = {}, variables: Record<string, string> = VARS): SeededDeployment {
  const l = { ...EXPECTED, ...over };
  return fake.serverless.seedDeployment({
    uniqueName: 'hipaa-safe-messaging',
    functions: l.functions.map((f) => ({ path: f.path, visibility: f.access })),
    assets: l.assets.map((a) => ({ path: a.path, visibility: a.access })),
    variables,
  });
}

function input(d: SeededDeployment, over: Partial<VerifyInput> = {}): VerifyInput {
  return { client: fakeTwilioClient(fake), serviceSid: d.serviceSid, buildSid: d.buildSid, environment: 'dev', expected: EXPECTED, variables: VARS, envFile: '.env.deploy', ...over };
}

async function problems(d: SeededDeployment, over: Partial<VerifyInput> = {}): Promise<string[]> {
  const r = await verifyLiveBuild(input(d, over));
  for (const p of r.problems) assertNoCanary(p, 'a verification problem');
  expect(r.ok).toBe(r.problems.length === 0);
  return r.problems;
}

describe('verifyLiveBuild', () => {
  test('all good: the build is live, visibilities match the file names, assets private, variables equal', async () => {
    const d = deploy();
    const r = await verifyLiveBuild(input(d));
    expect(r).toMatchObject({ ok: true, domain: d.domain, environmentSid: d.environmentSid, problems: [], counts: { functions: 3, assets: 1, variables: 3 } });
  });

  test('a public function fails and names the file to rename', async () => {
    const d = deploy();
    tamper.functionVisibility('/sms/inbound', 'public')(d, fake);
    expect(await problems(d)).toEqual([expect.stringMatching(/^function \/sms\/inbound is PUBLIC .*functions\/sms\/inbound\.protected\.ts/)]);
  });

  test('a protected function that should be private, and a function the checked build lacks, fail', async () => {
    const d = deploy({ functions: [...EXPECTED.functions.slice(1), { path: '/helpers/ledger', access: 'protected' }, { path: '/extra', access: 'protected' }] });
    expect(await problems(d)).toEqual([
      expect.stringMatching(/^function \/helpers\/ledger is protected in the live build, but its file name says private/),
      expect.stringMatching(/^function \/extra is in the live build but not in the checked build/),
    ]);
  });

  test('a function missing from the live build fails', async () => {
    const d = deploy({ functions: EXPECTED.functions.slice(0, 2) });
    expect(await problems(d)).toEqual([expect.stringMatching(/^function \/voice\/inbound from the checked build is missing/)]);
  });

  test.each(['protected', 'public'])('a %s asset fails', async (visibility) => {
    const d = deploy();
    tamper.assetVisibility('/clinic.json', visibility)(d, fake);
    expect(await problems(d)).toEqual([expect.stringMatching(new RegExp(`^asset /clinic\\.json is ${visibility}: every asset must be private; name it \\*\\.private\\.\\*`))]);
  });

  test('variables: missing, different (value never shown) and extra each fail', async () => {
    const d = deploy();
    tamper.variable('CLINIC_NAME', null)(d, fake);
    tamper.variable('OPTOUT_HMAC_SECRET', `${CANARY_PHONE} changed`)(d, fake);
    tamper.variable('DEBUG', CANARY_BODY)(d, fake);
    expect(await problems(d)).toEqual([
      expect.stringMatching(/^variable CLINIC_NAME from \.env\.deploy is not set in environment dev/),
      expect.stringMatching(/^variable OPTOUT_HMAC_SECRET in environment dev differs from \.env\.deploy \(values not shown\)/),
      expect.stringMatching(/^variable DEBUG is set in environment dev but not in \.env\.deploy/),
    ]);
  });

  test('the environment runs another build: fail without reading further', async () => {
    const old = deploy();
    const live = deploy();
    expect(await problems(old, { buildSid: old.buildSid })).toEqual([expect.stringContaining(`runs build ${live.buildSid}, not the build just deployed (${old.buildSid})`)]);
  });

  test('production, ZE SIDs and an unknown environment', async () => {
    const prod = fake.serverless.seedDeployment({ uniqueName: 'hipaa-safe-messaging', environment: '', functions: EXPECTED.functions.map((f) => ({ path: f.path, visibility: f.access })), assets: [{ path: '/clinic.json', visibility: 'private' }], variables: VARS });
    expect((await verifyLiveBuild(input(prod, { environment: '' }))).ok).toBe(true);
    expect((await verifyLiveBuild(input(prod, { environment: prod.environmentSid }))).ok).toBe(true);
    expect(await problems(prod, { environment: 'stage' })).toEqual([expect.stringMatching(/^no environment "stage"/)]);
  });

  test('an API failure is a problem (unverified counts as failed)', async () => {
    const d = deploy();
    fake.faults.failNext(1, 500, 20500);
    expect(await problems(d)).toEqual([expect.stringMatching(/^could not read the environments .*HTTP 500.*treat the deploy as failed/)]);
  });

  test('expected variables are the file minus the credentials twilio-run does not upload', () => {
    expect(expectedVariables({ ACCOUNT_SID: 'AC1', AUTH_TOKEN: 't', CLINIC_NAME: 'x' })).toEqual({ CLINIC_NAME: 'x' });
  });
});

describe('smoke test: unsigned POST to each protected webhook', () => {
  let server: Server;
  let statusFor: (path: string) => number;
  let seen: { method?: string; path?: string; signature?: string; body: string }[];
  let port: number;
  beforeEach(async () => {
    seen = [];
    statusFor = () => 401;
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, path: req.url, signature: req.headers['x-twilio-signature'] as string | undefined, body });
        res.writeHead(statusFor(req.url ?? '')).end('Forbidden');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(async () => {
    await new Promise((r) => server.close(r));
  });
  // Stands in for https://{domain}: same path, sent to the local server.
  const post = async (url: string): Promise<number> => {
    const u = new URL(url);
    const res = await fetch(`http://127.0.0.1:${port}${u.pathname}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '', redirect: 'manual' });
    return res.status;
  };

  test('401 and 403 pass; only protected functions are probed, unsigned and empty', async () => {
    statusFor = (p) => (p === '/voice/inbound' ? 403 : 401);
    const r = await smokeTest('clinic-1234-dev.twil.io', EXPECTED.functions, post);
    expect(r.ok).toBe(true);
    expect(seen).toEqual([
      { method: 'POST', path: '/sms/inbound', signature: undefined, body: '' },
      { method: 'POST', path: '/voice/inbound', signature: undefined, body: '' },
    ]);
    expect(r.lines).toEqual([
      '  401  POST https://clinic-1234-dev.twil.io/sms/inbound  (unsigned: refused, as it must be)',
      '  403  POST https://clinic-1234-dev.twil.io/voice/inbound  (unsigned: refused, as it must be)',
    ]);
  });

  test('200 fails (not protected); a 500 or no answer fails too', async () => {
    statusFor = (p) => (p === '/sms/inbound' ? 200 : 500);
    const r = await smokeTest('clinic-1234-dev.twil.io', EXPECTED.functions, post);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.stringContaining('/sms/inbound answered an unsigned POST with 200: it is not protected'), expect.stringContaining('/voice/inbound answered an unsigned POST with HTTP 500, expected 401 or 403')]);
    const down = await smokeTest('clinic-1234-dev.twil.io', EXPECTED.functions, async () => Promise.reject(new Error('refused')));
    expect(down.problems[0]).toContain('with no answer');
  });

  test('the real probe refuses anything but https *.twil.io (no request is sent)', async () => {
    await expect(unsignedPost(`http://127.0.0.1:${port}/sms/inbound`)).rejects.toThrow(/non-Functions URL/);
    await expect(unsignedPost('https://example.com/sms/inbound')).rejects.toThrow(/non-Functions URL/);
    expect(seen).toEqual([]);
  });
});
