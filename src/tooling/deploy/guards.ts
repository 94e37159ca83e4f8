/**
 * The gate's first step, offline: the deploy env file exists and is not the local profile, it
 * reads the same with dotenv 16 and with the dotenv twilio-run uploads it with (the strict reading
 * of src/runtime/core/env-parse.ts: a file they could read differently is refused by line number and
 * problem kind; the map read here is the one every later check sees and the one uploaded), it asks
 * for the Sync ledger (never the local file-backed one), it carries the credentials twilio-run
 * deploys with (ACCOUNT_SID + AUTH_TOKEN), the environment does not name another account, and
 * `.twiliodeployinfo` has no deploys to another account unless --service-sid is given explicitly
 * (serverless-toolkit #162: switching accounts silently makes a new service). Messages name
 * files, variables and SIDs only, never a value.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readDeployEnvFile } from '../../runtime/core/env-file';
import { describeEnvProblem } from '../../runtime/core/env-parse';
import { DEFAULT_REGION, DEPLOY_INFO_FILE } from '../flows/deploy-info';

export class GuardError extends Error {
  constructor(
    message: string,
    /** PHI-free detail lines (line numbers and problem kinds). */
    readonly lines: readonly string[] = [],
    /** 3 when the check could not run (unknown blocks), else 1. */
    readonly exitCode: 1 | 3 = 1,
  ) {
    super(message);
  }
}

export interface DeployTarget {
  /** Project-relative deploy env file. */
  envFile: string;
  /**
   * Its non-empty variables: the strict reading, equal to what dotenv 16 and twilio-run's dotenv
   * read. Every later step checks this map, and the upload gets exactly this map (written as a
   * canonical env file into the gated build).
   */
  envVars: Record<string, string>;
  /** sha256 of the file's bytes when checked (to refuse a file changed before the upload). */
  envHash: string;
  accountSid: string;
  authToken: string;
  /** The service `.twiliodeployinfo` records for this account (us1), if any. */
  cachedService: { serviceSid: string; latestBuild: string } | null;
}

const SID = /^AC[0-9a-fA-F]{32}$/;
const LOCAL_FILES = new Set(['.env.local', '.env']);

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `.twiliodeployinfo` entries (null when the file does not exist); a file that cannot be read refuses. */
export function readDeployInfoEntries(root: string): Record<string, { serviceSid: string; latestBuild: string }> | null {
  const path = join(root, DEPLOY_INFO_FILE);
  if (!existsSync(path)) return null;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new GuardError(`${DEPLOY_INFO_FILE} is not valid JSON: fix or remove it (twilio-run rewrites it after a deploy)`);
  }
  const ok =
    typeof data === 'object' &&
    data !== null &&
    !Array.isArray(data) &&
    Object.entries(data).every(
      ([k, v]) =>
        /^AC[0-9a-fA-F]{32}(:[a-z0-9]+)?$/.test(k) &&
        typeof v === 'object' &&
        v !== null &&
        /^ZS[0-9a-fA-F]{32}$/.test(String((v as Record<string, unknown>).serviceSid)) &&
        /^ZB[0-9a-fA-F]{32}$/.test(String((v as Record<string, unknown>).latestBuild)),
    );
  if (!ok) throw new GuardError(`${DEPLOY_INFO_FILE} has an unexpected shape: fix or remove it`);
  return data as Record<string, { serviceSid: string; latestBuild: string }>;
}

/** The entry twilio-run itself would use for this account (`AC…:us1`, else the legacy bare key). */
export function cachedServiceFor(
  entries: Record<string, { serviceSid: string; latestBuild: string }> | null,
  accountSid: string,
): { serviceSid: string; latestBuild: string } | null {
  if (!entries) return null;
  return entries[`${accountSid}:${DEFAULT_REGION}`] ?? entries[accountSid] ?? null;
}

export function checkGuards(
  root: string,
  envFile: string,
  processEnv: Record<string, string | undefined>,
  explicitServiceSid: string | undefined,
): DeployTarget {
  if (LOCAL_FILES.has(basename(envFile))) {
    throw new GuardError(
      `${envFile} is a local env file: deploys read only a deploy env file (default .env.deploy), because twilio-run uploads every key of it`,
    );
  }
  const read = readDeployEnvFile(join(root, envFile));
  if (read.status === 'missing')
    throw new GuardError(
      `${envFile} is missing: create it from .env.example with the deployment's values (LEDGER_BACKEND=sync, ACCOUNT_SID, AUTH_TOKEN, ...)`,
    );
  if (read.status === 'unreadable') {
    throw new GuardError(
      `${envFile} could not be read, or twilio-run's own dotenv could not be loaded to compare readings (npm install): the variables it would upload are unknown`,
      [],
      3,
    );
  }
  if (read.status === 'refused') {
    throw new GuardError(
      `${envFile} could be read differently by the checks (dotenv 16) and by twilio-run's upload (dotenv 6.2.0): fix the line(s) below (values not shown)`,
      read.problems.slice(0, 20).map((p) => `  ${envFile} ${describeEnvProblem(p)}`),
    );
  }
  const envVars = read.vars;
  if (envVars.LEDGER_BACKEND === 'file') {
    throw new GuardError(
      `${envFile} sets LEDGER_BACKEND=file: the file-backed ledger is for the local profile only; set LEDGER_BACKEND=sync (and SYNC_SERVICE_SID) and remove LEDGER_FILE_DIR`,
    );
  }
  if (envVars.LEDGER_BACKEND !== 'sync') throw new GuardError(`${envFile} must set LEDGER_BACKEND=sync (the Sync opt-out ledger)`);
  const accountSid = envVars.ACCOUNT_SID ?? '';
  const authToken = envVars.AUTH_TOKEN ?? '';
  if (!SID.test(accountSid) || authToken === '') {
    throw new GuardError(
      `${envFile} must hold ACCOUNT_SID (AC…) and AUTH_TOKEN: twilio-run deploys with these, and the account preflight checks the same account`,
    );
  }
  const other = [processEnv.ACCOUNT_SID, processEnv.TWILIO_ACCOUNT_SID].find((v) => v !== undefined && v !== '' && v !== accountSid);
  if (other !== undefined) {
    throw new GuardError(
      `the environment names another account (ACCOUNT_SID / TWILIO_ACCOUNT_SID) than ${envFile} (${accountSid}), which twilio-run deploys to: unset it or fix ${envFile}`,
    );
  }
  const entries = readDeployInfoEntries(root);
  const cachedService = cachedServiceFor(entries, accountSid);
  const accounts = Object.keys(entries ?? {}).map((k) => k.split(':')[0]);
  if (entries && accounts.length > 0 && cachedService === null && explicitServiceSid === undefined) {
    throw new GuardError(
      `${DEPLOY_INFO_FILE} records deploys to ${[...new Set(accounts)].join(', ')}, not to ${accountSid} (the account in ${envFile}): ` +
        "twilio-run would silently create a new service there (serverless-toolkit #162). Use that account's credentials, " +
        `or name the target service of ${accountSid} explicitly with --service-sid ZS…`,
    );
  }
  return { envFile, envVars, envHash: read.sha256, accountSid, authToken, cachedService };
}

/** Refuses a deploy env file that changed since the checks ran (what was checked is what is uploaded). */
export function assertUnchanged(root: string, target: DeployTarget): void {
  const path = join(root, target.envFile);
  if (!existsSync(path) || sha256(readFileSync(path)) !== target.envHash) {
    throw new GuardError(`${target.envFile} changed while the checks ran: run npm run deploy again`);
  }
}
