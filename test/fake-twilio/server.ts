/**
 * `startFakeTwilio()`: an in-process fake of Twilio's REST API on 127.0.0.1 (random port),
 * validated against Twilio's own OpenAPI specs. Always registered: Sync v1 (services, maps,
 * lists), v2010 Messages, Verify v2 (services, verifications), Serverless v1 (services,
 * environments, builds, variables), Studio v2 (flows, executions, steps), v2010 Accounts, Calls,
 * Recordings and Incoming Phone Numbers, Messaging Services and Monitor alerts; other products add
 * route modules to `fake.router` or collections via `fake.addCollections`.
 */
import { accountRoutes } from './accounts';
import { callRoutes } from './calls';
import { FakeClock } from './clock';
import { collectionRoutes, ResourceStore, type CollectionDef } from './collections';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { Faults } from './faults';
import { SyncLimits } from './sync-limits';
import { registerFake, unregisterFake, violationError } from './live-fakes';
import { makeSid } from './ids';
import { sendJson } from './http-io';
import { messagesRoutes } from './messages-routes';
import { messagingServiceRoutes } from './messaging-services';
import { monitorRoutes } from './monitor';
import { MessagesStore } from './messages-store';
import { runPipeline, type Credentials, type PipelineDeps, type ResponseMutator } from './pipeline';
import { deriveRng } from './prng';
import { messagesHelpers, verifyHelpers } from './product-helpers';
import { Router } from './router';
import { serverlessHelpers, serverlessRoutes, type ServerlessHelpers } from './serverless';
import { studioHelpers, studioRoutes, type StudioCall, type StudioDeps, type StudioHelpers } from './studio';
import { syncHelpers } from './sync-helpers';
import { syncListRoutes } from './sync-list-routes';
import { SyncListStore } from './sync-list-store';
import { syncRoutes } from './sync-routes';
import { SyncStore } from './sync-store';
import type { FakeStats, MessagesHelpers, SyncHelpers, VerifyHelpers } from './types';
import { verifyRoutes } from './verify-routes';
import { VerifyStore } from './verify-store';

export interface StartFakeTwilioOptions {
  accountSid?: string;
  authToken?: string;
  /** Seed for SIDs and every fault-injection PRNG stream (default 1). */
  seed?: number;
  /** Optional API keys accepted as Basic auth (`SK...` sid + secret). */
  apiKeys?: ReadonlyArray<{ sid: string; secret: string }>;
}

export interface FakeTwilioTestHooks {
  /**
   * Corrupts the body of the next successful JSON response. The default mutator sets
   * `date_created` to a non-date string (a schema violation for every Sync resource).
   */
  corruptNextResponse(mutate?: ResponseMutator): void;
}

export interface FakeTwilio {
  /** e.g. `http://127.0.0.1:54321` */
  readonly origin: string;
  readonly accountSid: string;
  readonly authToken: string;
  readonly faults: Faults;
  /** Sync's documented per-object read/write limits, enforced with 429 / 54009 once `enable()`d (sync-limits.ts). */
  readonly syncLimits: SyncLimits;
  /**
   * Violations of Twilio's OpenAPI specs: requests with unknown / malformed / missing parameters and
   * responses that fail the strict schema check. Any left when a test ends fails it (shared
   * `afterEach` in `test/helpers/fake-violations.ts`) and `close()` rejects; a test that provokes
   * them on purpose takes them with `takeViolations()`.
   */
  readonly violations: string[];
  /** Removes and returns the recorded violations (for tests that provoke them on purpose). */
  takeViolations(): string[];
  readonly stats: FakeStats;
  readonly sync: SyncHelpers;
  /** v2010 Messages: recorded create requests, created messages, STOP-style blocks, redaction setting. */
  readonly messages: MessagesHelpers;
  /** Verify v2: services, codes, sends, landline / invalid numbers. */
  readonly verify: VerifyHelpers;
  /** Serverless v1: seed a deployed service (`seedDeployment`); records live in `fake.resources` (`sls_*`). */
  readonly serverless: ServerlessHelpers;
  /** Studio v2: seed flows, read flows and the validate/create/update calls the fake received. */
  readonly studio: StudioHelpers;
  /** The one clock behind Sync TTLs, message scheduling and Verify windows (real time unless moved). */
  readonly clock: FakeClock;
  /** Route registry; product modules (Messaging, Serverless, ...) can add routes here. */
  readonly router: Router;
  readonly testHooks: FakeTwilioTestHooks;
  /** Seeded records served by collection routes (see collections.ts). */
  readonly resources: ResourceStore;
  /** Registers list/fetch/update routes for a collection of seeded records. */
  addCollections(defs: readonly CollectionDef[]): void;
  /** Accept another account's credentials (a subaccount with its own SID and token). */
  addAccountCredentials(sid: string, token: string): void;
  /** Stops the server; rejects (after stopping) if violations are left that no test took. */
  close(): Promise<void>;
}

