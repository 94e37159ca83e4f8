/**
 * PROJECT-LEDGER-IDENTITY (the opt-out ledger's identity, docs/optouts.md): the Sync Service the
 * deploy env names holds a ledger identity that matches the deploy env's layout (LEDGER_MAP_PREFIX,
 * LEDGER_SHARDS), secret (keyed fingerprint of OPTOUT_HMAC_SECRET) and, when set, LEDGER_ID. The
 * deployed Functions refuse a ledger whose identity is missing or different (no sends, every STOP
 * answered 500): this is where a forgotten `optout init`, or a changed secret or shard count
 * without `optout migrate`, is caught before the deploy. Evidence is names, counts and the ledger
 * id; never the secret or any record. With the identity in place every shard map must exist
 * (`optout init` creates them; a missing one is damage the Functions fail closed on).
 */
import { join } from 'node:path';
import { LedgerSetupError, syncSettings } from '../../../cli/ledger-from-env';
import { readDeployEnvFile } from '../../../../runtime/core/env-file';
import { expectedIdentity } from '../../../../runtime/ledger/factory';
import { shardMapNames } from '../../../../runtime/ledger/sync-store';
import { IDENTITY_KEY, identityProblem, type IdentityProblem, type LedgerIdentity } from '../../../../runtime/ledger/identity';
import { ApiError } from '../../api/twilio-api';
import { finding } from '../../findings';
import type { Rule, RuleMeta } from '../../types';

export const SYNC_ORIGIN = 'https://sync.twilio.com';

export const meta: RuleMeta = {
  id: 'PROJECT-LEDGER-IDENTITY',
  title: 'The opt-out ledger the deploy env names exists and matches it (identity: layout, secret fingerprint, ledger id)',
  severity: 'required',
  product: 'project',
  source: 'FCC 47 CFR 64.1200(a)(10) (honour revocations); toolkit fail-closed opt-out ledger (docs/optouts.md "The ledger\'s identity")',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(c)(1)'],
  mode: 'account',
  remediation:
    'New ledger: run `npm run -s optout -- init` with the deploy credentials and .env.deploy values in the environment, then put the printed LEDGER_ID in .env.deploy. Changed LEDGER_SHARDS, LEDGER_MAP_PREFIX or OPTOUT_HMAC_SECRET: restore the old values, or move the ledger with `npm run -s optout -- migrate` (docs/optouts.md). Never create a second identity for an existing ledger.',
  fixable: false,
  messages: {
    noLedgerIdentityThisSync:
      'no ledger identity in this Sync Service: run `npm run -s optout -- init` (deployed Functions would send nothing and answer every STOP with 500)',
    ledgerIdentityItemNot: 'the ledger identity item is not a valid identity',
    ledgerMigratingRetiredFinish: 'the ledger is migrating or retired: finish `optout migrate` and deploy its new settings',
    ledgerWasSetUp: 'the ledger was set up with another LEDGER_MAP_PREFIX or LEDGER_SHARDS than .env.deploy names',
    ledgerWasKeyedAnother: 'the ledger was keyed with another OPTOUT_HMAC_SECRET than .env.deploy holds',
    ledgerThisSyncService: 'the ledger in this Sync Service is not the one LEDGER_ID names',
    nothingCheckYetMissing: 'nothing to check yet: {{file}} is missing or not readable (PROJECT-DEPLOY-ENV-CLEAN says why)',
    deployEnvNamesSync: 'the deploy env names no Sync ledger (LEDGER_BACKEND=sync, SYNC_SERVICE_SID and OPTOUT_HMAC_SECRET are required)',
    invalidLedgerSettings: 'invalid ledger settings',
    noAccountCheckAgainst: 'no account to check against',
    ledgerIdentityMatchesEnv: 'the ledger identity matches .env.deploy',
    matchesUnpinned: 'the ledger identity matches .env.deploy (pin it: LEDGER_ID={{ledgerId}})',
    shardMapsMissing:
      "{{count}} of the ledger's shard maps are missing: numbers in those shards are unreadable (nothing sent, STOPs answered 500); run `npm run -s optout -- init` (it re-creates them and names them; restore the opt-outs a deleted map held)",
  },
};

