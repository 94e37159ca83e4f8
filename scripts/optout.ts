/**
 * `npm run -s optout -- status|set|clear <E.164> ... | init | migrate ...`: the support CLI for a
 * number's opt-out state and the ledger's identity. Exit codes: 0 done, 1 refused (identity
 * conflict, migration refused), 2 usage error, 3 the ledger could not be read or written (unknown:
 * treat the number as opted out).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Twilio } from 'twilio';
import { formatResult, parseOptoutArgs, runOptout, USAGE, UsageError, type OptoutArgs } from '../src/tooling/cli/optout-core';
import {
  LedgerSetupError,
  ledgerFromEnv,
  ledgerSide,
  localEnvPath,
  syncSettings,
  twilioClientFromEnv,
  type LedgerSetup,
} from '../src/tooling/cli/ledger-from-env';
import { stateFromEnv } from '../src/tooling/cli/state-from-env';
import { loadClinicConfig } from '../src/runtime/clinic/clinic-config';
import { twilioCanceler } from '../src/runtime/consent/cancel-message';
import { ConsentJobs, type ConsentJobEntry } from '../src/runtime/consent/jobs';
import { createLogger } from '../src/runtime/core/log';
import { IDENTITY_CACHE_MS, LedgerIdentityError } from '../src/runtime/ledger/identity';
import { setUpLedger } from '../src/runtime/ledger/setup';
import { migrateLedger, MigrateError } from '../src/runtime/ledger/migrate';
import type { ConsentDeps } from '../src/runtime/reminders/consent-effects';
import { PendingReminders, type PendingRecord } from '../src/runtime/reminders/pending';
import { COLLECTIONS } from '../src/runtime/state/factory';
import { rekeyState } from '../src/tooling/cli/rekey-state';
import { readEnvFile } from './local-env';

const root = join(__dirname, '..');

function assetReader(path: string): string | null {
  try {
    return readFileSync(join(root, 'assets', path.replace(/^\//, '').replace(/\.json$/, '.private.json')), 'utf8');
  } catch {
    return null;
  }
}

/** Scheduled-reminder cancels for staff opt-outs, when the state stores can be opened (else none). */
function consentFor(setup: LedgerSetup, localEnv: Record<string, string> | null): ConsentDeps | undefined {
  try {
    const { state } = stateFromEnv(process.env, root, localEnv, setup.client);
    const windowMs = loadClinicConfig(assetReader).reminders.replyWindowHours * 3_600_000;
    const timing = { budgetMs: 8000 };
    const log = createLogger((_level, line) => console.error(line));
    const client = setup.client;
    return {
      ledger: setup.ledger,
      pending: new PendingReminders(state.kv<PendingRecord>(COLLECTIONS.remindersPending), setup.secret, windowMs, timing),
      cancel: client ? twilioCanceler(client) : async () => ({ kind: 'retry', code: null }),
      jobs: new ConsentJobs(state.queue<ConsentJobEntry>(COLLECTIONS.consentJobs), log),
      log,
      now: Date.now,
    };
  } catch {
    return undefined;
  }
}

async function init(setup: LedgerSetup, args: OptoutArgs): Promise<number> {
  const getClient = (): Twilio => {
    if (!setup.client) throw new LedgerSetupError('no Twilio client');
    return setup.client;
  };
  const outcome = await setUpLedger(setup.settings, setup.secret, getClient, Date.now());
  if (outcome.kind === 'conflict') {
    console.error(
      `refused: this ledger already has an identity that does not match the configuration (${outcome.problem}); see docs/optouts.md`,
    );
    return 1;
  }
  const { ledgerId } = outcome.identity;
  const repaired = outcome.kind === 'exists' ? outcome.createdMaps : [];
  if (args.format === 'json')
    console.log(JSON.stringify({ result: outcome.kind, ledgerId, createdMaps: outcome.createdMaps.length, repairedMaps: repaired }));
  else
    console.log(
      `${outcome.kind === 'created' ? 'ledger identity written' : 'ledger identity already in place'}: LEDGER_ID=${ledgerId} (set it in .env.deploy)`,
    );
  if (repaired.length > 0) {
    // A set-up ledger missing shard maps was damaged: their opt-outs are gone, sends to that shard were refused until now.
    console.error(
      `warning: re-created ${repaired.length} missing shard map(s) (${repaired.join(', ')}); the opt-outs they held are lost: restore them (optout set) from your records; see docs/optouts.md`,
    );
  }
  return 0;
}

