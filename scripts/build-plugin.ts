/**
 * Builds the Twilio CLI plugin (plugin/): bundles each command, the prerun hook and the command
 * layer (plugin/src/core.ts with our src/) with esbuild into plugin/dist, then writes
 * plugin/oclif.manifest.json so the CLI lists our commands without loading them (startup cost).
 * Externals are the plugin's dependencies (plugin/package.json): @oclif/core, @twilio/cli-core,
 * twilio. Run by `npm run build`, after `npm install` (prepare) and by `npm pack ./plugin`.
 */
import { build, type Plugin } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileSchemas } from './compile-schemas';

export const PLUGIN_DIR = join(__dirname, '..', 'plugin');

/** The plugin's runtime dependencies (plugin/package.json): everything else is bundled. */
export const PLUGIN_EXTERNALS = ['@oclif/core', '@twilio/cli-core', 'twilio'];

/**
 * src/tooling/lint/message/stem.ts loads the stemmers with createRequire (an ESM-typed package used from
 * CommonJS), which a bundler cannot follow: for the bundle, those loads become plain requires so
 * the stemmers are bundled too (else the installed plugin fails with MODULE_NOT_FOUND).
 */
export const bundleCreateRequireLoads: Plugin = {
  name: 'bundle-create-require-loads',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]tooling[\\/]lint[\\/]message[\\/]stem\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replace(/\bload\((['"])(@orama\/stemmers\/[a-z]+)\1\)/g, 'require($1$2$1)'),
      loader: 'ts',
    }));
  },
};

export async function buildPlugin(dir = PLUGIN_DIR): Promise<{ commands: string[] }> {
  // The preflight's project rules import the precompiled validators (src/generated): a fresh clone has none yet.
  compileSchemas(join(dir, '..'));
  const src = join(dir, 'src');
  const out = join(dir, 'dist');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const commands = readdirSync(join(src, 'commands', 'hipaa')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  await build({
    entryPoints: [join(src, 'core.ts'), join(src, 'hooks', 'prerun.ts'), ...commands.map((f) => join(src, 'commands', 'hipaa', f))],
    outdir: out,
    outbase: src,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: PLUGIN_EXTERNALS,
    plugins: [bundleCreateRequireLoads],
    logLevel: 'error',
    legalComments: 'none',
  });
  // The manifest, as oclif would write it: loading our commands through oclif itself.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Plugin } = require('@oclif/core') as typeof import('@oclif/core');
  const plugin = new Plugin({ root: dir, type: 'core', ignoreManifest: true, errorOnManifestCreate: true });
  await plugin.load();
  writeFileSync(join(dir, 'oclif.manifest.json'), `${JSON.stringify(plugin.manifest)}\n`);
  return { commands: Object.keys(plugin.manifest.commands) };
}

if (require.main === module) {
  buildPlugin().then(
    ({ commands }) => process.stdout.write(`built the Twilio CLI plugin: ${commands.map((c) => `twilio ${c}`).join(', ')}\n`),
    (err: unknown) => {
      process.stderr.write(`plugin build failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
