/**
 * The linters inside the offline preflight: PROJECT-FLOWS-LINT-CLEAN (flows/*.json through the flow
 * linter) and PROJECT-TEMPLATES-PHI-FREE (template assets through the message linter), each with a
 * failing and a passing fixture.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rule as flowsLint } from '../../src/tooling/preflight/rules/project/flows-lint-clean';
import { rule as templatesPhiFree } from '../../src/tooling/preflight/rules/project/templates-phi-free';
import { finishWorld, runPreflight, startWorld, statusesOf, type World } from './harness';

const CLEAN_FLOW = join(__dirname, '..', 'lint', 'flow', 'fixtures', 'clean-reminder.json');
const SHIPPED_TEMPLATES = join(__dirname, '..', '..', 'assets', 'reminder-templates.private.json');
const rules = [flowsLint, templatesPhiFree];
let world: World;

/** Writes the flow and a protected Function source for every run-function path it calls. */
function writeFlow(name: string, flow: unknown): void {
  mkdirSync(join(world.projectRoot, 'flows'), { recursive: true });
  writeFileSync(join(world.projectRoot, 'flows', name), JSON.stringify(flow));
  for (const m of JSON.stringify(flow).matchAll(/(?:__DOMAIN__|\.twil\.io)\/([a-z/-]+)/g)) {
    const rel = m[1] as string;
    mkdirSync(join(world.projectRoot, 'functions', rel, '..'), { recursive: true });
    writeFileSync(join(world.projectRoot, 'functions', `${rel}.protected.ts`), 'export const handler = null;\n');
  }
}

beforeEach(async () => {
  world = await startWorld();
});
afterEach(() => finishWorld(world));

describe('PROJECT-FLOWS-LINT-CLEAN', () => {
  test('passing fixture: a clean reminder flow; no flows at all also passes', async () => {
    expect(statusesOf(await runPreflight(world, { rules }), 'PROJECT-FLOWS-LINT-CLEAN')).toEqual([{ status: 'pass', resource: null }]);
    writeFlow('reminder.json', JSON.parse(readFileSync(CLEAN_FLOW, 'utf8')));
    expect(statusesOf(await runPreflight(world, { rules }), 'PROJECT-FLOWS-LINT-CLEAN')).toEqual([
      { status: 'pass', resource: 'project:flows/reminder.json' },
    ]);
  });

  test('failing fixtures: an http URL, invalid JSON and a non-flow each fail, by file', async () => {
    const flow = JSON.parse(
      readFileSync(CLEAN_FLOW, 'utf8').replace('https://__DOMAIN__/optout/guard', 'http://example.org/guard'),
    ) as unknown;
    writeFlow('insecure.json', flow);
    writeFileSync(join(world.projectRoot, 'flows', 'broken.json'), '{ not json');
    writeFileSync(join(world.projectRoot, 'flows', 'other.json'), JSON.stringify({ hello: 'world' }));
    const findings = await runPreflight(world, { rules });
    expect(statusesOf(findings, 'PROJECT-FLOWS-LINT-CLEAN')).toEqual([
      { status: 'fail', resource: 'project:flows/broken.json' },
      { status: 'fail', resource: 'project:flows/insecure.json' },
      { status: 'fail', resource: 'project:flows/other.json' },
    ]);
    expect(findings.find((f) => f.resource === 'project:flows/insecure.json')?.reason).toMatch(/FLOW-HTTPS-URLS/);
  });
});

describe('PROJECT-TEMPLATES-PHI-FREE', () => {
  test('passing fixture: the shipped templates', async () => {
    mkdirSync(join(world.projectRoot, 'assets'), { recursive: true });
    copyFileSync(SHIPPED_TEMPLATES, join(world.projectRoot, 'assets', 'reminder-templates.private.json'));
    expect(statusesOf(await runPreflight(world, { rules }), 'PROJECT-TEMPLATES-PHI-FREE')).toEqual([
      { status: 'pass', resource: 'project:assets/reminder-templates.private.json' },
    ]);
  });

  test('failing fixture: a provider name and a clinical word fail, naming the template pointer', async () => {
    mkdirSync(join(world.projectRoot, 'assets'), { recursive: true });
    const bad = {
      version: '1.0.0',
      templates: [
        { id: 'a', language: 'en', text: 'Your follow-up with Dr. Smith about your diabetes is on {{date}}. Reply 1 to confirm.' },
      ],
    };
    writeFileSync(join(world.projectRoot, 'assets', 'extra-templates.private.json'), JSON.stringify(bad));
    const findings = await runPreflight(world, { rules });
    expect(statusesOf(findings, 'PROJECT-TEMPLATES-PHI-FREE')).toEqual([
      { status: 'fail', resource: 'project:assets/extra-templates.private.json' },
    ]);
    expect(findings.find((f) => f.id === 'PROJECT-TEMPLATES-PHI-FREE')?.reason).toBe('templates not PHI-free: /templates/0/text');
    expect(JSON.stringify(findings)).not.toContain('Smith');
  });
});
