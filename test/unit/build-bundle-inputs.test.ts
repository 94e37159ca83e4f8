/**
 * The build refuses a Function bundle that includes tooling or entry-point code (scripts/build.ts
 * assertNoForbiddenBundleInputs on esbuild's metafile): the shipped Functions bundle none, a metafile
 * listing a tooling input fails, and a real bundle of a Function importing tooling fails too.
 */
import { build, type Metafile } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assertNoForbiddenBundleInputs,
  BundleInputError,
  forbiddenBundleInputs,
  functionBundleOptions,
  listFiles,
} from '../../scripts/build';

const ROOT = join(__dirname, '..', '..');

function metafile(inputs: string[]): Metafile {
  const bytes = { bytesInOutput: 1 };
  return {
    inputs: {},
    outputs: {
      'dist/functions/sms/status.protected.js': {
        bytes: 1,
        inputs: Object.fromEntries(inputs.map((i) => [i, bytes])),
        imports: [],
        exports: [],
      },
    },
  } as unknown as Metafile;
}

async function bundle(entryPoints: string[], functionsDir: string): Promise<Metafile> {
  const result = await build({ ...functionBundleOptions(entryPoints, functionsDir, join(ROOT, 'dist', 'never-written')), write: false });
  return result.metafile;
}

describe('Function bundles never include tooling', () => {
  test('a metafile listing a tooling input (or a script, test or plugin file) fails, naming bundle and input', () => {
    for (const input of ['src/tooling/cli/args.ts', 'scripts/build.ts', 'test/helpers/canary.ts', 'plugin/src/core.ts', 'bench/run.ts']) {
      const m = metafile(['functions/sms/status.protected.ts', 'src/runtime/core/log.ts', input]);
      expect(forbiddenBundleInputs(m, ROOT, ROOT)).toEqual([{ bundle: 'dist/functions/sms/status.protected.js', input }]);
      expect(() => assertNoForbiddenBundleInputs(m, ROOT, ROOT)).toThrow(BundleInputError);
    }
    expect(
      forbiddenBundleInputs(
        metafile(['functions/sms/status.protected.ts', 'src/runtime/core/log.ts', 'node_modules/ajv/dist/runtime/equal.js']),
        ROOT,
        ROOT,
      ),
    ).toEqual([]);
  });

  test('an import counts even when tree-shaking leaves no bytes of it in the bundle', () => {
    const m = {
      inputs: {
        'functions/sms/status.protected.ts': {
          bytes: 1,
          imports: [{ path: 'src/runtime/core/log.ts', kind: 'import-statement', original: '../../src/core/log' }],
        },
        'src/runtime/core/log.ts': {
          bytes: 1,
          imports: [
            { path: 'src/tooling/cli/args.ts', kind: 'import-statement', original: '../tooling/cli/args' },
            { path: 'twilio', kind: 'require-call', external: true },
          ],
        },
        'src/tooling/cli/args.ts': { bytes: 1, imports: [] },
      },
      outputs: {
        'dist/functions/sms/status.protected.js': {
          bytes: 1,
          entryPoint: 'functions/sms/status.protected.ts',
          inputs: { 'functions/sms/status.protected.ts': { bytesInOutput: 1 }, 'src/runtime/core/log.ts': { bytesInOutput: 1 } },
          imports: [],
          exports: [],
        },
      },
    } as unknown as Metafile;
    expect(forbiddenBundleInputs(m, ROOT, ROOT)).toEqual([
      { bundle: 'dist/functions/sms/status.protected.js', input: 'src/tooling/cli/args.ts' },
    ]);
  });

  test('the shipped Functions bundle no tooling (same options as the build)', async () => {
    const functionsDir = join(ROOT, 'functions');
    const entries = listFiles(functionsDir, '.ts').filter((f) => !f.endsWith('.d.ts'));
    expect(entries.length).toBeGreaterThan(0);
    const m = await bundle(entries, functionsDir);
    expect(Object.keys(m.outputs)).toHaveLength(entries.length);
    expect(forbiddenBundleInputs(m, ROOT)).toEqual([]);
  });

  test('a Function that imports tooling is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bundle-inputs-'));
    try {
      const entry = join(dir, 'bad.protected.ts');
      writeFileSync(
        entry,
        `import { UsageError } from ${JSON.stringify(join(ROOT, 'src', 'tooling', 'cli', 'args'))};\nexport const handler = () => new UsageError('x');\n`,
      );
      const m = await bundle([entry], dir);
      const found = forbiddenBundleInputs(m, ROOT);
      expect(found.map((f) => f.input)).toContain('src/tooling/cli/args.ts');
      expect(() => assertNoForbiddenBundleInputs(m, ROOT)).toThrow(/src\/tooling\/cli\/args\.ts/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
