/**
 * The gated build: after every check passed, dist/functions and dist/assets are copied to
 * dist/gated/ with a manifest (sha256 per file) that must equal the manifest taken right after the
 * build the checks ran on; twilio-run uploads dist/gated/ only, and the gate removes it when the
 * upload ends. The expected access of every Function and Asset comes from the staged file names,
 * read with the same listing code twilio-run deploys with.
 */
import { getListOfFunctionsAndAssets } from '@twilio-labs/serverless-api/dist/utils/fs';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { sha256 } from './guards';

export const GATED_DIR = 'dist/gated';
export const GATED_FUNCTIONS = `${GATED_DIR}/functions`;
export const GATED_ASSETS = `${GATED_DIR}/assets`;
export const GATED_MANIFEST = `${GATED_DIR}/manifest.json`;

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
 * Copies dist/ to dist/gated/ and checks it against `checked` (the manifest of the build the checks
 * ran on). Refuses when dist/gated already exists (another gated deploy is running, or one was
 * killed), leaving it alone; on any other failure removes what it staged.
 */
export async function stageGatedBuild(root: string, checked: Manifest, now: Date): Promise<Listing> {
  const gated = join(root, GATED_DIR);
  if (existsSync(gated)) throw new GatedBuildError(`${GATED_DIR} exists: another gated deploy is running, or one was interrupted (then remove ${GATED_DIR} and run again)`);
  if (!sameManifest(manifestOf(root, 'dist'), checked)) throw new GatedBuildError('dist/ changed while the checks ran (a rebuild or an edit): run npm run deploy again');
  mkdirSync(gated, { recursive: true });
  try {
    cpSync(join(root, 'dist', 'functions'), join(root, GATED_FUNCTIONS), { recursive: true });
    cpSync(join(root, 'dist', 'assets'), join(root, GATED_ASSETS), { recursive: true });
    const staged = manifestOf(root, GATED_DIR);
    if (!sameManifest(staged, checked)) throw new GatedBuildError(`the copy in ${GATED_DIR} does not match the checked build`);
    writeFileSync(join(root, GATED_MANIFEST), `${JSON.stringify({ createdAt: now.toISOString(), files: staged }, null, 2)}\n`);
    return await listingOf(root, GATED_FUNCTIONS, GATED_ASSETS);
  } catch (err) {
    removeGatedBuild(root);
    throw err instanceof GatedBuildError ? err : new GatedBuildError(`could not stage ${GATED_DIR}`);
  }
}

export function removeGatedBuild(root: string): void {
  rmSync(join(root, GATED_DIR), { recursive: true, force: true });
}