const REASONS: Record<IdentityProblem, string> = {
  missing:
    'no ledger identity in this Sync Service: run `npm run -s optout -- init` (deployed Functions would send nothing and answer every STOP with 500)',
  malformed: 'the ledger identity item is not a valid identity',
  not_active: 'the ledger is migrating or retired: finish `optout migrate` and deploy its new settings',
  layout: 'the ledger was set up with another LEDGER_MAP_PREFIX or LEDGER_SHARDS than .env.deploy names',
  secret: 'the ledger was keyed with another OPTOUT_HMAC_SECRET than .env.deploy holds',
  ledger_id: 'the ledger in this Sync Service is not the one LEDGER_ID names',
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const file = ctx.project.deployEnvFile;
    const resource = `project:${file}#SYNC_SERVICE_SID`;
    const read = readDeployEnvFile(join(ctx.project.root, file));
    if (read.status !== 'ok') {
      return [
        finding(meta, ctx, 'unknown', {
          resource,
          reason: `nothing to check yet: ${file} is missing or not readable (PROJECT-DEPLOY-ENV-CLEAN says why)`,
        }),
      ];
    }
    const env = read.vars;
    if (env.LEDGER_BACKEND !== 'sync' || !env.SYNC_SERVICE_SID || !env.OPTOUT_HMAC_SECRET) {
      return [finding(meta, ctx, 'fail', { resource, message: 'deployEnvNamesSync' })];
    }
    let settings;
    try {
      settings = syncSettings(env.SYNC_SERVICE_SID, env.LEDGER_MAP_PREFIX, env.LEDGER_SHARDS, env.LEDGER_ID);
    } catch (err) {
      return [finding(meta, ctx, 'fail', { resource, reason: err instanceof LedgerSetupError ? err.message : 'invalid ledger settings' })];
    }
    if (settings.backend !== 'sync' || !ctx.account) return [finding(meta, ctx, 'unknown', { resource, message: 'noAccountCheckAgainst' })];
    const uri = `${SYNC_ORIGIN}/v1/Services/${settings.serviceSid}/Maps/${settings.mapPrefix}-meta/Items/${IDENTITY_KEY}`;
    let data: unknown = null;
    try {
      const item = (await ctx.account.api.get(uri)) as { data?: unknown } | null;
      data = item?.data ?? null;
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
    }
    const evidence = {
      serviceSid: settings.serviceSid,
      mapPrefix: settings.mapPrefix,
      shards: settings.shards,
      pinned: settings.ledgerId !== undefined,
    };
    const problem = identityProblem(data, expectedIdentity(settings, env.OPTOUT_HMAC_SECRET));
    if (problem !== null)
      return [finding(meta, ctx, 'fail', { resource: settings.serviceSid, reason: REASONS[problem], evidence: { ...evidence, problem } })];
    const ledgerId = (data as LedgerIdentity).ledgerId;
    // Sync pages hold at most 100.
    const maps = await ctx.account.api.all(`${SYNC_ORIGIN}/v1/Services/${settings.serviceSid}/Maps`, 'maps', { PageSize: 100 });
    const present = new Set(maps.map((m) => m.unique_name));
    const missing = shardMapNames(settings.mapPrefix, settings.shards).filter((name) => !present.has(name));
    if (missing.length > 0) {
      return [
        finding(meta, ctx, 'fail', {
          resource: settings.serviceSid,
          message: 'shardMapsMissing',
          data: { count: missing.length },
          evidence: { ...evidence, ledgerId, missingMaps: missing.join(',') },
        }),
      ];
    }
    return [
      finding(meta, ctx, 'pass', {
        resource: settings.serviceSid,
        reason: settings.ledgerId
          ? 'the ledger identity matches .env.deploy'
          : `the ledger identity matches .env.deploy (pin it: LEDGER_ID=${ledgerId})`,
        evidence: { ...evidence, ledgerId },
      }),
    ];
  },
};
