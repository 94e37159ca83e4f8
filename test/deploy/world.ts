/**
 * The deploy gate's test world: the preflight's compliant fake account (test/preflight/harness.ts)
 * plus a project root with the committed .twilioserverlessrc and hook folder, a deploy env file
 * whose values carry canary PHI, a Messaging Service pool holding the canary number, and an
 * in-process runner for runDeployCli with every step injectable. The upload is replaced by
 * fakeTwilioRun (fake-twilio-run.ts): twilio-run's own argv parsing and deploy config (its dotenv
 * 6.2.0 included) decide what is deployed, and it leaves the fake as a real deploy would. The smoke
 * test's POSTs go to fakeEdgePost, which answers as Twilio's edge in front of a protected Function.
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import twilio from 'twilio';
import { runDeployCli, type DeployDeps } from '../../src/tooling/deploy/run';
import type { SmokePost } from '../../src/tooling/deploy/smoke';
import { BLOCKER_DIR, RC_FILE } from '../../src/tooling/deploy/hook';
import { PROJECT_RULES } from '../../src/tooling/preflight/rules/project';
import { ACCOUNT_RULES } from '../../src/tooling/preflight/rules/account';
import { MESSAGING_RULES } from '../../src/tooling/preflight/rules/messaging';
import type { Rule } from '../../src/tooling/preflight/types';
import { CANARY_BODY, CANARY_NAME, CANARY_PHONE } from '../helpers/canary';
import { INCOMING_NUMBERS, MESSAGING_SERVICE_NUMBERS, RedirectingRequestClient } from '../fake-twilio';
import { incomingNumber, pooledNumber, sid } from '../preflight/fixtures/messaging-records';
import { seedLedgerIdentity, startWorld, type World } from '../preflight/harness';
import { fakeTwilioRun, type FakeRunOptions } from './fake-twilio-run';

const REPO = join(__dirname, '..', '..');

/** The build the injected `build` step writes to dist/ (file names set access, as twilio-run reads them). */
export const BUILT_FUNCTIONS = [
  'sms/inbound.protected.js',
  'voice/inbound.protected.js',
  'reminders/send.protected.js',
  'helpers/ledger.private.js',
];
export const BUILT_ASSETS = ['clinic.private.json'];
/** The Messaging Service the deploy env file names (seeded compliant by the messaging fixture). */
export const MG = sid('MG', 1);
/** A number of that service whose E.164 is the canary phone. */
export const CANARY_PN = sid('PN', 77);

export interface DeployWorld extends World {
  root: string;
  writeEnv(vars: Record<string, string>): void;
  /** The deploy env file's variables (canary PHI in values). */
  env: Record<string, string>;
}

/**
 * Until test/fake-twilio/messaging-services.ts accepts the webhook URL fields (asked for in the
 * deploy gate's report), let this file's copy of its collection defs accept them. Idempotent.
 */
export async function startDeployWorld(): Promise<DeployWorld> {
  const world = await startWorld({ seed: 21 });
  const root = world.projectRoot;
  const ac = world.accountSid;
  const number = world.fake.resources.add(
    INCOMING_NUMBERS,
    incomingNumber(ac, 77, CANARY_PHONE, { friendly_name: CANARY_NAME, voice_url: null }),
  );
  world.fake.resources.add(MESSAGING_SERVICE_NUMBERS, pooledNumber(ac, MG, number));
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: 'hipaa-safe-messaging', version: '0.0.0', dependencies: { '@twilio/runtime-handler': '2.1.0' } }),
  );
  cpSync(join(REPO, RC_FILE), join(root, RC_FILE));
  cpSync(join(REPO, BLOCKER_DIR), join(root, BLOCKER_DIR), { recursive: true });
  writeFileSync(join(root, 'hipaa.config.json'), JSON.stringify(world.config));
  const env: Record<string, string> = {
    ACCOUNT_SID: ac,
    AUTH_TOKEN: world.fake.authToken,
    CLINIC_NAME: CANARY_NAME,
    CLINIC_HELP_PHONE: '+15555550100',
    LEDGER_BACKEND: 'sync',
    OPTOUT_HMAC_SECRET: CANARY_BODY,
    SYNC_SERVICE_SID: await seedLedgerIdentity(world.fake, CANARY_BODY),
    MESSAGING_SERVICE_SID: MG,
  };
  const deployWorld: DeployWorld = {
    ...world,
    root,
    env,
    writeEnv(vars) {
      writeFileSync(
        join(root, '.env.deploy'),
        `${Object.entries(vars)
          .map(([k, v]) => `${k}=${v}`)
          .join('\n')}\n`,
      );
    },
  };
  deployWorld.writeEnv(env);
  return deployWorld;
}

