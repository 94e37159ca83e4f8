/** Render: `__CLINIC_NAME__` / `__CLINIC_HELP_PHONE__` from the target's Function variables, `__FRONT_DESK_NUMBER__` from clinic.private.json. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLOW_PLACEHOLDERS } from '../../src/tooling/flows/template-catalog';
import { KNOWN } from '../../src/tooling/flows/placeholders';
import { FRONT_DESK, HELP_PHONE, runFlows, startFlowsWorld, type FlowsWorld } from './world';
import { ivr, PROTECTED, reminder } from './templates';

let world: FlowsWorld;
beforeEach(async () => {
  world = await startFlowsWorld();
  world.writeTemplate('appointment-reminder', reminder());
  world.writeTemplate('ivr', ivr());
});
afterEach(async () => {
  expect(world.fake.violations).toEqual([]);
  await world.close();
});

const text = (name: string): string => readFileSync(join(world.root, 'dist/flows', `${name}.json`), 'utf8');

test('render fills exactly the placeholders the templates module documents', () => {
  expect(Object.values(KNOWN).sort()).toEqual(Object.keys(FLOW_PLACEHOLDERS).sort());
});

test("deployed: values from the environment's variables and clinic.private.json; none printed", async () => {
  world.deploy(PROTECTED);
  const r = await runFlows(world, ['render']);
  expect(r.code).toBe(0);
  expect(text('ivr')).toContain('Thank you for calling Example Clinic.');
  expect(text('ivr')).toContain(`"to": "${FRONT_DESK}"`);
  expect(text('appointment-reminder')).toContain(`Questions? Call ${HELP_PHONE}.`);
  expect(r.stdout + r.stderr).not.toContain(HELP_PHONE.slice(2));
  expect(r.stdout + r.stderr).not.toContain(FRONT_DESK.slice(2));
});

test('a variable missing from the environment, or not matching the env schema, is an error without the value', async () => {
  world.deploy(PROTECTED, { variables: { CLINIC_HELP_PHONE: HELP_PHONE } });
  let r = await runFlows(world, ['render']);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('__CLINIC_NAME__: CLINIC_NAME is not set in the variables of environment dev-environment');

  world.deploy(PROTECTED, { variables: { CLINIC_NAME: 'Example Clinic', CLINIC_HELP_PHONE: 'call-the-desk' } });
  r = await runFlows(world, ['render']);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(
    'the variables of environment dev-environment: /CLINIC_HELP_PHONE (pattern) does not match schemas/env.schema.json',
  );
  expect(r.stderr).not.toContain('call-the-desk');
});

test('an invalid clinic.private.json is an error naming the field only', async () => {
  world.deploy(PROTECTED);
  const file = join(world.root, 'assets', 'clinic.private.json');
  writeFileSync(file, readFileSync(file, 'utf8').replace(FRONT_DESK, '555-0142'));
  const r = await runFlows(world, ['render', '--flow', 'ivr']);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('assets/clinic.private.json: private asset /clinic.json is invalid: /voice/frontDeskNumber (pattern)');
  expect(r.stderr).not.toContain('555-0142');
});

test('--local takes the variables from .env.local (and says so when it is missing)', async () => {
  world.writeFunction('optout/guard.protected.ts');
  world.writeFunction('reminders/ack.protected.ts');
  expect((await runFlows(world, ['render', '--local'])).code).toBe(0);
  expect(text('ivr')).toContain('Thank you for calling Local Clinic.');
  rmSync(join(world.root, '.env.local'));
  const r = await runFlows(world, ['render', '--local']);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('no .env.local: run `npm start` once');
});
