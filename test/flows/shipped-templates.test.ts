/**
 * The shipped templates (flows/*.json) render into importable JSON with no placeholder left, for a
 * deployment whose protected Functions are the paths the templates call (found by reading them, so
 * this test does not pin their contents), and for the local server over this project's functions/.
 */
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectFunctions } from '../../src/tooling/lint/flow/project';
import { runFlows, startFlowsWorld, type FlowsWorld } from './world';

const REPO = join(__dirname, '..', '..');
const SHIPPED = readdirSync(join(REPO, 'flows'))
  .filter((f) => f.endsWith('.json'))
  .sort();

/** Paths of every `https://__DOMAIN__/<path>` run-function URL in the shipped templates. */
function calledPaths(): string[] {
  const paths = new Set<string>();
  for (const f of SHIPPED) {
    for (const m of readFileSync(join(REPO, 'flows', f), 'utf8').matchAll(/"https:\/\/__DOMAIN__(\/[^"?#]*)"/g)) paths.add(m[1] as string);
  }
  return [...paths].sort();
}

let world: FlowsWorld;
beforeEach(async () => {
  world = await startFlowsWorld();
  for (const f of SHIPPED) copyFileSync(join(REPO, 'flows', f), join(world.root, 'flows', f));
});
afterEach(async () => {
  expect(world.fake.violations).toEqual([]);
  await world.close();
});

test('there are shipped templates, and every Function they call is a protected Function of this project', () => {
  expect(SHIPPED.length).toBeGreaterThan(0);
  const local = projectFunctions(REPO);
  for (const path of calledPaths()) expect([path, local.get(path)]).toEqual([path, 'protected']);
});

test('deployed render: every shipped template becomes JSON with no placeholder left', async () => {
  world.deploy(calledPaths().map((path) => ({ path, visibility: 'protected' })));
  const r = await runFlows(world, ['render']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  for (const f of SHIPPED) {
    const out = readFileSync(join(world.root, 'dist/flows', f), 'utf8');
    expect(out).not.toMatch(/__[A-Z_]+__/);
    expect(JSON.parse(out)).toHaveProperty('states');
  }
});

test('deploy: the rendered shipped templates pass the flow linter and FlowValidate, and are created', async () => {
  world.deploy(calledPaths().map((path) => ({ path, visibility: 'protected' })));
  const r = await runFlows(world, ['deploy']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(
    world.fake.studio
      .flows()
      .map((f) => f.friendly_name)
      .sort(),
  ).toEqual(SHIPPED.map((f) => `HIPAA-safe: ${f.replace(/\.json$/, '')}`).sort());
});

test('local render over the project functions/ tree', async () => {
  for (const [path, visibility] of projectFunctions(REPO))
    world.writeFunction(`${path.slice(1)}${visibility === 'public' ? '' : `.${visibility}`}.ts`);
  const r = await runFlows(world, ['render', '--local']);
  expect(r.code).toBe(0);
  for (const f of SHIPPED) {
    const out = readFileSync(join(world.root, 'dist/flows', f), 'utf8');
    expect(out).not.toMatch(/__[A-Z_]+__|https:\/\/[^"]*\.twil\.io/);
    expect(out).toContain('"url": "http://localhost:3000/');
  }
});