/** Replaces dist/ with the fixed build, as scripts/build.ts replaces it (what the injected build step does). */
export function writeBuild(root: string, extraFunctions: string[] = []): { functions: string[]; assets: string[] } {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  const put = (rel: string, text: string): void => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  const functions = [...BUILT_FUNCTIONS, ...extraFunctions];
  for (const f of functions) put(`dist/functions/${f}`, 'exports.handler = (context, event, callback) => callback(null, "");\n');
  mkdirSync(join(root, 'dist', 'assets'), { recursive: true });
  for (const a of BUILT_ASSETS) put(`dist/assets/${a}`, '{"version":1}\n');
  return { functions: functions.map((f) => `functions/${f}`), assets: BUILT_ASSETS.map((a) => `assets/${a}`) };
}

/**
 * The smoke test's POST against the fake account: Twilio's edge in front of a protected Function
 * refuses what is not signed with the account's auth token for the URL it serves (401); a correctly
 * signed request reaches the Function (200). `liveToken` stands in for the token the deployed
 * Function checks (default: the account's).
 */
export function fakeEdgePost(world: DeployWorld, liveToken?: string): SmokePost {
  return async (url, form) => {
    const token = liveToken ?? world.fake.authToken;
    return form !== undefined &&
      twilio.validateRequest(world.fake.authToken, form.signature, url, form.params) &&
      twilio.validateRequest(token, form.signature, url, form.params)
      ? 200
      : 401;
  };
}

export interface GateRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Every step name printed, in order (`[n/N] name`). */
  steps: string[];
}

export type GateOverrides = Partial<DeployDeps> & { run?: FakeRunOptions; answer?: boolean };

/** Rules for gate runs: project, account and messaging rules (all pass on the compliant world). */
export const GATE_RULES: readonly Rule[] = [...PROJECT_RULES, ...ACCOUNT_RULES, ...MESSAGING_RULES];

/** Runs the gate in-process; by default every step passes and twilio-run is the fake runner. */
export async function runGate(world: DeployWorld, argv: string[], overrides: GateOverrides = {}): Promise<GateRun> {
  const { run, answer, ...o } = overrides;
  let stdout = '';
  let stderr = '';
  const deps: DeployDeps = {
    root: world.root,
    env: {},
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTTY: false,
    confirm: async () => answer ?? false,
    makeClient: (username, password, accountSid) =>
      twilio(username, password, { accountSid, httpClient: new RedirectingRequestClient(world.fake.origin) }),
    probeStatus: world.probeStatus,
    smokePost: fakeEdgePost(world),
    build: async () => writeBuild(world.root),
    typecheck: async () => ({ ok: true, summary: 'no type errors', details: [] }),
    offlineTests: async () => ({ ok: true, summary: '12 test(s) passed in 4 files', details: [] }),
    twilioRun: fakeTwilioRun(world.fake, run ?? {}),
    osUser: () => 'deployer',
    now: () => new Date('2026-11-20T10:00:00.000Z'),
    rules: GATE_RULES,
    api: { maxDelayMs: 5, maxRetries: 1 },
    toolVersion: '0.0.0-test',
    ...o,
  };
  const code = await runDeployCli(argv, deps);
  const steps = [...stdout.matchAll(/^\[\d+\/\d+\] (.+)$/gm)].map((m) => m[1] as string);
  return { code, stdout, stderr, steps };
}
