/**
 * The real twilio-cli (node_modules/.bin/twilio) in a throwaway home: HOME and the CLI's config,
 * data and cache directories in a temp dir (never the user's ~/.twilio-cli), update checks and
 * auto-update off, our plugin and @twilio-labs/plugin-serverless linked with `twilio plugins:link`.
 * Runs are child processes with only the environment given here (credentials as the CLI documents
 * them: TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN, or TWILIO_API_KEY + TWILIO_API_SECRET).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const TWILIO_BIN = join(ROOT, 'node_modules', 'twilio-cli', 'bin', 'run');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliHome {
  dir: string;
  env: Record<string, string>;
  twilio(args: readonly string[], opts?: { cwd?: string; env?: Record<string, string> }): Promise<CliResult>;
  close(): void;
}

/** A node script in a child process (async: the fake answers from this process meanwhile). */
export function run(file: string, args: readonly string[], cwd: string, env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [file, ...args],
      { cwd, env, encoding: 'utf8', timeout: 120_000, maxBuffer: 32 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export function cliEnv(dir: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    USERPROFILE: dir,
    XDG_CONFIG_HOME: join(dir, 'xdg-config'),
    XDG_DATA_HOME: join(dir, 'xdg-data'),
    XDG_CACHE_HOME: join(dir, 'xdg-cache'),
    TWILIO_CONFIG_DIR: join(dir, 'config'),
    TWILIO_DATA_DIR: join(dir, 'data'),
    TWILIO_CACHE_DIR: join(dir, 'cache'),
    TWILIO_SKIP_NEW_VERSION_CHECK: 'true',
    TWILIO_DISABLE_AUTOUPDATE: '1',
    NO_COLOR: '1',
  };
}

export async function cliHome(): Promise<CliHome> {
  const dir = mkdtempSync(join(tmpdir(), 'twilio-cli-home-'));
  const env = cliEnv(dir);
  const twilio = (args: readonly string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> =>
    run(TWILIO_BIN, args, opts.cwd ?? ROOT, { ...env, ...opts.env });
  for (const plugin of [join(ROOT, 'plugin'), join(ROOT, 'node_modules', '@twilio-labs', 'plugin-serverless')]) {
    const linked = await twilio(['plugins:link', plugin]);
    if (linked.code !== 0) throw new Error(`twilio plugins:link failed (${linked.code}): ${linked.stderr}`);
  }
  return { dir, env, twilio, close: () => rmSync(dir, { recursive: true, force: true }) };
}
