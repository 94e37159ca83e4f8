/**
 * The gate steps that run the project's own tools in child processes: the typecheck (tsc), the
 * tests of the offline checks (jest on a fixed list) and `twilio-run deploy`. Their output is
 * captured, not streamed: the gate reports counts, file:line locations with TS codes, failing test
 * names, and the last lines of twilio-run's error with ANSI codes removed and any phone number
 * masked, never whole tool output (a failing assertion may print test data).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { maskNumber } from '../../runtime/core/mask';

/** The tests of the offline checks the gate runs before any preflight. */
export const OFFLINE_CHECK_TESTS = [
  'test/unit/project-invariants.test.ts',
  'test/lint/lint-invariants.test.ts',
  'test/preflight/rules-invariants.test.ts',
  'test/unit/reminder-assets.test.ts',
] as const;

export interface CheckResult {
  ok: boolean;
  summary: string;
  /** PHI-free detail lines (locations, test names). */
  details: string[];
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

const MAX_OUTPUT = 4 * 1024 * 1024;

/** The environment for child tools: no DEBUG (twilio-run's debug output prints its whole config). */
export function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, FORCE_COLOR: '0' };
  delete out.DEBUG;
  return out;
}

export function runNode(root: string, script: string, args: readonly string[], timeoutMs: number): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, script), ...args], {
      cwd: root,
      env: childEnv(process.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      if (stdout.length < MAX_OUTPUT) stdout += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < MAX_OUTPUT) stderr += c.toString('utf8');
    });
    child.on('error', () => resolve({ code: null, stdout, stderr }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// eslint-disable-next-line no-control-regex -- ANSI escape sequences start with ESC
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** ANSI codes removed, E.164-looking numbers masked, at most `max` non-empty lines from the end. */
export function safeTail(text: string, max = 20): string[] {
  const clean = text.replace(ANSI, '').replace(/\+[1-9][0-9]{7,14}/g, (n) => maskNumber(n));
  return clean
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(-max);
}

export async function typecheck(root: string): Promise<CheckResult> {
  const ran = await runNode(root, 'node_modules/typescript/bin/tsc', ['-p', '.', '--noEmit', '--pretty', 'false'], 10 * 60_000);
  const errors = [...`${ran.stdout}\n${ran.stderr}`.matchAll(/^(.+?)\((\d+),(\d+)\): error (TS\d+):/gm)].map(
    (m) => `${m[1]}(${m[2]},${m[3]}) ${m[4]}`,
  );
  if (ran.code === 0) return { ok: true, summary: 'no type errors', details: [] };
  return {
    ok: false,
    summary: errors.length > 0 ? `${errors.length} type error(s): run npm run typecheck for the messages` : 'tsc did not finish',
    details: errors.slice(0, 30),
  };
}

interface JestJson {
  numPassedTests?: number;
  numFailedTests?: number;
  testResults?: { name?: string; status?: string; assertionResults?: { fullName?: string; status?: string }[] }[];
}

export async function offlineCheckTests(root: string): Promise<CheckResult> {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-gate-jest-'));
  const out = join(dir, 'result.json');
  try {
    const ran = await runNode(
      root,
      'node_modules/jest/bin/jest.js',
      ['--ci', '--silent', '--json', `--outputFile=${out}`, '--runTestsByPath', ...OFFLINE_CHECK_TESTS],
      15 * 60_000,
    );
    let report: JestJson = {};
    try {
      report = JSON.parse(readFileSync(out, 'utf8')) as JestJson;
    } catch {
      return {
        ok: false,
        summary: 'jest did not report a result: run the tests with npx jest to see why',
        details: [...OFFLINE_CHECK_TESTS],
      };
    }
    const failed = (report.testResults ?? []).flatMap((f) => {
      const file = f.name ? relative(root, f.name) : 'a test file';
      const tests = (f.assertionResults ?? []).filter((a) => a.status === 'failed').map((a) => `${file}: ${a.fullName ?? 'a test'}`);
      return tests.length === 0 && f.status === 'failed' ? [`${file}: could not run`] : tests;
    });
    const passed = report.numPassedTests ?? 0;
    if (ran.code === 0 && failed.length === 0)
      return { ok: true, summary: `${passed} test(s) passed in ${OFFLINE_CHECK_TESTS.length} files`, details: [] };
    return {
      ok: false,
      summary: `${report.numFailedTests ?? failed.length} test(s) failed: run npx jest ${OFFLINE_CHECK_TESTS.join(' ')}`,
      details: failed.slice(0, 30),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