async function migrate(setup: LedgerSetup, args: OptoutArgs): Promise<number> {
  if (setup.settings.backend !== 'sync') {
    console.error('refused: migrate moves a Sync ledger; the local profile is re-created by deleting its ledger directory');
    return 1;
  }
  const newSecret = args.toSecretEnv ? process.env[args.toSecretEnv] : setup.secret;
  if (!newSecret || newSecret.length < 32) {
    console.error('refused: the new secret variable is missing or shorter than 32 characters');
    return 2;
  }
  if (!args.yes) {
    console.error('refused: migrate freezes the ledger (every send and STOP fails closed) until it is done; re-run with --yes');
    return 1;
  }
  const s = setup.settings;
  const target = syncSettings(s.serviceSid, args.toPrefix ?? s.mapPrefix, args.toShards ?? String(s.shards), s.ledgerId);
  const numbers = args.numbersFile
    ? readFileSync(args.numbersFile, 'utf8')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '')
    : undefined;
  const moved = { jobs: 0, pending: 0 };
  const afterCopy = async (rekey: Map<string, string> | null): Promise<void> => {
    if (rekey === null || numbers === undefined) return;
    const { state } = stateFromEnv(process.env, root, null, setup.client);
    const counts = await rekeyState(
      { jobs: state.queue<ConsentJobEntry>(COLLECTIONS.consentJobs), pending: state.kv<PendingRecord>(COLLECTIONS.remindersPending) },
      rekey,
      numbers,
      setup.secret,
      newSecret,
    );
    Object.assign(moved, counts);
  };
  const result = await migrateLedger(ledgerSide(s, setup.secret, setup.client), ledgerSide(target, newSecret, setup.client), {
    ...(numbers ? { numbers } : {}),
    settleMs: args.settleMs ? Number(args.settleMs) : IDENTITY_CACHE_MS + 5000,
    afterCopy,
  });
  const msg = {
    result: 'migrated',
    copied: result.copied,
    rekeyed: result.rekeyed,
    ledgerId: result.ledgerId,
    movedJobs: moved.jobs,
    movedPending: moved.pending,
  };
  console.log(
    args.format === 'json'
      ? JSON.stringify(msg)
      : `migrated ${result.copied} records${result.rekeyed ? ' (re-keyed)' : ''}; deploy the new LEDGER_MAP_PREFIX / LEDGER_SHARDS / OPTOUT_HMAC_SECRET now: until then the Functions fail closed`,
  );
  return 0;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  let args;
  try {
    args = parseOptoutArgs(argv);
  } catch (err) {
    console.error(`${err instanceof UsageError ? err.message : 'invalid arguments'}\n${USAGE}`);
    return 2;
  }
  const localPath = localEnvPath(root);
  const localEnv = localPath ? readEnvFile(localPath) : null;
  let setup;
  try {
    setup = ledgerFromEnv(process.env, root, localEnv, twilioClientFromEnv(process.env));
  } catch (err) {
    console.error(err instanceof LedgerSetupError ? err.message : 'could not set up the ledger');
    return 2;
  }
  try {
    if (args.command === 'init') return await init(setup, args);
    if (args.command === 'migrate') return await migrate(setup, args);
    const result = await runOptout(args, setup.ledger, Date.now, consentFor(setup, localEnv));
    console.log(formatResult(args, result));
    return 0;
  } catch (err) {
    if (err instanceof MigrateError) {
      console.error(err.message);
      return 1;
    }
    if (err instanceof LedgerIdentityError) {
      // `problem` is one of IdentityProblem's fixed names, never data.
      console.error(
        `status unknown: the ${setup.source} ledger's identity does not match this configuration (${err.problem}); treat the number as opted out; see docs/optouts.md`,
      );
      return 3;
    }
    console.error(
      `status unknown: the ${setup.source} ledger could not be ${args.command === 'status' ? 'read' : 'written'}; treat the number as opted out`,
    );
    return 3;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
