/**
 * The gated build: after every check passed, dist/functions and dist/assets are copied to
 * dist/gated/ with a manifest (sha256 per file) that must equal the manifest taken right after the
 * build the checks ran on; twilio-run uploads dist/gated/ only, and the gate removes it when the
 * upload ends. The expected access of every Function and Asset comes from the staged file names,
 * read with the same listing code twilio-run deploys with.
 *
 * The variables travel the same way: the map the guards read and every check saw is written as a
 * canonical env file, dist/gated/deploy.env (mode 0600: it holds the auth token; removed with
 * dist/gated), one KEY=value line per non-empty variable. Before twilio-run gets it, the written
 * bytes are read back with the strict parser, dotenv 16 and twilio-run's own dotenv, and each must
 * equal the checked map. The manifest records its sha256 and the sha256 of the canonical form of
 * the variables twilio-run uploads (the map minus ACCOUNT_SID and AUTH_TOKEN), which the live
 * verification compares with the environment's variables.
 */
import { getListOfFunctionsAndAssets } from '@twilio-labs/serverless-api/dist/utils/fs';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { canonicalEnv, crossCheckEnv, parseEnvStrict, type DotenvParse } from '../../runtime/core/env-parse';
import { sha256 } from './guards';

export const GATED_DIR = 'dist/gated';
export const GATED_FUNCTIONS = `${GATED_DIR}/functions`;
export const GATED_ASSETS = `${GATED_DIR}/assets`;
export const GATED_MANIFEST = `${GATED_DIR}/manifest.json`;
/** The canonical env file twilio-run deploys with (`--env`). */
export const GATED_ENV = `${GATED_DIR}/deploy.env`;

/** Credentials twilio-run strips from the env file before uploading it (filterEnvVariablesForDeploy). */
export const NOT_UPLOADED = ['ACCOUNT_SID', 'AUTH_TOKEN'] as const;

/** The variables twilio-run uploads from a checked map: non-empty ones, minus the credentials. */
export function uploadedVariables(envVars: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(envVars)) if (v !== '' && !(NOT_UPLOADED as readonly string[]).includes(k)) out[k] = v;
  return out;
}

