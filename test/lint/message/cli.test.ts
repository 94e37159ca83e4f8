/**
 * `npm run -s lint -- message …` through runMessageLintCli with a capturing io: exit codes 0/1/2,
 * text and JSON output, plain-text and templates files (pointers /templates/N/text), and input
 * errors that name a JSON path or position but never echo the text, a path or an argument.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMessageLintCli } from '../../../src/tooling/lint/cli/message-cli';
import { CANARY_BODY, CANARY_NAME, findCanary } from '../../helpers/canary';

const ROOT = join(__dirname, '../../..');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'msg-lint-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runMessageLintCli(argv, { root: ROOT, out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) });
  return { code, out, err };
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('message CLI', () => {
  test('a PHI-free message: exit 0', async () => {
    const r = await run('Reminder: you have an appointment at [Clinic Name] tomorrow at 2pm. Reply STOP to opt out.');
    expect(r).toEqual({ code: 0, out: 'PHI-free: yes\n', err: '' });
  });

  test('a message with PHI: exit 1, reasons in text', async () => {
    const r = await run('Your follow-up with Dr. Smith regarding your diabetes management is tomorrow.');
    expect(r.code).toBe(1);
    expect(r.out).toContain('PHI-free: no (2 findings)');
    expect(r.out).toContain("MSG-CLINICAL-TERMS            clinical term 'diabetes' (condition)");
    expect(r.out).toContain('MSG-PROVIDER-NAME');
    expect(r.out).not.toContain('Smith');
  });

  test('--format json: phiFree and findings with ruleId, severity, message, pointer', async () => {
    const r = await run('Reply YES to confirm.', '--format', 'json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({
      phiFree: false,
      findings: [
        {
          ruleId: 'MSG-RESERVED-REPLY',
          severity: 'error',
          message: "reply instruction uses the reserved keyword 'YES' (an opt-in word) for another purpose",
          pointer: '',
        },
      ],
    });
  });

  test('--file with a plain-text message', async () => {
    expect((await run('--file', file('ok.txt', 'Your appointment is on {{date}} at {{time}}.\n'))).code).toBe(0);
    expect((await run('--file', file('bad.txt', 'Your lab results are ready.\n'))).code).toBe(1);
  });

  test('--file with the shipped reminder templates: PHI-free (path relative to the project root)', async () => {
    const r = await run('--file', 'assets/reminder-templates.private.json', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ phiFree: true, findings: [] });
  });

  test('--file with a templates file: findings point at the template text', async () => {
    const templates = {
      version: '1.0.0',
      templates: [
        { id: 'ok', language: 'en', text: '{{clinicName}}: appointment {{date}}. Reply 1 to confirm.' },
        { id: 'bad', language: 'en', text: 'Hi {{patientName}}, your oncology visit is {{date}}.' },
      ],
    };
    const r = await run('--file', file('t.json', JSON.stringify(templates)), '--format', 'json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { findings: { ruleId: string; pointer: string }[] };
    expect(report.findings.map((f) => [f.ruleId, f.pointer])).toEqual([
      ['MSG-CLINICAL-TERMS', '/templates/1/text'],
      ['MSG-PATIENT-NAME-PLACEHOLDER', '/templates/1/text'],
      ['MSG-PLACEHOLDER-ALLOWLIST', '/templates/1/text'],
    ]);
    const text = await run('--file', join(dir, 't.json'));
    expect(text.out).toContain('at /templates/1/text');
  });

  test.each([
    ['not JSON', `{"templates": [\n  ${CANARY_NAME}`, 'not valid JSON (line 2'],
    ['wrong shape', JSON.stringify({ templates: [{ text: 5 }] }), 'invalid templates file: /templates/0/text (type)'],
    ['missing templates', JSON.stringify({ version: '1.0.0' }), 'invalid templates file: /templates (required)'],
    ['empty text', JSON.stringify({ templates: [{ text: ' ' }] }), 'a template text is empty'],
  ])('an invalid templates file (%s): exit 2 with the JSON path, nothing echoed', async (_name, content, message) => {
    const r = await run('--file', file('broken.json', content));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(message);
    expect(findCanary(r.err)).toBeUndefined();
  });

  test.each([
    [[], 'no message or --file given'],
    [['a', 'b'], 'give the message as one quoted argument'],
    [['text', '--file', 'x.txt'], 'give either a message or --file, not both'],
    [['--format', 'sarif', 'text'], 'invalid --format: one of text, json'],
    [['--nope', 'text'], 'unknown argument'],
    [['--file'], '--file needs a value'],
    [['   '], 'the message is empty'],
    [['--file', join('/nonexistent', `${CANARY_NAME}.txt`)], 'the file cannot be read'],
  ])('usage and input errors exit 2: %j', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).toContain('usage: npm run -s lint -- message');
    expect(findCanary(r.err)).toBeUndefined();
  });

  test('--help: usage on stdout, exit 0', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('exit codes: 0 PHI-free, 1 not PHI-free, 2 unreadable or invalid input');
  });

  test('never echoes the message (canary)', async () => {
    for (const format of ['text', 'json']) {
      const r = await run(`${CANARY_BODY}, Dr. ${CANARY_NAME}`, '--format', format);
      expect(r.code).toBe(1);
      expect(findCanary(r.out + r.err)).toBeUndefined();
    }
  });
});
