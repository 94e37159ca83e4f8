/**
 * `npm run deploy -- --help` / `-h`: the real script (scripts/deploy.ts through tsx, as the npm
 * script runs it) prints the usage and exits 0 before doing anything else, wherever the flag is.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

test.each([[['--help']], [['-h']], [['--env', '.env.deploy', '--help']]])(
  'scripts/deploy.ts %j: usage on stdout, exit 0',
  (args) => {
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'deploy.ts'), ...args],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, FORCE_COLOR: '0' } },
    );
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(/^usage: npm run deploy -- \[--profile redaction\|studio\]/);
    expect(r.stdout).toContain('exit codes: 0 deployed and verified');
  },
  60_000,
);
