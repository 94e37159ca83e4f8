/**
 * A stand-in for `twilio-run deploy` in gate tests (no real upload: the issue asks for everything
 * after the upload to be tested, not the upload). Given the gate's invocation it parses the gate's
 * exact argv with twilio-run 5.0.1's own deploy command definition (its yargs) and builds the
 * deploy config with twilio-run's own getConfigFromFlags: the .twilioserverlessrc merge, the env
 * file read with twilio-run's dotenv 6.2.0, the credentials, the uploaded variables
 * (filterEnvVariablesForDeploy), the service from .twiliodeployinfo. It then does to the fake
 * account what twilio-run does: lists the configured folders with the same listing code, deploys
 * them with `fake.serverless.seedDeployment` and records `{ "<AC>:us1": { serviceSid, latestBuild } }`
 * in .twiliodeployinfo. `tamper` then lets a test change the live state the way a broken deploy or
 * a Console edit would.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { listingOf } from '../../src/tooling/deploy/gated-build';
import { twilioRunArgs, type TwilioRunInvocation, type TwilioRunResult } from '../../src/tooling/deploy/twilio-run';
import { serverlessVariable, SLS_COLLECTIONS, type FakeTwilio, type SeededDeployment } from '../fake-twilio';

/** What twilio-run 5.0.1 would deploy for an invocation (its own config code, no network). */
export interface RealDeployConfig {
  username: string;
  password: string;
  /** The variables twilio-run uploads. */
  env: Record<string, string>;
  serviceSid?: string;
  functionsFolderName: string;
  assetsFolderName: string;
  /** Domain suffix; '' for production. */
  functionsEnv: string;
  envPath: string;
}

type Yargs = (argv: string[]) => {
  command(c: unknown): ReturnType<Yargs>;
  exitProcess(b: boolean): ReturnType<Yargs>;
  fail(f: (msg: string, err?: Error) => void): ReturnType<Yargs>;
  parseAsync(): Promise<unknown>;
};

/** twilio-run's argv parsing and deploy config, resolved from twilio-run itself. */
export async function twilioRunDeployConfig(inv: TwilioRunInvocation): Promise<RealDeployConfig> {
  const fromTwilioRun = createRequire(require.resolve('twilio-run/dist/cli.js'));
  const yargs = fromTwilioRun('yargs') as Yargs;
  const deploy = fromTwilioRun('./commands/deploy') as { command: string[]; describe: string; builder: unknown };
  const { getConfigFromFlags } = fromTwilioRun('./config/deploy') as {
    getConfigFromFlags: (flags: Record<string, unknown>) => Promise<RealDeployConfig>;
  };
  let flags: Record<string, unknown> | undefined;
  await yargs(twilioRunArgs(inv))
    .command({
      command: deploy.command,
      describe: deploy.describe,
      builder: deploy.builder,
      handler: (f: Record<string, unknown>) => void (flags = f),
    })
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new Error(msg);
    })
    .parseAsync();
  if (!flags) throw new Error('twilio-run did not parse a deploy command');
  // The gate spawns twilio-run with cwd = the project root.
  return getConfigFromFlags({ ...flags, cwd: inv.root });
}

export interface FakeRunOptions {
  /** Every invocation, in order. */
  calls?: TwilioRunInvocation[];
  /** The deploy config twilio-run built for each invocation (holds the credentials: never print it). */
  configs?: RealDeployConfig[];
  /** Called first, while the gated build exists (e.g. to assert on it). */
  onCall?: (inv: TwilioRunInvocation) => void;
  /** Simulate a failed upload: nothing deployed, exit 1 with this output. */
  fail?: string;
  /** Change the live state after the deploy. */
  tamper?: (d: SeededDeployment, fake: FakeTwilio) => void;
  /** Deploy but record nothing in .twiliodeployinfo. */
  noDeployInfo?: boolean;
}

export function fakeTwilioRun(fake: FakeTwilio, o: FakeRunOptions): (inv: TwilioRunInvocation) => Promise<TwilioRunResult> {
  return async (inv) => {
    o.calls?.push(inv);
    o.onCall?.(inv);
    if (o.fail !== undefined) return { exitCode: 1, errorLines: [o.fail] };
    let config: RealDeployConfig;
    try {
      config = await twilioRunDeployConfig(inv);
    } catch {
      return { exitCode: 1, errorLines: ['twilio-run could not read its deploy config'] };
    }
    o.configs?.push(config);
    const accountSid = config.username;
    const infoPath = join(inv.root, '.twiliodeployinfo');
    const info = existsSync(infoPath)
      ? (JSON.parse(readFileSync(infoPath, 'utf8')) as Record<string, { serviceSid: string; latestBuild: string }>)
      : {};
    const serviceSid = config.serviceSid;
    const listing = await listingOf(inv.root, config.functionsFolderName, config.assetsFolderName);
    const d = fake.serverless.seedDeployment({
      accountSid,
      uniqueName: 'hipaa-safe-messaging',
      ...(serviceSid ? { serviceSid } : {}),
      environment: config.functionsEnv,
      functions: listing.functions.map((f) => ({ path: f.path, visibility: f.access })),
      assets: listing.assets.map((a) => ({ path: a.path, visibility: a.access })),
      variables: config.env,
    });
    if (!o.noDeployInfo)
      writeFileSync(
        infoPath,
        JSON.stringify({ ...info, [`${accountSid}:us1`]: { serviceSid: d.serviceSid, latestBuild: d.buildSid } }, null, '\t'),
      );
    o.tamper?.(d, fake);
    return { exitCode: 0, errorLines: [] };
  };
}

/** Tamper helpers: change one version's visibility, or one variable, in the fake. */
export const tamper = {
  functionVisibility:
    (path: string, visibility: string) =>
    (d: SeededDeployment, fake: FakeTwilio): void => {
      const v = d.functions.find((f) => f.path === path);
      const rec = fake.resources.all(SLS_COLLECTIONS.functionVersions).find((r) => r.sid === v?.versionSid);
      if (rec) rec.visibility = visibility;
    },
  assetVisibility:
    (path: string, visibility: string) =>
    (d: SeededDeployment, fake: FakeTwilio): void => {
      const v = d.assets.find((a) => a.path === path);
      const rec = fake.resources.all(SLS_COLLECTIONS.assetVersions).find((r) => r.sid === v?.versionSid);
      if (rec) rec.visibility = visibility;
    },
  variable:
    (key: string, value: string | null) =>
    (d: SeededDeployment, fake: FakeTwilio): void => {
      const all = fake.resources.all(SLS_COLLECTIONS.variables);
      const rec = all.find((r) => r.environment_sid === d.environmentSid && r.key === key);
      if (value !== null && rec) rec.value = value;
      else if (value !== null)
        fake.resources.add(
          SLS_COLLECTIONS.variables,
          serverlessVariable(d.accountSid, d.serviceSid, d.environmentSid, `ZV${'e'.repeat(32)}`, key, value),
        );
      else if (rec) {
        const rest = all.filter((r) => r !== rec);
        fake.resources.clear(SLS_COLLECTIONS.variables);
        for (const r of rest) fake.resources.add(SLS_COLLECTIONS.variables, r);
      }
    },
};
