/**
 * Build: precompile schemas, bundle each Function (functions/**\/*.ts) with its typed core into
 * dist/functions (one self-contained .js per Function: deployed Functions cannot require each
 * other by relative path), and copy assets/ to dist/assets without any TypeScript.
 * Only twilio stays external (EXTERNAL_PACKAGES); twilio-run installs package.json dependencies.
 */
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
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
  await build({
    entryPoints,
    outbase: functionsDir,
    outdir: join(outDir, 'functions'),
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
  });
  const assetsOut = join(outDir, 'assets');
  mkdirSync(assetsOut, { recursive: true });
  const assetsDir = join(root, 'assets');
  if (existsSync(assetsDir)) {
    // No TypeScript and no dotfiles (.gitkeep and the like would otherwise ship as public assets).
    cpSync(assetsDir, assetsOut, { recursive: true, filter: (src) => src === assetsDir || !(src.endsWith('.ts') || basename(src).startsWith('.')) });
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
