/**
 * The world the Sync-backed E2E tests run in: a temp dir, the fake Twilio API with one Sync service,
 * optionally a local clinic events endpoint, and a real `twilio-run` serving dist/ whose Twilio REST
 * calls are redirected to the fake (test-only `--require` preload). `stop()` tears it all down and
 * fails if the server printed canary PHI; `checkAfterEach` is the per-test fake Twilio check.
 *
 *   let world: SyncWorld;
 *   beforeAll(async () => { world = await startSyncWorld({ prefix: 'e2e-x-' }); }, 90_000);
 *   afterAll(() => world?.stop());
 *   afterEach(() => checkAfterEach(world));
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLedger, type LedgerSettings } from '../../src/ledger/factory';
import { setUpLedger } from '../../src/ledger/setup';
import type { OptOutLedger } from '../../src/ledger/ledger';
import { fakeTwilioClient, startFakeTwilio, writeRedirectPreload, type FakeTwilio } from '../fake-twilio';
import { assertNoCanary } from './canary';
import { syncEnv, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from './env';
import { startEventsEndpoint, type EventsEndpoint } from './events-endpoint';
import { postForm, type PostResult } from './signed-post';
import { startTwilioRun, writeEnvFile, type RunningServer } from './twilio-run-server';

export interface SyncWorldOptions {
  /** mkdtemp prefix for the world's dir (env file, preload), e.g. `e2e-voice-`. */
  prefix: string;
  /**
   * Env vars on top of `syncEnv(serviceSid)`. A function gets the fake before the server starts,
   * for SIDs the env must name (e.g. `fake.verify.createService(...)`).
   */
  env?: Record<string, string> | ((fake: FakeTwilio) => Record<string, string>);
  /** Starts the clinic events endpoint with this secret and sets CLINIC_EVENTS_URL / CLINIC_EVENTS_SECRET. */
  eventsSecret?: string;
}

export interface SyncWorld<E extends EventsEndpoint | null = EventsEndpoint | null> {
  dir: string;
  fake: FakeTwilio;
  server: RunningServer;
  /** The clinic events endpoint when `eventsSecret` was given, else null. */
  endpoint: E;
  serviceSid: string;
  /** The env the server runs with. */
  env: Readonly<Record<string, string>>;
  /** The opt-out ledger the server uses, read and written directly in the fake's Sync (identity set up as `optout init` would). */
  ledger: OptOutLedger;
  /** That ledger's settings (the defaults the Functions use with this env). */
  ledgerSettings: LedgerSettings;
  /** `${server.origin}${path}` */
  url(path: string): string;
  /** POSTs form params to the server, signed with the test auth token unless `opts` say otherwise. */
  post(path: string, params: Record<string, string>, opts?: Parameters<typeof postForm>[2]): Promise<PostResult>;
  /** Stops the server, closes the endpoint and the fake, removes the dir; then fails on canary PHI in the server output. */
  stop(): Promise<void>;
}

export function startSyncWorld(opts: SyncWorldOptions & { eventsSecret: string }): Promise<SyncWorld<EventsEndpoint>>;
export function startSyncWorld(opts: SyncWorldOptions & { eventsSecret?: undefined }): Promise<SyncWorld<null>>;
export async function startSyncWorld(opts: SyncWorldOptions): Promise<SyncWorld> {
  const dir = mkdtempSync(join(tmpdir(), opts.prefix));
  let fake: FakeTwilio | undefined;
  let endpoint: EventsEndpoint | null = null;
  let server: RunningServer | undefined;
  const teardown = async (): Promise<void> => {
    await server?.stop();
    await endpoint?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    fake = await startFakeTwilio({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN });
    const serviceSid = fake.sync.createService('state');
    const events: Record<string, string> = {};
    if (opts.eventsSecret !== undefined) {
      endpoint = await startEventsEndpoint(opts.eventsSecret);
      Object.assign(events, { CLINIC_EVENTS_URL: endpoint.url, CLINIC_EVENTS_SECRET: opts.eventsSecret });
    }
    const extra = typeof opts.env === 'function' ? opts.env(fake) : opts.env;
    const env = syncEnv(serviceSid, { ...events, ...extra });
    const secret = env.OPTOUT_HMAC_SECRET as string;
    // The ledger is set up (its identity written) as `optout init` would before any Function runs.
    const ledgerSettings: LedgerSettings = { backend: 'sync', serviceSid, mapPrefix: 'optout-ledger', shards: 4 };
    const client = fakeTwilioClient(fake);
    const init = await setUpLedger(ledgerSettings, secret, () => client, Date.now());
    if (init.kind === 'conflict') throw new Error(`ledger identity conflict: ${init.problem}`);
    server = await startTwilioRun({ envFile: writeEnvFile(join(dir, '.env.test'), env), preload: writeRedirectPreload(dir, fake.origin) });
    const running = server;
    return {
      dir,
      fake,
      server,
      endpoint,
      serviceSid,
      env,
      ledger: openLedger(ledgerSettings, secret, () => client, { budgetMs: 2000 }),
      ledgerSettings,
      url: (path) => `${running.origin}${path}`,
      post: (path, params, postOpts = { authToken: TEST_AUTH_TOKEN }) => postForm(`${running.origin}${path}`, params, postOpts),
      stop: async () => {
        await teardown();
        assertNoCanary(running.output(), 'twilio-run output');
      },
    };
  } catch (err) {
    await teardown();
    throw err;
  }
}

/** For afterEach: every fake Twilio response matched Twilio's OpenAPI specs; faults are off for the next test. */
export function checkAfterEach(world: SyncWorld | undefined): void {
  if (!world) return;
  expect(world.fake.violations).toEqual([]);
  world.fake.faults.reset();
}
