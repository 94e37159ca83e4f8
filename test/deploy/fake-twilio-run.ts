/**
 * A stand-in for `twilio-run deploy` in gate tests (no real upload: the issue asks for everything
 * after the upload to be tested, not the upload). Given the gate's invocation it does what
 * twilio-run 5.0.1 does to the account: lists the given folders with the same listing code, reads
 * the env file (non-empty keys, minus ACCOUNT_SID / AUTH_TOKEN), deploys them with
 * `fake.serverless.seedDeployment` (service reused by .twiliodeployinfo or --service-sid) and
 * records `{ "<AC>:us1": { serviceSid, latestBuild } }` in .twiliodeployinfo. `tamper` then lets a
 * test change the live state the way a broken deploy or a Console edit would.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { listingOf } from '../../src/deploy/gated-build';
import type { TwilioRunInvocation, TwilioRunResult } from '../../src/deploy/twilio-run';
import { serverlessVariable, SLS_COLLECTIONS, type FakeTwilio, type SeededDeployment } from '../fake-twilio';

export interface FakeRunOptions {
  /** Every invocation, in order. */
  calls?: TwilioRunInvocation[];
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
    const vars = parse(readFileSync(join(inv.root, inv.envFile)));
    const accountSid = vars.ACCOUNT_SID ?? '';
    const variables = Object.fromEntries(Object.entries(vars).filter(([k, v]) => v !== '' && k !== 'ACCOUNT_SID' && k !== 'AUTH_TOKEN'));
    const infoPath = join(inv.root, '.twiliodeployinfo');
    const info = existsSync(infoPath) ? (JSON.parse(readFileSync(infoPath, 'utf8')) as Record<string, { serviceSid: string; latestBuild: string }>) : {};
    const serviceSid = inv.serviceSid ?? info[`${accountSid}:us1`]?.serviceSid;
    const listing = await listingOf(inv.root, inv.functionsFolder, inv.assetsFolder);
    const d = fake.serverless.seedDeployment({
      accountSid,
      uniqueName: 'hipaa-safe-messaging',
      ...(serviceSid ? { serviceSid } : {}),
      environment: inv.environment,
      functions: listing.functions.map((f) => ({ path: f.path, visibility: f.access })),
      assets: listing.assets.map((a) => ({ path: a.path, visibility: a.access })),
      variables,
    });
    if (!o.noDeployInfo) writeFileSync(infoPath, JSON.stringify({ ...info, [`${accountSid}:us1`]: { serviceSid: d.serviceSid, latestBuild: d.buildSid } }, null, '\t'));
    o.tamper?.(d, fake);
    return { exitCode: 0, errorLines: [] };
  };
}

/** Tamper helpers: change one version's visibility, or one variable, in the fake. */
export const tamper = {
  functionVisibility: (path: string, visibility: string) => (d: SeededDeployment, fake: FakeTwilio): void => {
    const v = d.functions.find((f) => f.path === path);
    const rec = fake.resources.all(SLS_COLLECTIONS.functionVersions).find((r) => r.sid === v?.versionSid);
    if (rec) rec.visibility = visibility;
  },
  assetVisibility: (path: string, visibility: string) => (d: SeededDeployment, fake: FakeTwilio): void => {
    const v = d.assets.find((a) => a.path === path);
    const rec = fake.resources.all(SLS_COLLECTIONS.assetVersions).find((r) => r.sid === v?.versionSid);
    if (rec) rec.visibility = visibility;
  },
  variable: (key: string, value: string | null) => (d: SeededDeployment, fake: FakeTwilio): void => {
    const all = fake.resources.all(SLS_COLLECTIONS.variables);
    const rec = all.find((r) => r.environment_sid === d.environmentSid && r.key === key);
    if (value !== null && rec) rec.value = value;
    else if (value !== null) fake.resources.add(SLS_COLLECTIONS.variables, serverlessVariable(d.accountSid, d.serviceSid, d.environmentSid, `ZV${'e'.repeat(32)}`, key, value));
    else if (rec) {
      const rest = all.filter((r) => r !== rec);
      fake.resources.clear(SLS_COLLECTIONS.variables);
      for (const r of rest) fake.resources.add(SLS_COLLECTIONS.variables, r);
    }
  },
};
