/**
 * PROJECT-LEDGER-IDENTITY: before a deploy, the Sync Service that .env.deploy names must hold an
 * opt-out ledger identity matching the deploy env's layout, secret and LEDGER_ID. Otherwise the
 * deployed Functions would fail closed (no sends, every STOP answered 500): the gate stops here.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rule as ledgerIdentity } from '../../src/tooling/preflight/rules/project/ledger-identity';
import type { Finding } from '../../src/tooling/preflight/types';
import { fakeTwilioClient } from '../fake-twilio';
import { CANARY_BODY, findCanary } from '../helpers/canary';
import { finishWorld, runPreflight, seedLedgerIdentity, startWorld, statusesOf, WORLD_LEDGER_SECRET, type World } from './harness';

const ID = 'PROJECT-LEDGER-IDENTITY';
let world: World;

beforeEach(async () => {
  world = await startWorld();
});
afterEach(() => finishWorld(world));

const run = (): Promise<Finding[]> => runPreflight(world, { rules: [ledgerIdentity] });
const envPath = (): string => join(world.projectRoot, '.env.deploy');
const serviceOf = (): string => /SYNC_SERVICE_SID=(IS[0-9a-f]+)/.exec(readFileSync(envPath(), 'utf8'))?.[1] as string;

function setEnv(changes: Record<string, string | null>): void {
  const lines = readFileSync(envPath(), 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  const map = new Map(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) map.delete(k);
    else map.set(k, v);
  }
  writeFileSync(envPath(), `${[...map].map(([k, v]) => `${k}=${v}`).join('\n')}\n`);
}

function only(findings: Finding[]): Finding {
  const mine = findings.filter((f) => f.id === ID);
  expect(mine).toHaveLength(1);
  return mine[0] as Finding;
}

describe('PROJECT-LEDGER-IDENTITY', () => {
  test('passes when the identity matches, and suggests pinning LEDGER_ID until it is set', async () => {
    const f = only(await run());
    expect(f).toMatchObject({ status: 'pass', resource: serviceOf(), evidence: { pinned: false, shards: 4, mapPrefix: 'optout-ledger' } });
    const ledgerId = String(f.evidence.ledgerId);
    expect(ledgerId).toMatch(/^LD[0-9a-f]{32}$/);
    expect(f.reason).toContain(`LEDGER_ID=${ledgerId}`);
    setEnv({ LEDGER_ID: ledgerId });
    expect(only(await run())).toMatchObject({
      status: 'pass',
      evidence: { pinned: true },
      reason: 'the ledger identity matches .env.deploy',
    });
  });

  test('a shard map deleted by hand (or never created before init made them up front) fails, names it, and says what to run', async () => {
    const sid = serviceOf();
    await fakeTwilioClient(world.fake).sync.v1.services(sid).syncMaps('optout-ledger-2').remove();
    const f = only(await run());
    expect(f).toMatchObject({ status: 'fail', resource: sid, evidence: { missingMaps: 'optout-ledger-2', shards: 4 } });
    expect(f.reason).toContain('1 of the ledger');
    expect(f.reason).toContain('optout -- init');
  });

  test('a Sync Service without an identity (optout init never run) fails and says what to run', async () => {
    setEnv({ SYNC_SERVICE_SID: world.fake.sync.createService('fresh') });
    const f = only(await run());
    expect(f).toMatchObject({ status: 'fail', evidence: { problem: 'missing' } });
    expect(f.reason).toContain('optout -- init');
    expect(f.remediation).toContain('optout -- init');
  });

  test.each([
    ['shards', { LEDGER_SHARDS: '8' }, 'layout'],
    ['prefix', { LEDGER_MAP_PREFIX: 'optout-ledger-v2' }, 'missing'],
    ['secret', { OPTOUT_HMAC_SECRET: CANARY_BODY }, 'secret'],
    ['ledger id', { LEDGER_ID: `LD${'0'.repeat(32)}` }, 'ledger_id'],
  ])('config drift (%s) fails before the deploy', async (_name, change, problem) => {
    setEnv(change);
    const f = only(await run());
    expect(f).toMatchObject({ status: 'fail', evidence: { problem } });
    // The secret is never echoed, whatever it is.
    expect(findCanary(JSON.stringify(f))).toBeUndefined();
    expect(JSON.stringify(f)).not.toContain(WORLD_LEDGER_SECRET);
  });

  test('a ledger set up for another secret in the same service: secret mismatch', async () => {
    setEnv({ SYNC_SERVICE_SID: await seedLedgerIdentity(world.fake, 'o'.repeat(64)) });
    expect(only(await run())).toMatchObject({ status: 'fail', evidence: { problem: 'secret' } });
  });

  test('no Sync ledger named in .env.deploy fails; no .env.deploy is unknown', async () => {
    setEnv({ SYNC_SERVICE_SID: null });
    expect(only(await run()).status).toBe('fail');
    rmSync(envPath());
    expect(only(await run())).toMatchObject({ status: 'unknown' });
  });

  test('an API failure is unknown, never a pass', async () => {
    world.fake.faults.rate5xx = 1;
    expect(statusesOf(await run(), ID)).toEqual([{ status: 'unknown', resource: null }]);
    world.fake.faults.reset();
  });
});
