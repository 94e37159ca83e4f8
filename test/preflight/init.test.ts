/**
 * `npm run -s preflight -- init`: the facts come from the config schema; hipaa.config.json is
 * written as a commented copy of the example that reads back valid; .env.deploy is a skeleton
 * (values empty, LEDGER_BACKEND=sync) the preflight reads without crashing and that says which
 * credentials are missing; nothing is overwritten without asking. The terminal path runs for real
 * in a pseudo-terminal (util-linux `script`) and with fake streams; the flag path as a real process.
 * No answer is ever repeated in an error (canaries).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse as parseDotenv } from 'dotenv';
import JSON5 from 'json5';
import twilio from 'twilio';
import schema from '../../schemas/hipaa-config.schema.json';
import { parseHipaaConfig } from '../../src/tooling/config/hipaa-config';
import { runPreflightCli } from '../../src/tooling/preflight/cli/run';
import { checkAnswer, FACTS, kebab } from '../../src/tooling/preflight/init/facts';
import { annotate, render } from '../../src/tooling/preflight/init/jsonc';
import { linePrompter } from '../../src/tooling/preflight/init/prompt';
import { runInitCli, type InitDeps } from '../../src/tooling/preflight/init/run';
import { envSkeleton, renderConfig } from '../../src/tooling/preflight/init/writer';
import { RedirectingRequestClient } from '../fake-twilio';
import { assertNoCanary, CANARY_NAME, CANARY_PHONE } from '../helpers/canary';
import { finishWorld, startWorld } from './harness';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const EXAMPLE = readFileSync(join(ROOT, 'hipaa.config.example.jsonc'), 'utf8');
const ENV_EXAMPLE = readFileSync(join(ROOT, '.env.example'), 'utf8');
const TODAY = '2026-06-15';
const SID = `AC${'ab'.repeat(16)}`;

/** Every required fact as flags (stop filtering disabled by ticket), plus one optional attestation. */
const FLAGS = [
  '--account-sid',
  SID,
  '--profile',
  'redaction',
  '--by',
  'compliance-officer',
  '--designated',
  'yes',
  '--designated-at',
  '2026-02-01',
  '--designation-method',
  'self-service',
  '--inherit-new-subaccounts',
  'yes',
  '--baa-signed',
  'yes',
  '--baa-signed-at',
  '2026-01-15',
  '--baa-edition',
  'Security',
  '--message-redaction',
  'yes',
  '--stop-filtering-disabled',
  'yes',
  '--stop-filtering-disabled-ticket',
  '12345678',
  '--mms-media-http-auth',
  'yes',
  '--recording-http-auth',
  'yes',
  '--static-proxy',
  'no',
  '--staff-training',
  'yes',
  '--twiml-bins-phi-free',
  'yes',
];

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'preflight-init-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Proc {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real CLI, not at a terminal (stdin is /dev/null). */
function runPreflightProcess(args: string[], root = ROOT): Proc {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}) };
  const r = spawnSync(process.execPath, [TSX, 'scripts/preflight.ts', ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 90_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const runInitProcess = (args: string[]): Proc => runPreflightProcess(['init', ...args]);

/** What a fresh clone has: the sources, no build, no generated validators, no config, no .env.deploy. */
function freshClone(): string {
  const dir = tempDir();
  const skip = new Set([
    'node_modules',
    '.git',
    'dist',
    'test',
    'bench',
    'coverage',
    '.bench',
    '.local-ledger',
    'src/generated',
    'hipaa.config.json',
    '.env.deploy',
    '.env.local',
    '.twiliodeployinfo',
  ]);
  cpSync(ROOT, dir, { recursive: true, filter: (src) => !skip.has(relative(ROOT, src)) });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

async function runInit(argv: string[], over: Partial<InitDeps> = {}): Promise<Proc> {
  let stdout = '';
  let stderr = '';
  const code = await runInitCli(argv, {
    root: ROOT,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    interactive: false,
    today: TODAY,
    ...over,
  });
  return { code, stdout, stderr };
}

describe('the facts come from the schema', () => {
  test('one yes/no flag per attestation in the schema; required exactly as the schema says; a ticket where it asks for one', () => {
    const att = schema.properties.attestations;
    const yesNo = Object.keys(att.properties).filter((k) => k !== 'verifyFraudGuardOff');
    expect(FACTS.filter((f) => f.attestation).map((f) => f.attestation)).toEqual(yesNo);
    for (const key of yesNo) {
      const fact = FACTS.find((f) => f.flag === kebab(key))!;
      expect(fact).toMatchObject({ kind: 'yesno', required: att.required.includes(key) });
    }
    expect(FACTS.find((f) => f.flag === 'stop-filtering-disabled-ticket')?.when?.({ 'stop-filtering-disabled': 'yes' })).toBe(true);
    expect(FACTS.find((f) => f.flag === 'stop-filtering-disabled-ticket')?.when?.({ 'stop-filtering-disabled': 'no' })).toBe(false);
    expect(FACTS.find((f) => f.flag === 'baa-edition')?.choices).toEqual(schema.properties.baa.properties.edition.enum);
  });

  test.each([
    ['account-sid', `ac${'AB'.repeat(16)}`, null],
    ['account-sid', SID, SID],
    ['account-sid', CANARY_PHONE, null],
    ['designated-at', '2026-02-30', null], // matches the pattern, not a real date
    ['designated-at', '2026-06-16', null], // after today
    ['designated-at', '2026-06-15', '2026-06-15'],
    ['baa-edition', 'enterprise', 'Enterprise'],
    ['baa-edition', 'Free', null],
    ['message-redaction', 'Y', 'yes'],
    ['message-redaction', 'maybe', null],
    ['message-redaction', '', null], // required: no leaving out
    ['recording-encryption', '', ''], // optional: left out
    ['by', 'x', null],
  ])('--%s %j → %j', (flag, raw, expected) => {
    expect(
      checkAnswer(
        FACTS.find((f) => f.flag === flag)!,
        raw,
        TODAY,
      ),
    ).toBe(expected);
  });
});

describe('one format: the written hipaa.config.json is the commented example with the answers', () => {
  test('the renderer keeps every comment of the example at its place and its values exactly', () => {
    const ann = annotate(EXAMPLE);
    const text = render(JSON5.parse(EXAMPLE), ann);
    expect(JSON5.parse(text)).toEqual(JSON5.parse(EXAMPLE));
    const comments = (t: string): string[] =>
      t
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.startsWith('//'));
    expect(comments(text)).toEqual(comments(EXAMPLE));
    expect(ann.leading.get('/attestations/stopFilteringDisabled')?.[0]).toMatch(/^\/\/ Built-in STOP filtering/);
    expect(ann.inner.get('/attestations/verifyFraudGuardOff')?.[0]).toMatch(/^\/\/ \{ "serviceSid"/);
  });

  test('a config rendered from answers reads back valid and equal; left-out attestations are marked in place', async () => {
    const dir = tempDir();
    const run = await runInit(['--dir', dir, ...FLAGS]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const text = readFileSync(join(dir, 'hipaa.config.json'), 'utf8');
    const config = parseHipaaConfig(text);
    expect(config).toMatchObject({
      profile: 'redaction',
      baa: { signedAt: '2026-01-15', edition: 'Security', by: 'compliance-officer', at: TODAY },
      designations: [
        {
          accountSid: SID,
          designatedAt: '2026-02-01',
          method: 'self-service',
          inheritNewSubaccounts: true,
          by: 'compliance-officer',
          at: TODAY,
        },
      ],
      attestations: {
        messageRedaction: { value: true, by: 'compliance-officer', at: TODAY },
        stopFilteringDisabled: { value: true, ticket: '12345678' },
        staticProxy: { value: false },
        twimlBinsPhiFree: { value: true },
        verifyFraudGuardOff: [],
      },
      allowedCountries: ['US'],
    });
    expect(config.attestations.recordingEncryption).toBeUndefined();
    expect(text).toContain('// "recordingEncryption": not attested at init');
    expect(text).toContain('// Built-in STOP filtering / Advanced Opt-Out disabled by Twilio Support');
    expect(text).not.toContain('replace with your account SID');
    expect(text).not.toContain('Copy to hipaa.config.json');
    // The example's sample facts never leak into a written config (its comments may mention them).
    expect(text).not.toContain('AC00000000000000000000000000000000');
    expect(JSON.stringify(config)).not.toMatch(/platform-team|support-lead|2026-02-02/);
  });

  test('a designation by ticket carries the ticket; a rendering that would not read back is refused', () => {
    const config = {
      ...parseHipaaConfig(EXAMPLE),
      designations: [
        {
          accountSid: SID,
          designatedAt: '2026-02-01',
          method: 'ticket' as const,
          ticket: 'T-1',
          inheritNewSubaccounts: false,
          by: 'ops',
          at: TODAY,
        },
      ],
    };
    expect(parseHipaaConfig(renderConfig(config, EXAMPLE)).designations[0]).toMatchObject({ method: 'ticket', ticket: 'T-1' });
    // An invalid config (no ticket for a ticket designation) never gets written.
    const bad = { ...config, designations: [{ ...config.designations[0]!, ticket: undefined }] };
    expect(() => renderConfig(bad, EXAMPLE)).toThrow();
  });
});

describe('the .env.deploy skeleton', () => {
  test('every variable of .env.example with an empty value, LEDGER_BACKEND=sync, comments kept', () => {
    const text = envSkeleton(ENV_EXAMPLE);
    const vars = parseDotenv(text);
    expect(Object.keys(vars)).toEqual(Object.keys(parseDotenv(ENV_EXAMPLE)));
    expect(Object.entries(vars).filter(([, v]) => v !== '')).toEqual([['LEDGER_BACKEND', 'sync']]);
    expect(text).toContain("# description: The account's auth token.");
    expect(text).not.toContain('copies this to .env.local');
    expect(text).not.toContain('Example Clinic');
  });

  test('a line it cannot read as KEY=value is refused, not guessed at', () => {
    expect(() => envSkeleton('# x\n\nA=1\n"quoted\nB=2\n')).toThrow();
  });

  test('after init the preflight reads the skeleton, says which credentials are missing, and does not crash', async () => {
    const world = await startWorld();
    try {
      rmSync(join(world.projectRoot, '.env.deploy'));
      const init = await runInit(['--dir', world.projectRoot, ...FLAGS.map((a) => (a === SID ? world.accountSid : a))]);
      expect(init.code).toBe(0);
      expect(statSync(join(world.projectRoot, '.env.deploy')).mode & 0o777).toBe(0o600);
      const run = async (env: Record<string, string>) => {
        let stdout = '';
        let stderr = '';
        const outcome = await runPreflightCli(['--format', 'json'], {
          root: world.projectRoot,
          env,
          makeClient: (u, p, a) => twilio(u, p, { accountSid: a, httpClient: new RedirectingRequestClient(world.fake.origin) }),
          probeStatus: world.probeStatus,
          stdout: (t) => (stdout += t),
          stderr: (t) => (stderr += t),
          isTTY: false,
          confirm: async () => false,
          api: { maxDelayMs: 5 },
          toolVersion: '0.0.0-test',
        });
        return {
          ...outcome,
          stdout,
          stderr,
          results: (JSON.parse(stdout) as { results: { id: string; status: string; reason: string }[] }).results,
        };
      };
      const offline = await run({});
      expect(offline.exitCode).toBe(3);
      expect(offline.stderr).toContain('No Twilio credentials found');
      expect(offline.stderr).toContain('missing: ACCOUNT_SID, AUTH_TOKEN (or TWILIO_API_KEY + TWILIO_API_SECRET)');
      const envRule = offline.results.filter((r) => r.id === 'PROJECT-DEPLOY-ENV-CLEAN');
      expect(envRule.length).toBeGreaterThan(0);
      for (const r of envRule) expect(r.reason).not.toMatch(/could not run|returned no result/);
      // The written config drives the account checks: the designation and BAA pass from it.
      const online = await run({ ACCOUNT_SID: world.accountSid, AUTH_TOKEN: world.fake.authToken });
      expect(online.results.find((r) => r.id === 'ACCOUNT-HIPAA-DESIGNATED')).toMatchObject({ status: 'pass' });
      expect(online.results.find((r) => r.id === 'ATTEST-BAA')).toMatchObject({ status: 'pass' });
      expect(online.results.find((r) => r.id === 'ATTEST-STATIC-PROXY')?.status).not.toBe('pass');
    } finally {
      await finishWorld(world);
    }
  });
});

describe('at a terminal: one question at a time (fake streams)', () => {
  /** Answers each question as it appears; returns what was shown. */
  async function converse(dir: string, answers: string[], argv: string[] = []): Promise<Proc & { shown: string }> {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    let sent = 0;
    output.on('data', (d: Buffer) => {
      shown += d.toString();
      if (sent < answers.length) input.write(`${answers[sent++]}\n`);
      else input.end();
    });
    const prompter = linePrompter(input, output);
    try {
      const run = await runInit(['--dir', dir, ...argv], { interactive: true, prompter, stderr: (t) => (shown += t) });
      return { ...run, shown };
    } finally {
      prompter.close();
    }
  }

  const ANSWERS = [
    CANARY_PHONE,
    SID, // an invalid answer is refused without repeating it, then asked again
    'studio',
    'front-desk-lead',
    'yes',
    '2026-02-01',
    'ticket',
    'T-42',
    'no',
    'yes',
    '2026-01-15',
    'enterprise',
    'no',
    'no', // message redaction off (studio), STOP filtering kept (no ticket asked)
    'yes',
    'yes',
    '',
    '',
    'yes',
    'yes',
    '',
    '',
    '',
    '',
    '',
  ];

  test('asks every fact, re-asks after an invalid answer, writes what was answered', async () => {
    const dir = tempDir();
    const run = await converse(dir, ANSWERS);
    expect(run.code).toBe(0);
    assertNoCanary(run.shown + run.stdout, 'init prompts');
    expect(run.shown.match(/Account SID of the Twilio account/g)).toHaveLength(2);
    expect(run.shown).toContain('not valid: an Account SID: AC followed by 32 hexadecimal characters');
    expect(run.shown).toContain('[yes|no, Enter to leave out]');
    const config = parseHipaaConfig(readFileSync(join(dir, 'hipaa.config.json'), 'utf8'));
    expect(config).toMatchObject({
      profile: 'studio',
      baa: { edition: 'Enterprise' },
      designations: [{ accountSid: SID, method: 'ticket', ticket: 'T-42', inheritNewSubaccounts: false, by: 'front-desk-lead' }],
      attestations: { messageRedaction: { value: false }, stopFilteringDisabled: { value: false }, staffTraining: { value: true } },
    });
    expect(config.attestations.stopFilteringDisabled).not.toHaveProperty('ticket');
    expect(config.attestations.recordingEncryption).toBeUndefined();
  });

  test('flags given are not asked again', async () => {
    const dir = tempDir();
    const run = await converse(dir, ANSWERS.slice(10), FLAGS.slice(0, 16));
    expect(run.code).toBe(0);
    expect(run.shown).not.toContain('Account SID of');
    expect(parseHipaaConfig(readFileSync(join(dir, 'hipaa.config.json'), 'utf8')).designations[0]?.accountSid).toBe(SID);
  });

  test('a "no" to the BAA writes nothing and says why; an ended input writes nothing', async () => {
    const dir = tempDir();
    const no = await converse(dir, [SID, 'redaction', 'ops', 'yes', '2026-02-01', 'self-service', 'yes', 'no']);
    expect(no.code).toBe(1);
    expect(no.shown).toContain('A signed BAA with Twilio');
    const ended = await converse(dir, [SID, 'redaction']);
    expect(ended.code).toBe(2);
    expect(existsSync(join(dir, 'hipaa.config.json'))).toBe(false);
    expect(existsSync(join(dir, '.env.deploy'))).toBe(false);
  });

  test('an existing hipaa.config.json is replaced only after a y', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'hipaa.config.json'), 'KEEP');
    const declined = await converse(dir, ['', ...ANSWERS]);
    expect(declined.code).toBe(1);
    expect(declined.shown).toContain('hipaa.config.json exists. Replace it? [y/N]');
    expect(readFileSync(join(dir, 'hipaa.config.json'), 'utf8')).toBe('KEEP');
    const accepted = await converse(dir, ['y', ...ANSWERS]);
    expect(accepted.code).toBe(0);
    expect(parseHipaaConfig(readFileSync(join(dir, 'hipaa.config.json'), 'utf8')).profile).toBe('studio');
  });
});

describe('the real process', () => {
  test('without a terminal: flags only; a missing required flag is a usage error naming it; never overwrites without --force', () => {
    const dir = tempDir();
    const missing = runInitProcess(['--dir', dir, ...FLAGS.slice(2)]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing required flags (not at a terminal, so nothing is asked): --account-sid');
    expect(missing.stderr).toMatch(/^usage: npm run -s preflight -- init/m);
    expect(existsSync(join(dir, 'hipaa.config.json'))).toBe(false);

    const bad = runInitProcess([
      '--dir',
      dir,
      ...FLAGS.map((a) => (a === 'compliance-officer' ? CANARY_NAME.slice(0, 1) : a === SID ? CANARY_PHONE : a)),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid --account-sid: an Account SID');
    assertNoCanary(bad.stdout + bad.stderr, 'init usage error');

    const ok = runInitProcess(['--dir', dir, ...FLAGS]);
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout).toContain('wrote hipaa.config.json');
    expect(ok.stdout).toContain('wrote .env.deploy');
    const written = readFileSync(join(dir, 'hipaa.config.json'), 'utf8');
    expect(parseHipaaConfig(written).designations[0]?.accountSid).toBe(SID);

    writeFileSync(join(dir, '.env.deploy'), 'AUTH_TOKEN=keep-me\n');
    const again = runInitProcess(['--dir', dir, ...FLAGS.map((a) => (a === 'redaction' ? 'studio' : a))]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('hipaa.config.json exists: not replaced (use --force to replace it)');
    expect(readFileSync(join(dir, 'hipaa.config.json'), 'utf8')).toBe(written);

    const forced = runInitProcess(['--dir', dir, '--force', ...FLAGS.map((a) => (a === 'redaction' ? 'studio' : a))]);
    expect(forced.code).toBe(0);
    expect(parseHipaaConfig(readFileSync(join(dir, 'hipaa.config.json'), 'utf8')).profile).toBe('studio');
    // .env.deploy may hold the auth token: never replaced, not even with --force.
    expect(readFileSync(join(dir, '.env.deploy'), 'utf8')).toBe('AUTH_TOKEN=keep-me\n');
    expect(forced.stdout).toContain('kept the existing .env.deploy');
  }, 120_000);

  test('in a pseudo-terminal: asks one question at a time, re-asks after an invalid answer, writes the file', async () => {
    const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' });
    expect(hasScript.status).toBe(0); // util-linux `script` runs the CLI in a real pseudo-terminal
    const dir = tempDir();
    const q = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`;
    // No echo: the output is only what the CLI writes (a typed answer would otherwise show up).
    const cmd = `stty -echo; exec ${q(process.execPath)} ${q(TSX)} scripts/preflight.ts init --dir ${q(dir)}`;
    const child = spawn('script', ['-qefc', cmd, '/dev/null'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const conversation: [RegExp, string][] = [
      [/Account SID of the Twilio account designated for HIPAA \(AC…\): $/, CANARY_PHONE],
      [/not valid: an Account SID[^\n]*\n[^\n]*Account SID of the Twilio account[^\n]*: $/, SID],
      [/Deployment profile[^\n]*\[redaction\|studio\]: $/, 'redaction'],
      [/Who attests these facts[^\n]*: $/, 'compliance-officer'],
      [/Is that account designated for HIPAA[^\n]*\[yes\|no\] $/, 'yes'],
      [/Date the account was designated \(YYYY-MM-DD\): $/, '2026-02-01'],
      [/How it was designated \[self-service\|ticket\]: $/, 'self-service'],
      [/inherit the designation\? \[yes\|no\] $/, 'yes'],
      [/BAA\) with Twilio signed\? \[yes\|no\] $/, 'yes'],
      [/Date the BAA was signed \(YYYY-MM-DD\): $/, '2026-01-15'],
      [/Twilio Edition under the BAA \[Security\|Enterprise\]: $/, 'Security'],
      [/Is Message Redaction on[^\n]*\[yes\|no\] $/, 'yes'],
      [/STOP filtering[^\n]*\[yes\|no\] $/, 'yes'],
      [/Support ticket number for that: $/, '12345678'],
      [/MMS media URLs[^\n]*\[yes\|no\] $/, 'yes'],
      [/voice recording media[^\n]*\[yes\|no\] $/, 'yes'],
      [/public key[^\n]*Enter to leave out\] $/, ''],
      [/Public Key Client Validation[^\n]*Enter to leave out\] $/, ''],
      [/Static Proxy[^\n]*\[yes\|no\] $/, 'no'],
      [/trained on HIPAA[^\n]*\[yes\|no\] $/, 'yes'],
      [/support tickets[^\n]*Enter to leave out\] $/, ''],
      [/Interconnect[^\n]*Enter to leave out\] $/, ''],
      [/Kinesis[^\n]*Enter to leave out\] $/, ''],
      [/Video media[^\n]*Enter to leave out\] $/, ''],
      [/TwiML Bins[^\n]*Enter to leave out\] $/, 'yes'],
    ];
    let out = '';
    let step = 0;
    let from = 0;
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const onData = (d: Buffer): void => {
      out += d.toString().replace(/\r\n/g, '\n');
      const current = conversation[step];
      if (current && current[0].test(out.slice(from))) {
        from = out.length;
        step += 1;
        child.stdin.write(`${current[1]}\n`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const code = await exited;
    clearTimeout(timer);
    child.stdin.end();
    expect({ step, tail: step < conversation.length ? out.slice(from) : '' }).toEqual({ step: conversation.length, tail: '' });
    expect(code).toBe(0);
    assertNoCanary(out, 'init at a terminal');
    expect(out).toContain('wrote hipaa.config.json');
    const config = parseHipaaConfig(readFileSync(join(dir, 'hipaa.config.json'), 'utf8'));
    expect(config).toMatchObject({
      profile: 'redaction',
      designations: [{ accountSid: SID }],
      attestations: { stopFilteringDisabled: { value: true, ticket: '12345678' }, twimlBinsPhiFree: { value: true } },
    });
    expect(parseDotenv(readFileSync(join(dir, '.env.deploy'), 'utf8')).LEDGER_BACKEND).toBe('sync');
  }, 120_000);

  test('a fresh clone: `preflight --offline` runs (exit 3, pointing at init); after `init` the config is used', () => {
    const clone = freshClone();
    const first = runPreflightProcess(['--offline'], clone);
    expect(first.code).toBe(3);
    expect(first.stderr).toContain('No hipaa.config.json');
    expect(first.stdout).toMatch(/UNKNOWN ATTEST-BAA {2}no hipaa\.config\.json: run `npm run -s preflight -- init`/);
    expect(first.stdout.trim().split('\n').slice(-1)[0]).toMatch(/: exit 3$/);
    const init = runPreflightProcess(['init', ...FLAGS], clone);
    expect(init.code).toBe(0);
    const second = runPreflightProcess(['--offline', '--verbose'], clone);
    expect(second.stdout).not.toContain('no hipaa.config.json');
    expect(second.stdout).toMatch(/PASS {4}ATTEST-BAA/);
    expect(second.stderr).not.toContain('No hipaa.config.json');
  }, 180_000);
});
