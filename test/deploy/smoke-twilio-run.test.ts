/**
 * The smoke test against the real Functions: a real twilio-run 5.0.1 serving the built dist/ on
 * loopback (test/helpers/twilio-run-server.ts), the smoke test's requests sent to it.
 *
 * Mapping the URL: the smoke test signs for the URL Twilio calls, https://{DOMAIN}{path}; the local
 * server answers on http://localhost:{PORT}. The server's env sets WEBHOOK_BASE_URL=https://{DOMAIN},
 * so each Function checks signatures against https://{DOMAIN}{PATH}, exactly the URL a deployed
 * Function computes from its DOMAIN_NAME; the test's post sends the same headers and body to
 * http://localhost:{PORT}{path}. twilio-run has no edge (it never checks signatures), so only the
 * Functions' own check answers here; deployed, Twilio's edge checks the same token and URL first.
 *
 * The server's Twilio client is redirected to the fake Twilio API, whose request counter proves the
 * signed probe to /voice/inbound is free of side effects: no Sync read or write, no REST call.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listingOf, type Listing } from '../../src/tooling/deploy/gated-build';
import { smokeTest, type SmokePost } from '../../src/tooling/deploy/smoke';
import { startFakeTwilio, writeRedirectPreload, type FakeTwilio } from '../fake-twilio';
import { findCanary } from '../helpers/canary';
import { postForm } from '../helpers/signed-post';
import { syncEnv, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from '../helpers/env';
import { ROOT, startTwilioRun, writeEnvFile, type RunningServer } from '../helpers/twilio-run-server';

const DOMAIN = 'hipaa-safe-messaging-1234-dev.twil.io';
const CREDS = { accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN };

let dir: string;
let fake: FakeTwilio;
let listing: Listing;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'smoke-twilio-run-'));
  fake = await startFakeTwilio({ seed: 31, accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN });
  listing = await listingOf(ROOT, 'dist/functions', 'dist/assets');
});
afterAll(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

async function withServer(env: Record<string, string>, run: (server: RunningServer) => Promise<void>): Promise<void> {
  const server = await startTwilioRun({
    envFile: writeEnvFile(join(dir, '.env.smoke'), env),
    preload: writeRedirectPreload(dir, fake.origin),
  });
  try {
    await run(server);
  } finally {
    await server.stop();
    expect(findCanary(server.output())).toBeUndefined();
    expect(server.output().includes(TEST_AUTH_TOKEN)).toBe(false);
  }
}

/** Sends the smoke test's request for https://{DOMAIN}{path} to the local server, unchanged. */
function toLocal(server: RunningServer, seen: string[]): SmokePost {
  return async (url, form) => {
    const u = new URL(url);
    if (u.origin !== `https://${DOMAIN}`) throw new Error('the smoke test called another origin');
    seen.push(`${form ? 'signed' : 'unsigned'} ${u.pathname}`);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      ...(form ? { 'x-twilio-signature': form.signature } : {}),
    };
    const res = await fetch(`${server.origin}${u.pathname}`, {
      method: 'POST',
      headers,
      body: form ? new URLSearchParams(form.params).toString() : '',
      redirect: 'manual',
    });
    await res.body?.cancel();
    return res.status;
  };
}

const SERVICE = `IS${'5'.repeat(32)}`;

test('the built Functions: every protected webhook refuses an unsigned POST; /voice/inbound accepts the deploy signature (no REST call, no Sync access) and refuses a wrong token', async () => {
  expect(listing.functions).toEqual(
    expect.arrayContaining([
      { path: '/voice/inbound', access: 'protected' },
      { path: '/sms/inbound', access: 'protected' },
    ]),
  );
  await withServer(syncEnv(SERVICE, { WEBHOOK_BASE_URL: `https://${DOMAIN}` }), async (server) => {
    const seen: string[] = [];
    const before = fake.stats.requests;
    const r = await smokeTest(DOMAIN, listing.functions, toLocal(server, seen), CREDS);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.lines.slice(-2)).toEqual([
      `  200  POST https://${DOMAIN}/voice/inbound  (signed with the deploy credentials: accepted)`,
      `  403  POST https://${DOMAIN}/voice/inbound  (signed with a wrong token: refused, as it must be)`,
    ]);
    const protectedCount = listing.functions.filter((f) => f.access === 'protected').length;
    expect(seen).toHaveLength(protectedCount + 2);
    expect(seen.slice(-2)).toEqual(['signed /voice/inbound', 'signed /voice/inbound']);
    // Nothing reached Twilio: no Sync read or write, no message, no call.
    expect(fake.stats.requests).toBe(before);
    // Control: the counter does see a webhook that reads state (an ordinary SMS reads the opt-out ledger).
    const sms = {
      AccountSid: TEST_ACCOUNT_SID,
      MessageSid: `SM${'0'.repeat(32)}`,
      From: '+15555550123',
      To: '+15555550100',
      Body: 'hello',
    };
    await postForm(`${server.origin}/sms/inbound`, sms, { authToken: TEST_AUTH_TOKEN, signedUrl: `https://${DOMAIN}/sms/inbound` });
    expect(fake.stats.requests).toBeGreaterThan(before);
  });
}, 120_000);

test('a WEBHOOK_BASE_URL left pointing at a tunnel: unsigned requests are still refused (the old smoke test passed), but the genuine signed request is refused too, and the smoke test fails', async () => {
  await withServer(syncEnv(SERVICE, { WEBHOOK_BASE_URL: 'https://abc.ngrok.app' }), async (server) => {
    const r = await smokeTest(DOMAIN, listing.functions, toLocal(server, []), CREDS);
    expect(r.lines.filter((l) => l.includes('(unsigned: refused, as it must be)'))).toHaveLength(
      listing.functions.filter((f) => f.access === 'protected').length,
    );
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      expect.stringContaining(`https://${DOMAIN}/voice/inbound refused a request signed with the deploy credentials (403)`),
    ]);
  });
}, 120_000);
