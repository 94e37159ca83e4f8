/**
 * Shared by the Function benchmarks (coldstart, reminders): CLI flags, and a fresh build of the
 * project plus the bare baseline Function, copied into a scratch directory under .bench/ inside the
 * project (gitignored) so the bundles resolve their npm dependencies from the project's node_modules.
 */
import { build } from 'esbuild';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildProject, listFiles } from '../scripts/build';

export const ROOT = join(__dirname, '..');
export const BARE_ENTRY = join(__dirname, 'functions', 'bare.protected.ts');
/** The bare Function's route (and its path under the functions folder, without `.protected.js`). */
export const BARE_ROUTE = 'bench/bare';

/** `--name N` as a positive integer up to `max`, else the default. */
export function flag(name: string, fallback: number, max = 5000): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isInteger(v) && v > 0 && v <= max ? v : fallback;
}

export interface BuiltCopy {
  /** Scratch directory (inside the project). */
  work: string;
  /** Absolute: every built Function, plus the bare one under bench/. */
  functionsDir: string;
  assetsDir: string;
  /** Relative to the project root, as twilio-run wants them (it joins them to its cwd). */
  functionsFolderArg: string;
  assetsFolderArg: string;
  /** Absolute paths of the built project Functions (dist/functions/**.js), sorted; not the bare one. */
  functions: string[];
  bare: string;
  cleanup(): void;
}

/** Builds the project (dist/) and the bare Function, and copies both into `.bench/<prefix>XXXX`. */
export async function buildCopy(prefix: string): Promise<BuiltCopy> {
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  const work = mkdtempSync(join(ROOT, '.bench', prefix));
  try {
    await buildProject({ root: ROOT });
    const functionsDir = join(work, 'functions');
    const assetsDir = join(work, 'assets');
    cpSync(join(ROOT, 'dist', 'functions'), functionsDir, { recursive: true });
    cpSync(join(ROOT, 'dist', 'assets'), assetsDir, { recursive: true });
    const functions = listFiles(functionsDir, '.js');
    await build({
      entryPoints: [BARE_ENTRY],
      outdir: join(functionsDir, 'bench'),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      logLevel: 'warning',
    });
    return {
      work,
      functionsDir,
      assetsDir,
      functionsFolderArg: relative(ROOT, functionsDir),
      assetsFolderArg: relative(ROOT, assetsDir),
      functions,
      bare: join(functionsDir, 'bench', 'bare.protected.js'),
      cleanup: () => rmSync(work, { recursive: true, force: true }),
    };
  } catch (err) {
    rmSync(work, { recursive: true, force: true });
    throw err;
  }
}

/** `sms/inbound` for `<functionsDir>/sms/inbound.protected.js`. */
export function routeOf(functionsDir: string, file: string): string {
  return relative(functionsDir, file)
    .replace(/\\/g, '/')
    .replace(/(\.protected)?\.js$/, '');
}