const defaultCorruption: ResponseMutator = (body) =>
  typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body, date_created: 'not-a-date' } : 'corrupted';

export async function startFakeTwilio(opts: StartFakeTwilioOptions = {}): Promise<FakeTwilio> {
  const seed = opts.seed ?? 1;
  const idRng = deriveRng(seed, 'ids');
  const credentials: Credentials = {
    accountSid: opts.accountSid ?? makeSid('AC', deriveRng(seed, 'account')),
    authToken: opts.authToken ?? makeSid('', deriveRng(seed, 'token')),
    apiKeys: opts.apiKeys ?? [],
    subaccounts: new Map(),
  };
  const stats: FakeStats = { requests: 0, conflicts409: 0, created: 0, updated: 0, injected429: 0, injected5xx: 0 };
  const violations: string[] = [];
  const faults = new Faults(seed, stats);
  const clock = new FakeClock();
  const now = (): Date => clock.now();
  const store = new SyncStore(idRng, now);
  const lists = new SyncListStore(store, idRng, now);
  const resources = new ResourceStore();
  const messages = new MessagesStore(idRng, now);
  const verify = new VerifyStore(idRng, deriveRng(seed, 'verify-codes'), now, resources);
  const accountSid = credentials.accountSid;
  const studioDeps: StudioDeps = { resources, accountSid, rng: deriveRng(seed, 'studio'), now, executionLog: [] };
  const studioLog: StudioCall[] = [];
  const router = new Router()
    .addAll(syncRoutes({ store, accountSid, faults }))
    .addAll(syncListRoutes({ lists, accountSid, faults }))
    .addAll(messagesRoutes(messages, resources))
    .addAll(verifyRoutes(verify, accountSid, resources))
    .addAll(serverlessRoutes(resources))
    .addAll(studioRoutes(studioDeps, studioLog))
    .addAll(accountRoutes(resources))
    .addAll(callRoutes(resources))
    .addAll(messagingServiceRoutes(resources))
    .addAll(monitorRoutes(resources));
  const corruptions: ResponseMutator[] = [];
  const syncLimits = new SyncLimits();
  const deps: PipelineDeps = { router, faults, stats, violations, credentials, corruptions, syncLimits };

  const server = http.createServer((req, res) => {
    runPipeline(req, deps).then(
      (r) => sendJson(res, r.status, r.body, r.headers),
      () =>
        sendJson(res, 500, {
          code: 20500,
          message: 'Internal Server Error',
          more_info: 'https://www.twilio.com/docs/errors/20500',
          status: 500,
        }),
    );
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address: string | AddressInfo | null = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake-twilio: server has no TCP address');
  const { port } = address;

  const fake: FakeTwilio = {
    origin: `http://127.0.0.1:${port}`,
    accountSid: credentials.accountSid,
    authToken: credentials.authToken,
    faults,
    syncLimits,
    violations,
    takeViolations: () => violations.splice(0),
    stats,
    sync: syncHelpers(store, lists),
    messages: messagesHelpers(messages),
    verify: verifyHelpers(verify, accountSid),
    serverless: serverlessHelpers(resources, accountSid, deriveRng(seed, 'serverless'), now),
    studio: studioHelpers(studioDeps, studioLog),
    clock,
    router,
    testHooks: {
      corruptNextResponse(mutate: ResponseMutator = defaultCorruption): void {
        corruptions.push(mutate);
      },
    },
    resources,
    addCollections(defs: readonly CollectionDef[]): void {
      for (const def of defs) router.addAll(collectionRoutes(resources, def));
    },
    addAccountCredentials(sid: string, token: string): void {
      credentials.subaccounts.set(sid, token);
    },
    close(): Promise<void> {
      unregisterFake(fake);
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err === undefined ? resolve() : reject(err)));
        server.closeAllConnections();
      }).then(() => {
        const left = violations.splice(0);
        if (left.length > 0) throw violationError(left);
      });
    },
  };
  registerFake(fake);
  return fake;
}