export function sameVariables(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

/** sha256 of the canonical env form of a variable map (the same digest for the same map). */
export function variablesDigest(vars: Readonly<Record<string, string>>): string {
  return sha256(canonicalEnv(vars));
}

export interface GatedEnv {
  /** Project-relative path of the canonical env file (twilio-run's --env). */
  file: string;
  /** sha256 of its bytes. */
  sha256: string;
  /** variablesDigest of what twilio-run uploads from it. */
  uploadedSha256: string;
  /** Number of variables uploaded. */
  uploaded: number;
}

/** Project-relative file path (forward slashes) → sha256. */
export type Manifest = Record<string, string>;

export interface Resource {
  /** Deployed path, e.g. `/sms/inbound` or `/clinic.json`. */
  path: string;
  /** From the file name: public | protected | private. */
  access: string;
}

export interface Listing {
  functions: Resource[];
  assets: Resource[];
}

export interface GatedBuild extends Listing {
  env: GatedEnv;
}

export class GatedBuildError extends Error {}

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

/** The manifest of `<base>/functions` and `<base>/assets`, keyed relative to `base`. */
export function manifestOf(root: string, base: string): Manifest {
  const out: Manifest = {};
  const baseDir = join(root, base);
  for (const sub of ['functions', 'assets']) {
    for (const file of files(join(baseDir, sub)).sort()) out[relative(baseDir, file).split(sep).join('/')] = sha256(readFileSync(file));
  }
  return out;
}

export function sameManifest(a: Manifest, b: Manifest): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

/** Function and Asset paths and access as twilio-run would deploy the given folders. */
export async function listingOf(root: string, functionsFolder: string, assetsFolder: string): Promise<Listing> {
  const l = await getListOfFunctionsAndAssets(root, { functionsFolderNames: [functionsFolder], assetsFolderNames: [assetsFolder] });
  const pick = (r: { path: string; access: string }): Resource => ({ path: r.path, access: r.access });
  const byPath = (a: Resource, b: Resource): number => a.path.localeCompare(b.path);
  return { functions: l.functions.map(pick).sort(byPath), assets: l.assets.map(pick).sort(byPath) };
}

/**
 * Writes the checked map as the canonical env file and proves every reader gets the map back: the
 * strict parser, dotenv 16 and twilio-run's own dotenv (`parsers`, default the real pair).
 */
export function writeCanonicalEnv(root: string, envVars: Readonly<Record<string, string>>, parsers?: readonly DotenvParse[]): GatedEnv {
  const wanted: Record<string, string> = Object.fromEntries(Object.entries(envVars).filter(([, v]) => v !== ''));
  let text: string;
  try {
    text = canonicalEnv(wanted);
  } catch {
    throw new GatedBuildError('a checked variable cannot be written as one env file line: fix the deploy env file');
  }
  writeFileSync(join(root, GATED_ENV), text, { mode: 0o600 });
  const bytes = readFileSync(join(root, GATED_ENV));
  const strict = parseEnvStrict(bytes);
  let same: boolean;
  try {
    same =
      strict.ok &&
      crossCheckEnv(bytes.toString('utf8'), strict.entries, parsers).length === 0 &&
      sameVariables(Object.fromEntries(strict.entries.map((e) => [e.key, e.value])), wanted);
  } catch {
    throw new GatedBuildError("twilio-run's own dotenv could not be loaded to check the env file it will upload (npm install)");
  }
  if (!same) throw new GatedBuildError(`${GATED_ENV} does not read back as the checked variables with every parser: nothing uploaded`);
  const uploaded = uploadedVariables(wanted);
  return { file: GATED_ENV, sha256: sha256(bytes), uploadedSha256: variablesDigest(uploaded), uploaded: Object.keys(uploaded).length };
}

/**
 * Copies dist/ to dist/gated/ and checks it against `checked` (the manifest of the build the checks
 * ran on), and writes the checked variables as dist/gated/deploy.env. Refuses when dist/gated
 * already exists (another gated deploy is running, or one was killed), leaving it alone; on any
 * other failure removes what it staged.
 */
export async function stageGatedBuild(
  root: string,
  checked: Manifest,
  now: Date,
  envVars: Readonly<Record<string, string>>,
  parsers?: readonly DotenvParse[],
): Promise<GatedBuild> {
  const gated = join(root, GATED_DIR);
  if (existsSync(gated))
    throw new GatedBuildError(
      `${GATED_DIR} exists: another gated deploy is running, or one was interrupted (then remove ${GATED_DIR} and run again)`,
    );
  if (!sameManifest(manifestOf(root, 'dist'), checked))
    throw new GatedBuildError('dist/ changed while the checks ran (a rebuild or an edit): run npm run deploy again');
  mkdirSync(gated, { recursive: true, mode: 0o700 });
  try {
    cpSync(join(root, 'dist', 'functions'), join(root, GATED_FUNCTIONS), { recursive: true });
    cpSync(join(root, 'dist', 'assets'), join(root, GATED_ASSETS), { recursive: true });
    const staged = manifestOf(root, GATED_DIR);
    if (!sameManifest(staged, checked)) throw new GatedBuildError(`the copy in ${GATED_DIR} does not match the checked build`);
    const env = writeCanonicalEnv(root, envVars, parsers);
    writeFileSync(join(root, GATED_MANIFEST), `${JSON.stringify({ createdAt: now.toISOString(), files: staged, env }, null, 2)}\n`);
    return { ...(await listingOf(root, GATED_FUNCTIONS, GATED_ASSETS)), env };
  } catch (err) {
    removeGatedBuild(root);
    throw err instanceof GatedBuildError ? err : new GatedBuildError(`could not stage ${GATED_DIR}`);
  }
}

export function removeGatedBuild(root: string): void {
  rmSync(join(root, GATED_DIR), { recursive: true, force: true });
}
