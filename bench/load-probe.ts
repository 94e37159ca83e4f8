/**
 * Module-load timing in a fresh node process per sample (for the coldstart benchmark). The child
 * runs with cwd at the project root and a minimal environment (no tsx hooks), times `require` of one
 * target with process.hrtime.bigint() and prints JSON. Modes:
 *   cold     nothing loaded first: the module's own load time;
 *   runtime  first what @twilio/runtime-handler does before it loads a Function (the project's
 *            `twilio` as the global `Twilio`, a stub `Runtime`), timed separately as the prelude;
 *   probe    after that prelude, whether the target is already in the require cache.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { ROOT } from './function-build';

export type Mode = 'cold' | 'runtime';

const CHILD = `
const [mode, target] = process.argv.slice(1);
const ms = (a, b) => Number(b - a) / 1e6;
const t0 = process.hrtime.bigint();
if (mode !== 'cold') {
  const path = require('path');
  const twilio = require(require.resolve('twilio', { paths: [path.join(process.cwd(), 'node_modules')] }));
  globalThis.Twilio = Object.assign({}, twilio, { Response: function Response() {} });
  globalThis.Runtime = { getAssets: () => ({}), getFunctions: () => ({}) };
}
const t1 = process.hrtime.bigint();
if (mode === 'probe') {
  process.stdout.write(JSON.stringify({ cached: require.resolve(target) in require.cache }));
} else {
  require(target);
  process.stdout.write(JSON.stringify({ prelude: ms(t0, t1), load: ms(t1, process.hrtime.bigint()) }));
}
`;

export interface LoadSample {
  /** ms spent in the runtime prelude (0 in cold mode). */
  prelude: number;
  /** ms spent in `require(target)`. */
  load: number;
  /** ms from spawn to exit of the whole child, node boot included (measured by the parent). */
  process: number;
}

function runChild(mode: Mode | 'probe', target: string): string {
  try {
    return execFileSync(process.execPath, ['-e', CHILD, mode, target], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`load probe failed (${mode} ${target}): ${stderr.split('\n').find((l) => /Error/.test(l)) ?? 'no output'}`, {
      cause: err,
    });
  }
}

/** One fresh process: `require(target)` (an absolute bundle path or a package specifier). */
export function sampleLoad(mode: Mode, target: string): LoadSample {
  const started = process.hrtime.bigint();
  const out = JSON.parse(runChild(mode, target)) as { prelude: number; load: number };
  return { ...out, process: Number(process.hrtime.bigint() - started) / 1e6 };
}

/** Whether `spec` is already loaded once the runtime prelude (the project's twilio) has run. */
export function loadedByRuntime(spec: string): boolean {
  return (JSON.parse(runChild('probe', spec)) as { cached: boolean }).cached;
}

/** The npm specifiers a bundle requires at load (esbuild keeps them external), builtins excluded. */
export function externalImports(bundle: string): string[] {
  const found = new Set<string>();
  for (const m of readFileSync(bundle, 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)) {
    const spec = m[1] as string;
    if (!isBuiltin(spec) && !spec.startsWith('.')) found.add(spec);
  }
  return [...found].sort();
}
