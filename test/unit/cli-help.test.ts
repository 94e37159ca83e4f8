/**
 * Every command the README documents with arguments (`npm run [-s] NAME -- ...`), and each
 * subcommand it names (`-- render|deploy|purge`, `-- flow`, `-- init`, ...), answers `--help` and
 * `-h` with its usage on stdout and exit 0, run as a real process the way npm runs it (the tsx
 * command of package.json's script). Table-driven from README.md: a newly documented command
 * without --help fails here.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pkg from '../../package.json';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SCRIPTS = pkg.scripts as Record<string, string>;

/** `npm run -s flows -- render\|deploy\|purge` → flows: render, deploy, purge (placeholders like SID... or --to are not subcommands). */
export function documentedCommands(readme: string): Map<string, Set<string>> {
  const commands = new Map<string, Set<string>>();
  for (const m of readme.matchAll(/npm run(?: -s)? ([a-z][\w:-]*) -- ([^`\n]*)/g)) {
    const subs = commands.get(m[1]!) ?? new Set<string>();
    const first = (m[2] ?? '').trim().split(/\s+/)[0] ?? '';
    for (const word of first.split(/\\?\|/)) if (/^[a-z][a-z-]*$/.test(word)) subs.add(word);
    commands.set(m[1]!, subs);
  }
  return commands;
}

const COMMANDS = documentedCommands(README);
const CASES: { name: string; args: string[]; flag: string }[] = [];
for (const [name, subs] of COMMANDS) {
  for (const sub of ['', ...subs]) {
    for (const flag of ['--help', '-h']) CASES.push({ name, args: sub ? [sub, flag] : [flag], flag });
  }
}

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function scriptOf(name: string): string | null {
  return /^tsx (scripts\/[\w-]+\.ts)$/.exec(SCRIPTS[name] ?? '')?.[1] ?? null;
}

function run(script: string, args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    // No credentials or local settings: help must not need any.
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    };
    const child = spawn(process.execPath, [TSX, script, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const results = new Map<string, Result>();
const key = (c: { name: string; args: string[] }): string => `${c.name} ${c.args.join(' ')}`;

beforeAll(async () => {
  // Two at a time (CI has two cores); each is a fresh tsx process.
  const queue = CASES.filter((c) => scriptOf(c.name) !== null);
  const worker = async (): Promise<void> => {
    for (let c = queue.shift(); c; c = queue.shift()) results.set(key(c), await run(scriptOf(c.name)!, c.args));
  };
  await Promise.all([worker(), worker()]);
}, 300_000);

describe('--help and -h on every documented CLI', () => {
  test('the README documents the CLIs this test expects to find (the parser still works)', () => {
    expect([...COMMANDS.keys()]).toEqual(
      expect.arrayContaining(['preflight', 'deploy', 'sid', 'optout', 'events', 'remind', 'flows', 'lint']),
    );
    expect([...COMMANDS.get('lint')!]).toEqual(expect.arrayContaining(['flow', 'message']));
    expect([...COMMANDS.get('flows')!]).toEqual(expect.arrayContaining(['render', 'deploy', 'purge']));
    expect(documentedCommands('`npm run -s thing -- go\\|stop FILE...` and `npm run -s other -- SID...`')).toEqual(
      new Map([
        ['thing', new Set(['go', 'stop'])],
        ['other', new Set()],
      ]),
    );
  });

  test.each(CASES.map((c) => [key(c), c] as const))('npm run -s %s: usage on stdout, exit 0', (_label, c) => {
    expect(scriptOf(c.name)).not.toBeNull(); // a documented command is a tsx CLI in package.json
    const r = results.get(key(c))!;
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^usage: /m);
    expect(r.stdout).toMatch(new RegExp(`npm run(?: -s)? ${c.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`));
  });
});
