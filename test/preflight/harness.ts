/**
 * The preflight test world: a fake Twilio API with every product's collections registered, an
 * account seeded compliant by each product group, and a runner over the real rules and engine.
 * Product groups add `COLLECTIONS` and `seedCompliant` in test/preflight/fixtures/<group>.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TwilioApi, type ApiOptions } from '../../src/tooling/preflight/api/twilio-api';
import type { HipaaConfig } from '../../src/tooling/config/hipaa-config';
import { runRules } from '../../src/tooling/preflight/engine';
import { ALL_RULES } from '../../src/tooling/preflight/rules';
import type { AccountTarget, Finding, Profile, Rule } from '../../src/tooling/preflight/types';
import { fakeTwilioClient, startFakeTwilio, type FakeTwilio } from '../fake-twilio';
import { seedAccount } from './fixtures/accounts';
import { compliantConfig } from './fixtures/config';
import { GROUP_FIXTURES } from './fixtures/groups';
import { type LedgerSettings } from '../../src/runtime/ledger/factory';
import { setUpLedger } from '../../src/runtime/ledger/setup';

/** The deploy env's opt-out ledger secret in the compliant world. */
export const WORLD_LEDGER_SECRET = 'w'.repeat(64);

/** A Sync Service with an opt-out ledger identity for `secret` (as `optout init` leaves it); returns its SID. */
export async function seedLedgerIdentity(
  fake: FakeTwilio,
  secret: string,
  layout: { mapPrefix?: string; shards?: number } = {},
): Promise<string> {
  const serviceSid = fake.sync.createService('ledger');
  const settings: LedgerSettings = {
    backend: 'sync',
    serviceSid,
    mapPrefix: layout.mapPrefix ?? 'optout-ledger',
    shards: layout.shards ?? 4,
  };
  const client = fakeTwilioClient(fake);
  await setUpLedger(settings, secret, () => client, Date.now());
  return serviceSid;
}

export interface World {
  fake: FakeTwilio;
  accountSid: string;
  config: HipaaConfig;
  /** A project directory with a clean build listing and deploy env. */
  projectRoot: string;
  /** Unauthenticated HEAD probe, redirected to the fake. */
  probeStatus(url: string): Promise<number>;
  close(): Promise<void>;
}

export async function startWorld(opts: { seed?: number; profile?: Profile; compliant?: boolean } = {}): Promise<World> {
  const fake = await startFakeTwilio({ seed: opts.seed ?? 3 });
  for (const group of GROUP_FIXTURES) {
    fake.addCollections(group.collections);
    group.install?.(fake);
  }
  seedAccount(fake, { sid: fake.accountSid, created: new Date(Date.UTC(2026, 0, 10)) });
  if (opts.compliant !== false) for (const group of GROUP_FIXTURES) group.seedCompliant(fake, fake.accountSid);
  const projectRoot = mkdtempSync(join(tmpdir(), 'preflight-project-'));
  mkdirSync(join(projectRoot, 'dist', 'functions', 'sms'), { recursive: true });
  mkdirSync(join(projectRoot, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(projectRoot, 'dist', 'functions', 'sms', 'inbound.protected.js'), 'exports.handler = () => {};\n');
  const ledgerService = await seedLedgerIdentity(fake, WORLD_LEDGER_SECRET);
  writeFileSync(
    join(projectRoot, '.env.deploy'),
    `CLINIC_NAME=Example Clinic\nCLINIC_HELP_PHONE=+15555550100\nLEDGER_BACKEND=sync\nSYNC_SERVICE_SID=${ledgerService}\nOPTOUT_HMAC_SECRET=${WORLD_LEDGER_SECRET}\n`,
  );
  return {
    fake,
    accountSid: fake.accountSid,
    config: compliantConfig(fake.accountSid, opts.profile ?? 'redaction'),
    projectRoot,
    probeStatus: async (url) => {
      const u = new URL(url);
      const res = await fetch(`${fake.origin}${u.pathname}${u.search}`, {
        method: 'HEAD',
        redirect: 'manual',
        headers: { 'x-fake-twilio-host': u.host },
      });
      return res.status;
    },
    close: async () => {
      await fake.close();
      rmSync(projectRoot, { recursive: true, force: true });
    },
  };
}

/** afterEach for every preflight test: the fake sent only schema-valid responses; then tear down. */
export async function finishWorld(world: World): Promise<void> {
  expect(world.fake.violations).toEqual([]);
  await world.close();
}

export interface RunOptions {
  profile?: Profile;
  rules?: readonly Rule[];
  api?: ApiOptions;
  accounts?: AccountTarget[];
}

export function targetOf(world: World, api: ApiOptions = {}): AccountTarget {
  return {
    sid: world.accountSid,
    parentSid: null,
    api: new TwilioApi(fakeTwilioClient(world.fake), { maxRetries: 2, maxDelayMs: 20, ...api }),
  };
}

export async function runPreflight(world: World, opts: RunOptions = {}): Promise<Finding[]> {
  return runRules({
    rules: opts.rules ?? ALL_RULES,
    profile: opts.profile ?? world.config.profile,
    config: world.config,
    project: { root: world.projectRoot, deployEnvFile: '.env.deploy' },
    accounts: opts.accounts ?? [targetOf(world, opts.api)],
    probeStatus: world.probeStatus,
  });
}

/** Findings of one rule id, compacted for assertions. */
export function statusesOf(findings: readonly Finding[], id: string): { status: string; resource: string | null }[] {
  return findings.filter((f) => f.id === id).map((f) => ({ status: f.status, resource: f.resource }));
}
