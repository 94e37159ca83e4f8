/**
 * `npm run -s events -- dead list|requeue`: argument parsing (never echoes input), PHI-free output
 * (a canary planted in a dead event never appears), exit codes, and the state it opens (the local
 * profile's files, or Sync through the fake Twilio API).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EventsUsageError,
  eventsExitCode,
  formatEvents,
  parseEventsArgs,
  runEvents,
  type EventQueues,
} from '../../src/tooling/cli/events-core';
import { StateSetupError, stateFromEnv } from '../../src/tooling/cli/state-from-env';
import { DEAD_PAGE } from '../../src/runtime/events/dead-letter';
import type { ClinicEvent } from '../../src/runtime/events/event';
import type { DeadLetterEntry, OutboxEntry } from '../../src/runtime/events/outbox';
import { COLLECTIONS } from '../../src/runtime/state/factory';
import { StoreError } from '../../src/runtime/state/kv';
import { fakeTwilioClient, startFakeTwilio } from '../fake-twilio';
import { CANARY_BODY, CANARY_NAME, CANARY_PHONE, assertNoCanary, findCanary } from '../helpers/canary';
import { MemoryQueue } from '../helpers/memory-state';

const ROOT = join(__dirname, '..', '..');
const SM = (n: number): string => `SM${n.toString(16).padStart(32, '0')}`;
const CA = `CA${'c'.repeat(32)}`;
const DEAD_AT = '2026-11-23T15:10:00.000Z';

function dead(n: number, extra: Record<string, unknown> = {}): DeadLetterEntry {
  const event = {
    eventId: SM(n),
    type: 'appointment.reply',
    appointmentRef: `apt_7f3c2a9e${n}`,
    action: 'cancel',
    channel: 'sms',
    messageSid: SM(n),
    receivedAt: '2026-11-23T15:00:00.000Z',
    ...extra,
  } as ClinicEvent;
  return { event, attempts: 5, refusals: 5, lastStatus: 422, deadAt: DEAD_AT };
}

describe('events CLI argument parsing', () => {
  test.each<[string[], unknown]>([
    [['dead', 'list'], { command: 'dead-list', format: 'text' }],
    [['dead', 'list', '--format', 'json'], { command: 'dead-list', format: 'json' }],
    [['dead', 'requeue', SM(1)], { command: 'dead-requeue', target: { eventId: SM(1) }, format: 'text' }],
    [['dead', 'requeue', `${CA}-2`, '--format', 'json'], { command: 'dead-requeue', target: { eventId: `${CA}-2` }, format: 'json' }],
    [['dead', 'requeue', '--all'], { command: 'dead-requeue', target: 'all', format: 'text' }],
    [['--help'], { command: 'help' }],
    [['dead', 'requeue', '-h'], { command: 'help' }],
  ])('%j', (argv, expected) => {
    expect(parseEventsArgs(argv)).toEqual(expected);
  });

  test.each([
    [[]],
    [['alive', 'list']],
    [['dead']],
    [['dead', 'frobnicate']],
    [['dead', 'list', '--all']],
    [['dead', 'list', SM(1)]],
    [['dead', 'list', '--format', 'xml']],
    [['dead', 'list', '--format']],
    [['dead', 'requeue']],
    [['dead', 'requeue', CANARY_PHONE]],
    [['dead', 'requeue', CANARY_BODY]],
    [['dead', 'requeue', CANARY_NAME]],
    [['dead', 'requeue', SM(1), '--all']],
    [['dead', 'requeue', SM(1), SM(2)]],
    [['dead', 'requeue', `${SM(1)}x`]],
  ])('rejects bad arguments (case %#) without echoing input', (argv) => {
    let message = '';
    try {
      parseEventsArgs(argv);
    } catch (err) {
      expect(err).toBeInstanceOf(EventsUsageError);
      message = (err as Error).message;
    }
    expect(message).toMatch(
      /^(invalid [a-zA-Z]+|invalid --format: one of text, json|--format needs a value|unknown (argument|command)|missing [a-zA-Z ()-]+|give an eventId or --all, not both)$/,
    );
    assertNoCanary(message, 'usage error');
  });
});

describe('events CLI on queues', () => {
  function queues(): EventQueues & { outbox: MemoryQueue<OutboxEntry>; dead: MemoryQueue<DeadLetterEntry> } {
    return { outbox: new MemoryQueue<OutboxEntry>(), dead: new MemoryQueue<DeadLetterEntry>() };
  }

  test('dead list: text and JSON carry only checked fields; a canary planted in the event never appears', async () => {
    const q = queues();
    await q.dead.append(dead(1, { from: CANARY_PHONE, body: CANARY_BODY, patient: CANARY_NAME }));
    // A malformed entry (written by hand, say): its fields show as unknown, never as themselves.
    await q.dead.append({
      ...dead(2),
      event: { ...dead(2).event, appointmentRef: CANARY_PHONE, action: CANARY_BODY as never, eventId: CANARY_PHONE },
    });
    const text = parseEventsArgs(['dead', 'list']);
    const textOut = formatEvents(text, await runEvents(text, q));
    expect(textOut).toBe(
      [
        '2 dead-lettered events (oldest first):',
        `${SM(1)}  appointment.reply  cancel  apt_7f3c2a9e1  attempts=5  status=422  deadAt=${DEAD_AT}`,
        `?  appointment.reply  ?  ?  attempts=5  status=422  deadAt=${DEAD_AT}`,
      ].join('\n'),
    );
    const json = parseEventsArgs(['dead', 'list', '--format', 'json']);
    const jsonOut = formatEvents(json, await runEvents(json, q));
    expect(JSON.parse(jsonOut)).toEqual({
      dead: [
        {
          eventId: SM(1),
          type: 'appointment.reply',
          action: 'cancel',
          appointmentRef: 'apt_7f3c2a9e1',
          attempts: 5,
          lastStatus: 422,
          deadAt: DEAD_AT,
        },
        { eventId: null, type: 'appointment.reply', action: null, appointmentRef: null, attempts: 5, lastStatus: 422, deadAt: DEAD_AT },
      ],
      count: 2,
      truncated: false,
    });
    expect(findCanary(textOut + jsonOut)).toBeUndefined();
  });

  test('dead list of an empty (or never created) dead-letter queue', async () => {
    const args = parseEventsArgs(['dead', 'list']);
    const result = await runEvents(args, queues());
    expect(formatEvents(args, result)).toBe('no dead-lettered events');
    expect(eventsExitCode(result)).toBe(0);
  });

  test('dead requeue <eventId>: back in the outbox with attempts reset (exit 0); an unknown id exits 1', async () => {
    const q = queues();
    await q.dead.append(dead(1, { from: CANARY_PHONE }));
    await q.dead.append(dead(2));
    const args = parseEventsArgs(['dead', 'requeue', SM(1)]);
    const result = await runEvents(args, q);
    expect(eventsExitCode(result)).toBe(0);
    expect(formatEvents(args, result)).toBe(`requeued 1 event (attempts reset; the next drain delivers it):\n${SM(1)}`);
    expect(q.outbox.values()).toEqual([{ event: dead(1, { from: CANARY_PHONE }).event, attempts: 0, notBefore: 0 }]);
    expect(q.dead.values().map((d) => d.event.eventId)).toEqual([SM(2)]);

    const again = await runEvents(args, q);
    expect(eventsExitCode(again)).toBe(1);
    expect(formatEvents(args, again)).toBe('no dead-lettered event with that id');
    const json = parseEventsArgs(['dead', 'requeue', SM(1), '--format', 'json']);
    expect(JSON.parse(formatEvents(json, again))).toEqual({ requeued: [], count: 0, truncated: false });
  });

  test('dead requeue <eventId> beyond the first page cannot be checked: exit 3, not "not found"', async () => {
    const q = queues();
    for (let n = 1; n <= DEAD_PAGE; n += 1) await q.dead.append(dead(n));
    const result = await runEvents(parseEventsArgs(['dead', 'requeue', SM(DEAD_PAGE + 1)]), q);
    expect(eventsExitCode(result)).toBe(3);
  });

  test('dead requeue --all moves every page back', async () => {
    const q = queues();
    for (let n = 1; n <= DEAD_PAGE + 5; n += 1) await q.dead.append(dead(n));
    const args = parseEventsArgs(['dead', 'requeue', '--all', '--format', 'json']);
    const result = await runEvents(args, q);
    expect(eventsExitCode(result)).toBe(0);
    expect(JSON.parse(formatEvents(args, result))).toMatchObject({ count: DEAD_PAGE + 5, truncated: false });
    expect(q.dead.items.size).toBe(0);
    expect(q.outbox.items.size).toBe(DEAD_PAGE + 5);
    const text = parseEventsArgs(['dead', 'requeue', '--all']);
    expect(formatEvents(text, await runEvents(text, q))).toBe('no dead-lettered events to requeue');
  });

  test('a store that cannot be read rejects (the script exits 3)', async () => {
    const q = queues();
    q.dead.failures.push(new StoreError(true, 20500));
    await expect(runEvents(parseEventsArgs(['dead', 'list']), q)).rejects.toBeInstanceOf(StoreError);
  });
});

describe('events CLI state from the environment', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'events-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('the local profile: the same state directory the Functions use (<LEDGER_FILE_DIR>/state)', async () => {
    const { state, source } = stateFromEnv({}, dir, { LEDGER_FILE_DIR: 'ledger' }, null);
    expect(source).toBe('file');
    const q = {
      outbox: state.queue<OutboxEntry>(COLLECTIONS.clinicEvents),
      dead: state.queue<DeadLetterEntry>(COLLECTIONS.clinicEventsDead),
    };
    await q.dead.append(dead(3));
    expect(existsSync(join(dir, 'ledger', 'state', 'clinic-events-dead'))).toBe(true);
    const result = await runEvents(parseEventsArgs(['dead', 'requeue', SM(3)]), q);
    expect(eventsExitCode(result)).toBe(0);
    expect((await q.outbox.head(10)).map((i) => i.value.event.eventId)).toEqual([SM(3)]);
  });

  test('no credentials and no local profile, or credentials without SYNC_SERVICE_SID: a setup error naming no value', () => {
    expect(() => stateFromEnv({}, dir, null, null)).toThrow(StateSetupError);
    const client = {} as Parameters<typeof stateFromEnv>[3];
    expect(() => stateFromEnv({}, dir, null, client)).toThrow('SYNC_SERVICE_SID is required with credentials');
    expect(() => stateFromEnv({ SYNC_SERVICE_SID: CANARY_PHONE }, dir, null, client)).toThrow('SYNC_SERVICE_SID must be an IS... SID');
  });

  test('Sync (fake Twilio API): list and requeue through Sync Lists', async () => {
    const fake = await startFakeTwilio();
    try {
      const serviceSid = fake.sync.createService();
      const { state, source } = stateFromEnv({ SYNC_SERVICE_SID: serviceSid }, ROOT, null, fakeTwilioClient(fake));
      expect(source).toBe('sync');
      const q = {
        outbox: state.queue<OutboxEntry>(COLLECTIONS.clinicEvents),
        dead: state.queue<DeadLetterEntry>(COLLECTIONS.clinicEventsDead),
      };
      const list = parseEventsArgs(['dead', 'list', '--format', 'json']);
      expect(JSON.parse(formatEvents(list, await runEvents(list, q)))).toEqual({ dead: [], count: 0, truncated: false });
      await q.dead.append(dead(4, { from: CANARY_PHONE }));
      const out = formatEvents(list, await runEvents(list, q));
      expect(JSON.parse(out)).toMatchObject({ count: 1, dead: [{ eventId: SM(4), lastStatus: 422 }] });
      expect(findCanary(out)).toBeUndefined();
      expect(eventsExitCode(await runEvents(parseEventsArgs(['dead', 'requeue', SM(4)]), q))).toBe(0);
      expect(fake.sync.listListItems(serviceSid, 'clinic-events')).toHaveLength(1);
      expect(fake.sync.listListItems(serviceSid, 'clinic-events-dead')).toHaveLength(0);
      expect(fake.violations).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});

describe('events CLI process', () => {
  const run = (...argv: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'events.ts'), ...argv], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });

  test('usage errors exit 2 with the usage text and never echo the input; --help exits 0', () => {
    const bad = run('dead', 'requeue', CANARY_PHONE);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('invalid eventId');
    expect(bad.stderr).toContain('usage: npm run -s events -- dead list');
    assertNoCanary(bad.stdout + bad.stderr, 'cli process output');
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('npm run -s events -- dead requeue <eventId> | --all');
  });
});
