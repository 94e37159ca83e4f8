/**
 * `npm run -s flows -- purge`: deletes the ended executions (context, steps) of this project's
 * flows only, never an active one, and prints SIDs and counts only.
 */
import { CANARY_BODY, CANARY_PHONE, findCanary } from '../helpers/canary';
import { runFlows, startFlowsWorld, type FlowsWorld } from './world';
import { inbound, reminder } from './templates';

let world: FlowsWorld;
beforeEach(async () => {
  world = await startFlowsWorld();
  world.writeTemplate('appointment-reminder', reminder());
  world.writeTemplate('inbound-sms', inbound());
});
afterEach(async () => {
  expect(world.fake.violations).toEqual([]);
  await world.close();
});

const seedFlow = (friendlyName: string): string =>
  world.fake.studio.seedFlow({ friendlyName, status: 'published', definition: { states: [] } });
const execution = (flowSid: string, status: 'active' | 'ended') =>
  world.fake.studio.seedExecution({
    flowSid,
    status,
    contactChannelAddress: CANARY_PHONE,
    context: { trigger: { message: { Body: CANARY_BODY } } },
  }).sid;
const remaining = (): string[] => world.fake.studio.executions().map((e) => String(e.sid));

describe('flows purge', () => {
  test('deletes ended executions of HIPAA-safe flows, keeps active ones and other flows', async () => {
    const reminderFlow = seedFlow('HIPAA-safe: appointment-reminder');
    const otherFlow = seedFlow('Marketing survey');
    const ended = [execution(reminderFlow, 'ended'), execution(reminderFlow, 'ended')];
    const active = execution(reminderFlow, 'active');
    const foreign = execution(otherFlow, 'ended');
    const r = await runFlows(world, ['purge']);
    expect(r.code).toBe(0);
    expect(remaining().sort()).toEqual([active, foreign].sort());
    expect(r.stdout).toContain(`HIPAA-safe: appointment-reminder  ${reminderFlow}  deleted 2`);
    expect(ended.every((sid) => !remaining().includes(sid))).toBe(true);
    expect(findCanary(r.stdout + r.stderr)).toBeUndefined();
  });

  test('--max bounds the deletes per flow; --flow limits the flows', async () => {
    const reminderFlow = seedFlow('HIPAA-safe: appointment-reminder');
    const inboundFlow = seedFlow('HIPAA-safe: inbound-sms');
    for (let i = 0; i < 3; i += 1) execution(reminderFlow, 'ended');
    const inboundEnded = execution(inboundFlow, 'ended');
    const r = await runFlows(world, ['purge', '--flow', 'appointment-reminder', '--max', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('deleted 2');
    expect(remaining()).toHaveLength(2);
    expect(remaining()).toContain(inboundEnded);
  });

  test('usage: --max must be 1-1000; listing failures delete nothing and exit 1', async () => {
    expect((await runFlows(world, ['purge', '--max', '0'])).code).toBe(2);
    seedFlow('HIPAA-safe: appointment-reminder');
    world.fake.faults.failNext(1, 500, 20500);
    const r = await runFlows(world, ['purge']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nothing was deleted');
    world.fake.faults.reset();
  });
});
