/**
 * Post-deploy verification against the fake Serverless API (verifyLiveBuild), and the smoke test
 * against a local HTTP server on 127.0.0.1 standing in for the Functions domain. Canary PHI sits
 * in the live variable values and in the expected ones; no problem text may carry it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { variablesDigest, type Listing } from '../../src/tooling/deploy/gated-build';
import twilio from 'twilio';
import {
  PROBE_CALL_SID,
  probeParams,
  signForm,
  smokeTest,
  unsignedPost,
  webhookPost,
  type SignedForm,
} from '../../src/tooling/deploy/smoke';
import { expectedVariables, verifyLiveBuild, type VerifyInput } from '../../src/tooling/deploy/verify';
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
  return {
    client: fakeTwilioClient(fake),
    serviceSid: d.serviceSid,
    buildSid: d.buildSid,
    environment: 'dev',
    expected: EXPECTED,
    variables: VARS,
    envFile: '.env.deploy',
    ...over,
  };
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
    expect(r).toMatchObject({
      ok: true,
      domain: d.domain,
      environmentSid: d.environmentSid,
      problems: [],
      counts: { functions: 3, assets: 1, variables: 3, digest: false },
    });
  });

  test('a public function fails and names the file to rename', async () => {
    const d = deploy();
    tamper.functionVisibility('/sms/inbound', 'public')(d, fake);
    expect(await problems(d)).toEqual([
      expect.stringMatching(/^function \/sms\/inbound is PUBLIC .*functions\/sms\/inbound\.protected\.ts/),
    ]);
  });

  test('a protected function that should be private, and a function the checked build lacks, fail', async () => {
    const d = deploy({
      functions: [
        ...EXPECTED.functions.slice(1),
        { path: '/helpers/ledger', access: 'protected' },
        { path: '/extra', access: 'protected' },
      ],
    });
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
    expect(await problems(d)).toEqual([
      expect.stringMatching(new RegExp(`^asset /clinic\\.json is ${visibility}: every asset must be private; name it \\*\\.private\\.\\*`)),
    ]);
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
    expect(await problems(old, { buildSid: old.buildSid })).toEqual([
      expect.stringContaining(`runs build ${live.buildSid}, not the build just deployed (${old.buildSid})`),
    ]);
  });

  test('production, ZE SIDs and an unknown environment', async () => {
    const prod = fake.serverless.seedDeployment({
      uniqueName: 'hipaa-safe-messaging',
      environment: '',
      functions: EXPECTED.functions.map((f) => ({ path: f.path, visibility: f.access })),
      assets: [{ path: '/clinic.json', visibility: 'private' }],
      variables: VARS,
    });
    expect((await verifyLiveBuild(input(prod, { environment: '' }))).ok).toBe(true);
    expect((await verifyLiveBuild(input(prod, { environment: prod.environmentSid }))).ok).toBe(true);
    expect(await problems(prod, { environment: 'stage' })).toEqual([expect.stringMatching(/^no environment "stage"/)]);
  });

  test('an API failure is a problem (unverified counts as failed)', async () => {
    const d = deploy();
    fake.faults.failNext(1, 500, 20500);
    expect(await problems(d)).toEqual([expect.stringMatching(/^could not read the environments .*HTTP 500.*treat the deploy as failed/)]);
  });

  test('WEBHOOK_BASE_URL live: exactly https://{the environment domain} passes; a tunnel, another twil.io host, http or a trailing slash fails (value never shown)', async () => {
    const probe = deploy();
    const ok = { ...VARS, WEBHOOK_BASE_URL: `https://${probe.domain}` };
    const good = deploy(undefined, ok);
    expect(await problems(good, { variables: ok })).toEqual([]);
    for (const value of [
      'https://abc.ngrok.app',
      'https://hipaa-safe-messaging-0000-dev.twil.io',
      `http://${probe.domain}`,
      `https://${probe.domain}/`,
    ]) {
      const vars = { ...VARS, WEBHOOK_BASE_URL: value };
      const d = deploy(undefined, vars);
      const found = await problems(d, { variables: vars });
      expect({ value, found }).toEqual({
        value,
        found: [
          expect.stringMatching(
            new RegExp(
              `^variable WEBHOOK_BASE_URL in environment dev is not https://${d.domain.replace(/\./g, '\\.')} \\(value not shown\\): every Function checks signatures against it, so Twilio's genuine webhooks get 403`,
            ),
          ),
        ],
      });
      if (!value.includes(d.domain)) expect(found.join('\n')).not.toContain(value);
    }
  });

  test("the live variables are checked against the gated manifest's digest of the uploaded map", async () => {
    const d = deploy();
    expect(await problems(d, { variablesSha256: variablesDigest(VARS) })).toEqual([]);
    expect(await problems(d, { variablesSha256: variablesDigest({ ...VARS, DEBUG: '*' }) })).toEqual([
      "the variables of environment dev do not match the digest in the gated build's manifest (the map the checks saw and twilio-run uploaded): redeploy with npm run deploy",
    ]);
  });

  test('expected variables are the file minus the credentials twilio-run does not upload', () => {
    expect(expectedVariables({ ACCOUNT_SID: 'AC1', AUTH_TOKEN: 't', CLINIC_NAME: 'x' })).toEqual({ CLINIC_NAME: 'x' });
  });
});

describe('smoke test: unsigned refused, signed with the deploy credentials accepted, wrong token refused', () => {
  const DOMAIN = 'clinic-1234-dev.twil.io';
  const CREDS = { accountSid: `AC${'a'.repeat(32)}`, authToken: 'f'.repeat(32) };
  let server: Server;
  /** Stands in for Twilio's edge + the Function: the token it checks signatures with (null: none). */
  let liveToken: string | null;
  let statusFor: ((path: string) => number) | null;
  let seen: { method?: string; path?: string; signature?: string; body: string }[];
  let port: number;
  beforeEach(async () => {
    seen = [];
    liveToken = CREDS.authToken;
    statusFor = null;
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const signature = req.headers['x-twilio-signature'] as string | undefined;
        seen.push({ method: req.method, path: req.url, signature, body });
        const params = Object.fromEntries(new URLSearchParams(body));
        const valid =
          signature !== undefined &&
          liveToken !== null &&
          twilio.validateRequest(liveToken, signature, `https://${DOMAIN}${req.url ?? ''}`, params);
        res.writeHead(statusFor ? statusFor(req.url ?? '') : valid ? 200 : signature === undefined ? 401 : 403).end('body never read');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(async () => {
    await new Promise((r) => server.close(r));
  });
  // Stands in for https://{domain}: same path, headers and body, sent to the local server.
  const post = async (url: string, form?: SignedForm): Promise<number> => {
    const u = new URL(url);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      ...(form ? { 'x-twilio-signature': form.signature } : {}),
    };
    const res = await fetch(`http://127.0.0.1:${port}${u.pathname}`, {
      method: 'POST',
      headers,
      body: form ? new URLSearchParams(form.params).toString() : '',
      redirect: 'manual',
    });
    return res.status;
  };

  test('all good: every protected webhook refuses an unsigned POST; /voice/inbound accepts the deploy signature and refuses a wrong one', async () => {
    const r = await smokeTest(DOMAIN, EXPECTED.functions, post, CREDS);
    expect(r).toMatchObject({ ok: true, problems: [] });
    expect(r.lines).toEqual([
      `  401  POST https://${DOMAIN}/sms/inbound  (unsigned: refused, as it must be)`,
      `  401  POST https://${DOMAIN}/voice/inbound  (unsigned: refused, as it must be)`,
      `  200  POST https://${DOMAIN}/voice/inbound  (signed with the deploy credentials: accepted)`,
      `  403  POST https://${DOMAIN}/voice/inbound  (signed with a wrong token: refused, as it must be)`,
    ]);
    expect(seen.map((x) => [x.path, x.signature === undefined, x.body === ''])).toEqual([
      ['/sms/inbound', true, true],
      ['/voice/inbound', true, true],
      ['/voice/inbound', false, false],
      ['/voice/inbound', false, false],
    ]);
    // The probe: an unverified caller (no StirVerstat), the all-zero CallSid, no phone number.
    const body = Object.fromEntries(new URLSearchParams(seen[2]!.body));
    expect(body).toEqual(probeParams(CREDS.accountSid));
    expect(body).toEqual({
      AccountSid: CREDS.accountSid,
      CallSid: PROBE_CALL_SID,
      CallStatus: 'ringing',
      Direction: 'inbound',
      From: 'client:deploy-smoke-test',
      To: 'client:deploy-smoke-test',
    });
    expect(seen[3]!.signature).not.toBe(seen[2]!.signature);
    expect(JSON.stringify(r)).not.toContain(CREDS.authToken);
  });

  test('a live token that is not the deploy token (or a WEBHOOK_BASE_URL the Function signs against instead): the signed request is refused, and that fails', async () => {
    liveToken = 'e'.repeat(32);
    const r = await smokeTest(DOMAIN, EXPECTED.functions, post, CREDS);
    expect(r.ok).toBe(false);
    expect(r.lines[2]).toBe(`  403  POST https://${DOMAIN}/voice/inbound  (signed with the deploy credentials)  FAIL`);
    expect(r.problems).toEqual([
      expect.stringMatching(
        /refused a request signed with the deploy credentials \(403\): Twilio's genuine webhooks would be refused too\. Check that AUTH_TOKEN .* WEBHOOK_BASE_URL is empty/,
      ),
    ]);
  });

  test('a webhook that accepts any signature fails; so does a 500 or no answer to the signed request', async () => {
    statusFor = (p) => (p === '/voice/inbound' ? 200 : 401);
    const open = await smokeTest(
      DOMAIN,
      [{ path: '/voice/inbound', access: 'protected' }],
      async (url, form) => (form ? post(url, form) : 401),
      CREDS,
    );
    expect(open.problems).toEqual([
      expect.stringContaining(
        'answered a request signed with a wrong token with HTTP 200, expected 401 or 403: the signature is not checked',
      ),
    ]);
    statusFor = () => 500;
    const broken = await smokeTest(
      DOMAIN,
      [{ path: '/voice/inbound', access: 'protected' }],
      async (url, form) => (form ? post(url, form) : 401),
      CREDS,
    );
    expect(broken.problems).toEqual([
      expect.stringContaining('answered a correctly signed request with HTTP 500, expected 200'),
      expect.stringContaining('with a wrong token with HTTP 500'),
    ]);
    const down = await smokeTest(
      DOMAIN,
      [{ path: '/voice/inbound', access: 'protected' }],
      async (_url, form) => (form ? Promise.reject(new Error('refused')) : 401),
      CREDS,
    );
    expect(down.problems[0]).toContain('answered a correctly signed request with no answer');
  });

  test('a build without a protected /voice/inbound cannot prove acceptance: fails', async () => {
    const r = await smokeTest(DOMAIN, [{ path: '/sms/inbound', access: 'protected' }], post, CREDS);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      'the build has no protected /voice/inbound: the signed request that proves genuine webhooks are accepted could not be sent',
    ]);
  });

  test('an unsigned 200 fails (not protected); a 500 or no answer fails too', async () => {
    statusFor = (p) => (p === '/sms/inbound' ? 200 : 500);
    const r = await smokeTest(DOMAIN, EXPECTED.functions, post, CREDS);
    expect(r.ok).toBe(false);
    expect(r.problems.slice(0, 2)).toEqual([
      expect.stringContaining('/sms/inbound answered an unsigned POST with 200: it is not protected'),
      expect.stringContaining('/voice/inbound answered an unsigned POST with HTTP 500, expected 401 or 403'),
    ]);
    const down = await smokeTest(DOMAIN, EXPECTED.functions, async () => Promise.reject(new Error('refused')), CREDS);
    expect(down.problems[0]).toContain('with no answer');
  });

  test('the real probe refuses anything but https *.twil.io without port, query or user info (no request is sent)', async () => {
    const form = signForm(CREDS.authToken, `https://${DOMAIN}/voice/inbound`, probeParams(CREDS.accountSid));
    await expect(unsignedPost(`http://127.0.0.1:${port}/sms/inbound`)).rejects.toThrow(/non-Functions URL/);
    await expect(unsignedPost('https://example.com/sms/inbound')).rejects.toThrow(/non-Functions URL/);
    for (const url of [
      `http://127.0.0.1:${port}/voice/inbound`,
      'https://abc.ngrok.app/voice/inbound',
      `https://${DOMAIN}:8443/voice/inbound`,
      `https://${DOMAIN}/voice/inbound?x=1`,
      `https://u:p@${DOMAIN}/voice/inbound`,
    ]) {
      await expect(webhookPost(url, form)).rejects.toThrow(/non-Functions URL/);
    }
    expect(seen).toEqual([]);
  });
});
