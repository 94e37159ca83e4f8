/**
 * The gate's guards (deploy env file, ledger backend, credentials, serverless-toolkit #162) and the
 * append-only audit file. Messages name files, variables and SIDs; values never appear.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAudit, AUDIT_FILE } from '../../src/tooling/deploy/audit';
import { assertUnchanged, checkGuards, GuardError } from '../../src/tooling/deploy/guards';
import { assertNoCanary, CANARY_NAME } from '../helpers/canary';

const AC = `AC${'a'.repeat(32)}`;
const OTHER = `AC${'b'.repeat(32)}`;
const ZS = `ZS${'c'.repeat(32)}`;
const ZB = `ZB${'d'.repeat(32)}`;
const CLEAN = `ACCOUNT_SID=${AC}\nAUTH_TOKEN=${'e'.repeat(32)}\nLEDGER_BACKEND=sync\nCLINIC_NAME=${CANARY_NAME}\n`;

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'deploy-guards-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const write = (name: string, text: string): void => writeFileSync(join(root, name), text);
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GuardError);
    assertNoCanary((err as Error).message, 'a guard message');
    return (err as Error).message;
  }
  throw new Error('expected the guard to refuse');
}

describe('guards', () => {
  test('a clean deploy env file passes: its account, values kept for the checks', () => {
    write('.env.deploy', CLEAN);
    const t = checkGuards(root, '.env.deploy', {}, undefined);
    expect(t).toMatchObject({ accountSid: AC, cachedService: null, envVars: { LEDGER_BACKEND: 'sync', CLINIC_NAME: CANARY_NAME } });
  });

  test('refuses a missing deploy env file', () => {
    expect(refusal(() => checkGuards(root, '.env.deploy', {}, undefined))).toMatch(
      /^\.env\.deploy is missing: create it from \.env\.example/,
    );
  });

  test('refuses .env.local and .env as deploy env files', () => {
    write('.env.local', CLEAN);
    expect(refusal(() => checkGuards(root, '.env.local', {}, undefined))).toMatch(/is a local env file/);
    expect(refusal(() => checkGuards(root, '.env', {}, undefined))).toMatch(/is a local env file/);
  });

  test('refuses the local file-backed ledger, and any backend but sync', () => {
    write('.env.deploy', CLEAN.replace('LEDGER_BACKEND=sync', 'LEDGER_BACKEND=file'));
    expect(refusal(() => checkGuards(root, '.env.deploy', {}, undefined))).toMatch(
      /LEDGER_BACKEND=file: the file-backed ledger is for the local profile only/,
    );
    write('.env.deploy', CLEAN.replace('LEDGER_BACKEND=sync\n', ''));
    expect(refusal(() => checkGuards(root, '.env.deploy', {}, undefined))).toMatch(/must set LEDGER_BACKEND=sync/);
  });

  test('refuses a file without the credentials twilio-run deploys with', () => {
    write('.env.deploy', CLEAN.replace(/AUTH_TOKEN=.*\n/, ''));
    expect(refusal(() => checkGuards(root, '.env.deploy', {}, undefined))).toMatch(/must hold ACCOUNT_SID \(AC…\) and AUTH_TOKEN/);
  });

  test('refuses an environment naming another account than the file', () => {
    write('.env.deploy', CLEAN);
    expect(refusal(() => checkGuards(root, '.env.deploy', { TWILIO_ACCOUNT_SID: OTHER }, undefined))).toMatch(
      /the environment names another account/,
    );
    expect(checkGuards(root, '.env.deploy', { ACCOUNT_SID: AC }, undefined).accountSid).toBe(AC);
  });

  test('#162: refuses when .twiliodeployinfo records only another account, unless --service-sid is explicit', () => {
    write('.env.deploy', CLEAN);
    write('.twiliodeployinfo', JSON.stringify({ [`${OTHER}:us1`]: { serviceSid: ZS, latestBuild: ZB } }));
    const msg = refusal(() => checkGuards(root, '.env.deploy', {}, undefined));
    expect(msg).toContain(`records deploys to ${OTHER}, not to ${AC}`);
    expect(msg).toContain('serverless-toolkit #162');
    expect(msg).toContain('--service-sid');
    expect(checkGuards(root, '.env.deploy', {}, ZS).cachedService).toBeNull();
  });

  test("#162: this account's entry is used (us1, or the legacy bare key); a broken file refuses", () => {
    write('.env.deploy', CLEAN);
    write('.twiliodeployinfo', JSON.stringify({ [OTHER]: { serviceSid: ZS, latestBuild: ZB }, [AC]: { serviceSid: ZS, latestBuild: ZB } }));
    expect(checkGuards(root, '.env.deploy', {}, undefined).cachedService).toEqual({ serviceSid: ZS, latestBuild: ZB });
    write('.twiliodeployinfo', '{ not json');
    expect(refusal(() => checkGuards(root, '.env.deploy', {}, undefined))).toMatch(/not valid JSON/);
    write('.twiliodeployinfo', JSON.stringify({ [AC]: { serviceSid: 'nope' } }));
    expect(refusal(() => checkGuards(root, '.env.deploy', {}, undefined))).toMatch(/unexpected shape/);
  });

  test("one reading: a file dotenv 16 and twilio-run's dotenv could read differently refuses, naming lines and kinds only", () => {
    // dotenv 16 reads NOTE as one multi-line value; twilio-run reads DEBUG and a second ACCOUNT_SID.
    write('.env.deploy', `${CLEAN}NOTE="${CANARY_NAME}\nDEBUG=*\nACCOUNT_SID=${OTHER}"\n`);
    let err: GuardError | undefined;
    try {
      checkGuards(root, '.env.deploy', {}, undefined);
    } catch (e) {
      err = e as GuardError;
    }
    expect(err).toBeInstanceOf(GuardError);
    expect(err?.exitCode).toBe(1);
    expect(err?.message).toBe(
      ".env.deploy could be read differently by the checks (dotenv 16) and by twilio-run's upload (dotenv 6.2.0): fix the line(s) below (values not shown)",
    );
    expect(err?.lines).toEqual([
      expect.stringMatching(/^ {2}\.env\.deploy line 5: the quote is not closed on this line/),
      expect.stringMatching(/^ {2}\.env\.deploy line 7: an unquoted value ending with a quote/),
    ]);
    const all = `${err?.message}\n${err?.lines.join('\n')}`;
    assertNoCanary(all, 'a guard message');
    expect(all).not.toContain(OTHER);
  });

  test('the checked map is the strict reading: only non-empty variables', () => {
    write('.env.deploy', `${CLEAN}EMPTY=\nQUOTED='a # b'\n`);
    expect(checkGuards(root, '.env.deploy', {}, undefined).envVars).toEqual({
      ACCOUNT_SID: AC,
      AUTH_TOKEN: 'e'.repeat(32),
      LEDGER_BACKEND: 'sync',
      CLINIC_NAME: CANARY_NAME,
      QUOTED: 'a # b',
    });
  });

  test('a deploy env file changed after the checks is refused', () => {
    write('.env.deploy', CLEAN);
    const t = checkGuards(root, '.env.deploy', {}, undefined);
    expect(() => assertUnchanged(root, t)).not.toThrow();
    write('.env.deploy', `${CLEAN}DEBUG=1\n`);
    expect(refusal(() => assertUnchanged(root, t))).toMatch(/changed while the checks ran/);
  });
});

describe('deploy-audit.jsonl', () => {
  const entry = {
    time: '2026-11-20T10:00:00.000Z',
    rule: 'NUM-POST-WEBHOOKS',
    accountSid: AC,
    osUser: 'deployer',
    resource: `PN${'f'.repeat(32)}`,
  };

  test('appends one line per entry, keeps what was there, fields in a fixed order', () => {
    write(AUDIT_FILE, '{"earlier":"line"}\n');
    appendAudit(root, [entry, { ...entry, resource: null }]);
    appendAudit(root, []);
    const lines = readFileSync(join(root, AUDIT_FILE), 'utf8').split('\n');
    expect(lines).toEqual([
      '{"earlier":"line"}',
      `{"time":"2026-11-20T10:00:00.000Z","rule":"NUM-POST-WEBHOOKS","accountSid":"${AC}","osUser":"deployer","resource":"PN${'f'.repeat(32)}"}`,
      `{"time":"2026-11-20T10:00:00.000Z","rule":"NUM-POST-WEBHOOKS","accountSid":"${AC}","osUser":"deployer","resource":null}`,
      '',
    ]);
  });

  test('is not git-ignored (teams commit it); the gated build is', () => {
    const ignored = (path: string): boolean => {
      try {
        execFileSync('git', ['check-ignore', '-q', path], { cwd: join(__dirname, '..', '..'), stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    };
    expect(ignored(AUDIT_FILE)).toBe(false);
    expect(ignored('dist/gated/manifest.json')).toBe(true);
  });
});
