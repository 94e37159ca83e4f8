/**
 * `npm run -s lint -- flow`: exit codes (0 clean or warnings only, 1 errors, 2 unreadable, not JSON,
 * not a flow, or usage), text/json/sarif output, the JSON pointer of invalid input, allowed hosts
 * from flags and from the hipaa config, protected Function paths from the project, and no flow
 * content (PHI canaries) in any output.
 */
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFlowLintCli } from '../../../src/tooling/lint/cli/flow-cli';
import { CANARY_BODY, CANARY_NAME, assertNoCanary } from '../../helpers/canary';
import { compliantConfig } from '../../preflight/fixtures/config';
import { clean, flowWith, http, sms, st } from './fixtures/flows';

const sarifSchema = JSON.parse(
  readFileSync(
    join(__dirname, '..', '..', '..', 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'),
    'utf8',
  ),
) as object;
// The official schema has a pattern that is invalid in unicode mode, hence unicodeRegExp: false.
const validateSarif = addFormats(new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false })).compile(sarifSchema);

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'flow-lint-'));
  for (const fn of ['optout/guard', 'reminders/record']) {
    mkdirSync(join(root, 'functions', fn, '..'), { recursive: true });
    writeFileSync(join(root, 'functions', `${fn}.protected.ts`), 'export {};\n');
  }
  mkdirSync(join(root, 'flows'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(name: string, content: unknown): string {
  writeFileSync(join(root, 'flows', name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return `flows/${name}`;
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runFlowLintCli(argv, { root, out: (s) => (out += s), err: (s) => (err += s) });
  assertNoCanary(out + err, 'flow lint output');
  return { code, out, err };
}

const withErrors = () => flowWith(http('lookup', 'GET', 'https://collector.analytics.example/hit'));
const warnOnly = () =>
  flowWith(st('agent', 'send-to-flex', { workflow: 'WW0123456789abcdef0123456789abcdef', attributes: '{}' }, [{ event: 'callComplete' }]));

describe('flow lint CLI', () => {
  test('a clean flow: exit 0, one summary line', async () => {
    const r = await run(write('clean.json', clean()));
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe('no findings in 1 input: exit 0\n');
  });

  test('warnings only: exit 0, one line per finding with file, pointer, severity, rule and state', async () => {
    const r = await run(write('flex.json', warnOnly()));
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(
      'flows/flex.json:/states/1/type  warn   FLOW-SEND-TO-FLEX  [agent] Send to Flex is acceptable only with a Flex session timeout and PHI-free task attributes',
    );
  });

  test('errors: exit 1; JSON lists rule id, severity, state and pointer per finding', async () => {
    const r = await run(write('bad.json', withErrors()), write('clean.json', clean()), '--format', 'json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as {
      tool: { name: string };
      results: { file: string; findings: Record<string, unknown>[] }[];
      summary: Record<string, number>;
    };
    expect(report.tool.name).toBe('hipaa-flow-lint');
    expect(report.results.map((x) => x.file)).toEqual(['flows/bad.json', 'flows/clean.json']);
    expect(report.results[0]?.findings).toEqual(
      expect.arrayContaining([
        {
          ruleId: 'FLOW-HTTP-GET',
          severity: 'error',
          state: 'lookup',
          pointer: '/states/1/properties/method',
          message: expect.any(String),
        },
        {
          ruleId: 'FLOW-HOST-ALLOWLIST',
          severity: 'error',
          state: 'lookup',
          pointer: '/states/1/properties/url',
          message: expect.stringContaining('collector.analytics.example'),
        },
      ]),
    );
    expect(report.results[1]?.findings).toEqual([]);
    expect(report.summary).toMatchObject({ inputs: 2, invalid: 0, exitCode: 1 });
  });

  test('SARIF 2.1.0 validates against the official schema and points at file and JSON pointer', async () => {
    const r = await run(write('bad.json', withErrors()), write('flex.json', warnOnly()), write('broken.json', '{'), '--format', 'sarif');
    expect(r.code).toBe(2);
    const sarif = JSON.parse(r.out) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          level: string;
          locations: { physicalLocation?: { artifactLocation: { uri: string } }; logicalLocations: { fullyQualifiedName: string }[] }[];
        }[];
      }[];
    };
    expect(validateSarif(sarif)).toBe(true);
    expect(sarif.version).toBe('2.1.0');
    const [runLog] = sarif.runs;
    expect(runLog?.tool.driver.rules.map((x) => x.id)).toEqual(
      expect.arrayContaining(['FLOW-HTTP-GET', 'FLOW-LIQUID-PHI', 'LINT-INPUT-INVALID']),
    );
    expect(runLog?.results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ruleId: 'FLOW-HTTP-GET', level: 'error' }),
        expect.objectContaining({ ruleId: 'FLOW-SEND-TO-FLEX', level: 'warning' }),
        expect.objectContaining({ ruleId: 'LINT-INPUT-INVALID', level: 'error' }),
      ]),
    );
    const get = runLog?.results.find((x) => x.ruleId === 'FLOW-HTTP-GET');
    expect(get?.locations[0]?.physicalLocation?.artifactLocation.uri).toBe('flows/bad.json');
    expect(get?.locations[0]?.logicalLocations[0]?.fullyQualifiedName).toBe('/states/1/properties/method');
  });

  test('not JSON: exit 2 with line and column, never the text', async () => {
    const r = await run(write('broken.json', `{\n  "description": "${CANARY_NAME}",\n  oops\n}`));
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^flows\/broken\.json:\/ {2}invalid {2}not valid JSON \(line 3, column \d+\)\n/);
  });

  test('not a flow definition: exit 2 with the JSON path of the first error', async () => {
    const flow = clean();
    (flow.states[2] as { type: string }).type = 'send-carrier-pigeon';
    const r = await run(write('bad-type.json', flow), '--format', 'json');
    expect(r.code).toBe(2);
    const report = JSON.parse(r.out) as { results: { error: { pointer: string; message: string } }[] };
    expect(report.results[0]?.error).toEqual({
      pointer: '/states/2/type',
      message: 'not a valid Studio flow definition: enum at /states/2/type',
    });

    const missing = clean() as unknown as { states: Record<string, unknown>[] };
    delete missing.states[1]?.transitions;
    expect((await run(write('missing.json', missing))).out).toContain('required at /states/1/transitions');
  });

  test('a transition to a state that does not exist, or duplicate names: exit 2 with the pointer', async () => {
    const dangling = clean();
    dangling.states[1]!.transitions[0] = { event: 'success', next: 'nowhere' };
    expect((await run(write('dangling.json', dangling))).out).toContain(
      'flows/dangling.json:/states/1/transitions/0/next  invalid  not a valid Studio flow definition: names no state',
    );
    const dup = clean();
    dup.states[2]!.name = 'inbound_guard';
    const r = await run(write('dup.json', dup));
    expect(r.code).toBe(2);
    expect(r.out).toContain(':/states/2/name  invalid');
  });

  test('unreadable file: exit 2; other files are still linted', async () => {
    const r = await run('flows/nope.json', write('bad.json', withErrors()));
    expect(r.code).toBe(2);
    expect(r.out).toContain('flows/nope.json:/  invalid  the file cannot be read');
    expect(r.out).toContain('FLOW-HTTP-GET');
  });

  test('allowed hosts from --allow-host (exact or *.subdomains) and from the hipaa config', async () => {
    const file = write(
      'post.json',
      flowWith(http('post', 'POST', 'https://hooks.partner.example/ack'), http('post2', 'POST', 'https://api.analytics.example/ack')),
    );
    const hostFindings = async (...flags: string[]) =>
      (
        (
          JSON.parse((await run(file, '--format', 'json', ...flags)).out) as {
            results: { findings: { ruleId: string; state: string }[] }[];
          }
        ).results[0]?.findings ?? []
      )
        .filter((f) => f.ruleId === 'FLOW-HOST-ALLOWLIST')
        .map((f) => f.state);
    expect(await hostFindings()).toEqual(['post', 'post2']);
    expect(await hostFindings('--allow-host', '*.partner.example')).toEqual(['post2']);
    writeFileSync(
      join(root, 'hipaa.config.json'),
      JSON.stringify({ ...compliantConfig(`AC${'0'.repeat(32)}`), allowedWebhookHosts: ['api.analytics.example'] }),
    );
    expect(await hostFindings('--allow-host', 'hooks.partner.example', '--config', 'hipaa.config.json')).toEqual([]);
    expect((await run(file, '--config', 'missing.json')).code).toBe(2);
  });

  test('protected Function paths come from the project functions/ tree', async () => {
    const file = write('fn.json', clean());
    expect((await run(file)).code).toBe(0);
    rmSync(join(root, 'functions', 'reminders'), { recursive: true });
    const r = await run(file);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      'FLOW-RUN-FUNCTION-PROTECTED  [record_action] Run Function calls /reminders/record, which is not a protected Function of this project',
    );
  });

  test('usage errors exit 2 without echoing values; --help exits 0', async () => {
    expect((await run()).code).toBe(2);
    const badFormat = await run('x.json', '--format', 'xml');
    expect(badFormat).toMatchObject({ code: 2, out: '' });
    expect(badFormat.err).toContain('invalid --format: one of text, json, sarif');
    const badHost = await run('x.json', '--allow-host', `${CANARY_NAME}/x`);
    expect(badHost.code).toBe(2);
    expect((await run('x.json', '--bogus')).code).toBe(2);
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('usage: npm run -s lint -- flow FILE...');
  });

  test('flow content is never printed: PHI in a body shows as rule findings only', async () => {
    const file = write('phi.json', flowWith(sms('hello', `Hello {{flow.data.first_name}}, ${CANARY_BODY}`, { to: '+12025550147' })));
    for (const format of ['text', 'json', 'sarif']) {
      const r = await run(file, '--format', format);
      expect(r.code).toBe(1);
    }
  });
});
