/**
 * `npm run -s preflight -- ...`: check the target Twilio account's HIPAA designation and settings
 * (and this project's build) before deploying. `npm run -s preflight -- init` writes
 * hipaa.config.json and a .env.deploy skeleton. See docs/preflight.md, src/tooling/preflight/cli/run.ts
 * and src/tooling/preflight/init/run.ts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import twilio from 'twilio';
import pkg from '../package.json';
import { confirmOnStdin } from '../src/tooling/cli/confirm';
import { headStatus } from '../src/tooling/preflight/cli/probe';
import type * as PreflightRun from '../src/tooling/preflight/cli/run';
import { linePrompter } from '../src/tooling/preflight/init/prompt';
import { runInitCli } from '../src/tooling/preflight/init/run';
import { compileSchemas } from './compile-schemas';

const root = join(__dirname, '..');

/**
 * The project rules import the precompiled schema validators (src/generated, git-ignored, written
 * by `npm run build`). A fresh clone has none yet: compile them (the same step `npm run typecheck`
 * runs) instead of failing on a missing module.
 */
function loadPreflight(): typeof PreflightRun {
  if (!existsSync(join(root, 'src', 'generated', 'validators', 'validateClinicConfig.js'))) {
    process.stderr.write('Compiling the schema validators (first run; `npm run build` does this too)...\n');
    compileSchemas(root);
  }
  // Loaded only now, after the validators exist (a static import would fail before this runs).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../src/tooling/preflight/cli/run') as typeof PreflightRun;
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'init') {
    const interactive = process.stdin.isTTY === true;
    const prompter = interactive ? linePrompter(process.stdin, process.stderr) : undefined;
    try {
      return await runInitCli(argv.slice(1), {
        root,
        stdout: (t) => process.stdout.write(t),
        stderr: (t) => process.stderr.write(t),
        interactive,
        ...(prompter ? { prompter } : {}),
      });
    } finally {
      prompter?.close();
    }
  }
  const { runPreflightCli } = loadPreflight();
  const outcome = await runPreflightCli(argv, {
    root,
    env: process.env,
    makeClient: (username, password, accountSid) => twilio(username, password, { accountSid }),
    probeStatus: (url) => headStatus(url),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: process.stdout.isTTY === true && process.stderr.isTTY === true,
    confirm: confirmOnStdin,
    toolVersion: pkg.version,
  });
  return outcome.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  () => {
    process.stderr.write('preflight failed unexpectedly\n');
    process.exit(3);
  },
);
