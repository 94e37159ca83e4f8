/**
 * The flows CLI's test world: the fake Twilio API, a temporary project root (flows/ templates,
 * assets/clinic.private.json, functions/ files, .twiliodeployinfo) and an in-process runner that
 * captures stdout/stderr. Templates are small synthetic ones (test/flows/templates.ts), so these
 * tests do not depend on the shipped templates' contents.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import twilio from 'twilio';
import { runFlowsCli, type FlowsDeps } from '../../src/tooling/flows/cli';
import type { FlowLinter } from '../../src/tooling/flows/lint-gate';
import { RedirectingRequestClient, startFakeTwilio, type FakeTwilio, type SeededDeployment } from '../fake-twilio';

/** Fictional (555-01xx) numbers: the clinic's front desk (clinic.private.json) and help line (CLINIC_HELP_PHONE). */
export const FRONT_DESK = '+15555550142';
export const HELP_PHONE = '+15555550143';
/** The deployment's Function variables the templates may use. */
export const CLINIC_VARS = { CLINIC_NAME: 'Example Clinic', CLINIC_HELP_PHONE: HELP_PHONE };

export interface FlowsWorld {
  fake: FakeTwilio;
  root: string;
  writeTemplate(name: string, template: unknown): void;
  writeFunction(relPath: string): void;
  writeDeployInfo(entries: Record<string, { serviceSid: string; latestBuild: string }>): void;
  /** Seeds a deployment and points .twiliodeployinfo (account:us1) at it. */
  deploy(
    functions: { path: string; visibility: string }[],
    opts?: { environment?: string; uniqueName?: string; variables?: Record<string, string> },
  ): SeededDeployment;
  close(): Promise<void>;
}

export async function startFlowsWorld(): Promise<FlowsWorld> {
  const fake = await startFakeTwilio({ seed: 11 });
  const root = mkdtempSync(join(tmpdir(), 'flows-project-'));
  mkdirSync(join(root, 'flows'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(
    join(root, 'assets', 'clinic.private.json'),
    JSON.stringify({
      version: 1,
      timeZone: 'America/New_York',
      countries: ['US'],
      locations: [{ id: 'main', name: 'Main office' }],
      reminders: { dailyCapPerNumber: 3, replyWindowHours: 24 },
      voice: { frontDeskNumber: FRONT_DESK, voicemail: { enabled: false } },
      verify: { perNumberPerHour: 5, perRequesterPerHour: 60 },
    }),
  );
  writeFileSync(join(root, '.env.local'), `ACCOUNT_SID=AC${'0'.repeat(32)}\nCLINIC_NAME=Local Clinic\nCLINIC_HELP_PHONE=${HELP_PHONE}\n`);
  const world: FlowsWorld = {
    fake,
    root,
    writeTemplate: (name, template) => writeFileSync(join(root, 'flows', `${name}.json`), JSON.stringify(template, null, 2)),
    writeFunction(relPath) {
      const file = join(root, 'functions', relPath);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, 'export const handler = () => undefined;\n');
    },
    writeDeployInfo: (entries) => writeFileSync(join(root, '.twiliodeployinfo'), JSON.stringify(entries, null, '\t')),
    deploy(functions, opts = {}) {
      const d = fake.serverless.seedDeployment({ functions, variables: CLINIC_VARS, ...opts });
      world.writeDeployInfo({ [`${fake.accountSid}:us1`]: { serviceSid: d.serviceSid, latestBuild: d.buildSid } });
      return d;
    },
    close: async () => {
      await fake.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
  return world;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Default: the real flow linter. */
  lint?: FlowLinter;
  sha?: string | null;
}

/** A linter that finds nothing (deploy tests that are not about linting). */
export const cleanLinter: FlowLinter = () => ({ findings: [] });

export async function runFlows(world: FlowsWorld, argv: string[], opts: RunOptions = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const deps: FlowsDeps = {
    root: world.root,
    env: opts.env ?? { ACCOUNT_SID: world.fake.accountSid, AUTH_TOKEN: world.fake.authToken },
    makeClient: (username, password, accountSid) =>
      twilio(username, password, { accountSid, httpClient: new RedirectingRequestClient(world.fake.origin) }),
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    gitSha: () => (opts.sha === undefined ? 'abc1234' : opts.sha),
    ...(opts.lint ? { lint: opts.lint } : {}),
  };
  const code = await runFlowsCli(argv, deps);
  return { code, stdout, stderr };
}
