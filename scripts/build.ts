/**
 * Build: precompile schemas, bundle each Function (functions/**\/*.ts) with its typed core into
 * dist/functions (one self-contained .js per Function: deployed Functions cannot require each
 * other by relative path), and copy assets/ to dist/assets without any TypeScript.
 * Only twilio stays external (EXTERNAL_PACKAGES); twilio-run installs package.json dependencies.
 */
import { build, type BuildOptions as BuildOptionsEsbuild, type Metafile } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { compileSchemas } from './compile-schemas';

/** Packages the Function bundles require at run time (installed from package.json dependencies). */
export const EXTERNAL_PACKAGES = ['twilio', 'twilio/*', '@twilio/runtime-handler'];

export function listFiles(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(full, suffix));
    else if (name.endsWith(suffix)) out.push(full);
  }
  return out.sort();
}

/**
 * What no Function bundle may contain: tooling (src/tooling/: preflight, linters, deploy, SID, flows,
 * CLI cores) and the entry points around it. The import check (.dependency-cruiser.cjs) keeps the
 * source honest; this checks the bundles themselves, after esbuild resolved every import.
 */
export const FORBIDDEN_BUNDLE_INPUTS = ['src/tooling/', 'scripts/', 'plugin/', 'test/', 'bench/'];

export class BundleInputError extends Error {}

/**
 * Each (bundle, input) pair where a Function bundle's inputs include a forbidden path: what the bundle
 * holds, and everything its entry point imports, even what tree-shaking then dropped (an import is
 * the mistake, whether or not bytes reach the bundle). Metafile paths are relative to esbuild's
 * working directory (`cwd`); they are compared relative to `root`.
 */
export function forbiddenBundleInputs(metafile: Metafile, root: string, cwd: string = process.cwd()): { bundle: string; input: string }[] {
  const toRoot = (p: string): string =>
    relative(root, isAbsolute(p) ? p : resolve(cwd, p))
      .split(sep)
      .join('/');
  const found: { bundle: string; input: string }[] = [];
  for (const [bundle, out] of Object.entries(metafile.outputs)) {
    const reached = new Set(Object.keys(out.inputs));
    const visited = new Set<string>();
    const queue = [...reached, ...(out.entryPoint ? [out.entryPoint] : [])];
    while (queue.length > 0) {
      const input = queue.pop() as string;
      if (visited.has(input)) continue;
      visited.add(input);
      reached.add(input);
      for (const imp of metafile.inputs[input]?.imports ?? []) if (!imp.external) queue.push(imp.path);
    }
    for (const input of [...reached].sort()) {
      const rel = toRoot(input);
      if (FORBIDDEN_BUNDLE_INPUTS.some((prefix) => rel.startsWith(prefix))) found.push({ bundle: toRoot(bundle), input: rel });
    }
  }
  return found;
}

/** Throws BundleInputError naming every offending bundle and input (paths only). */
export function assertNoForbiddenBundleInputs(metafile: Metafile, root: string, cwd?: string): void {
  const found = forbiddenBundleInputs(metafile, root, cwd);
  if (found.length > 0) {
    throw new BundleInputError(
      `Function bundles must not include tooling or entry-point code (${FORBIDDEN_BUNDLE_INPUTS.join(', ')}):\n${found.map((f) => `  ${f.bundle} <- ${f.input}`).join('\n')}`,
    );
  }
}

/** The esbuild options of the Function bundles (one self-contained CJS file per Function, with a metafile). */
export function functionBundleOptions(
  entryPoints: string[],
  functionsDir: string,
  outdir: string,
): BuildOptionsEsbuild & { metafile: true } {
  return {
    entryPoints,
    outbase: functionsDir,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // twilio stays external: the runtime loads the project's copy before the Function, and TwiML
    // classes must be that copy. Everything else (ajv runtime, libphonenumber-js) is bundled: a
    // separate package costs a cold start ~34 ms in small-file requires (npm run bench -- --only coldstart).
    external: EXTERNAL_PACKAGES,
    sourcemap: false,
    logLevel: 'warning',
    metafile: true,
  };
}

export interface BuildOptions {
  root: string;
  functionsDir?: string;
  outDir?: string;
}

export async function buildProject(opts: BuildOptions): Promise<{ functions: string[]; assets: string[] }> {
  const root = opts.root;
  const functionsDir = opts.functionsDir ?? join(root, 'functions');
  const outDir = opts.outDir ?? join(root, 'dist');
  compileSchemas(root);
  rmSync(outDir, { recursive: true, force: true });
  const entryPoints = listFiles(functionsDir, '.ts').filter((f) => !f.endsWith('.d.ts'));
  const result = await build(functionBundleOptions(entryPoints, functionsDir, join(outDir, 'functions')));
  try {
    assertNoForbiddenBundleInputs(result.metafile, root);
  } catch (err) {
    rmSync(join(outDir, 'functions'), { recursive: true, force: true });
    throw err;
  }
  const assetsOut = join(outDir, 'assets');
  mkdirSync(assetsOut, { recursive: true });
  const assetsDir = join(root, 'assets');
  if (existsSync(assetsDir)) {
    // No TypeScript and no dotfiles (.gitkeep and the like would otherwise ship as public assets).
    cpSync(assetsDir, assetsOut, {
      recursive: true,
      filter: (src) => src === assetsDir || !(src.endsWith('.ts') || basename(src).startsWith('.')),
    });
  }
  return {
    functions: listFiles(join(outDir, 'functions'), '.js').map((f) => relative(outDir, f)),
    assets: listFiles(assetsOut, '').map((f) => relative(outDir, f)),
  };
}

if (require.main === module) {
  buildProject({ root: join(__dirname, '..') }).then(
    (r) => console.log(`built ${r.functions.length} function(s), ${r.assets.length} asset(s) into dist/`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : 'build failed');
      process.exit(1);
    },
  );
}
