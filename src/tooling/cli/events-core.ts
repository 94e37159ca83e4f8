/**
 * `npm run -s events -- dead list|requeue ...`: the support CLI for clinic events the clinic's
 * endpoint refused too often (the dead-letter queue, `src/runtime/events/dead-letter.ts`). Parse, run and
 * format are separate and typed; output carries event ids (SIDs), types, actions, appointmentRefs
 * (opaque ids), counts, statuses and times only, each checked against its shape; errors never echo
 * input. Exit codes: 0 done, 1 no such dead event, 2 usage, 3 the store could not be read/written
 * (or the event may be beyond the page that was read).
 */
import {
  DEAD_PAGE,
  EVENT_ID,
  listDeadLetters,
  requeueAllDeadLetters,
  requeueDeadLetter,
  type DeadLetterView,
  type DeadList,
  type RequeueResult,
} from '../../runtime/events/dead-letter';
import { MAX_REFUSALS, type DeadLetterEntry, type OutboxEntry } from '../../runtime/events/outbox';
import type { QueueStore } from '../../runtime/state/queue';
import { parseCommandLine, UsageError, wantsHelp, type FlagSpecs } from './args';

export type EventsFormat = 'text' | 'json';

export type EventsArgs =
  | { command: 'help' }
  | { command: 'dead-list'; format: EventsFormat }
  | { command: 'dead-requeue'; target: { eventId: string } | 'all'; format: EventsFormat };

/** The one usage error (src/tooling/cli/args.ts), under the name the events CLI's callers know. */
export const EventsUsageError = UsageError;

/** The events command's flags, declared once. */
export const EVENTS_FLAGS = {
  format: { kind: 'string', choices: ['text', 'json'], default: 'text', description: 'output format' },
  all: { kind: 'boolean', description: 'requeue: every dead-lettered event' },
} as const satisfies FlagSpecs;

export const EVENTS_USAGE = [
  'usage: npm run -s events -- dead list [--format text|json]',
  '       npm run -s events -- dead requeue <eventId> | --all [--format text|json]',
  '       npm run -s events -- --help',
  `dead-lettered: clinic events your endpoint refused ${MAX_REFUSALS} times (a 4xx other than 408/429); requeue puts them back`,
  'in the outbox with their attempts reset. eventId: the MessageSid (SM...), or CallSid-digit (CA...-1).',
  'State: Twilio Sync with ACCOUNT_SID + AUTH_TOKEN (or TWILIO_API_KEY + TWILIO_API_SECRET) and SYNC_SERVICE_SID in the',
  'environment, otherwise the local profile (.env.local).',
  'exit codes: 0 done, 1 no dead-lettered event with that id, 2 usage error, 3 the state could not be read or written',
].join('\n');

export function parseEventsArgs(argv: readonly string[]): EventsArgs {
  if (argv.length === 0) throw new UsageError('missing command');
  if (wantsHelp(argv)) return { command: 'help' };
  const [group, sub, ...rest] = argv;
  if (group !== 'dead' || (sub !== 'list' && sub !== 'requeue')) throw new UsageError('unknown command');
  const { values, positionals } = parseCommandLine({ flags: EVENTS_FLAGS, positionals: true }, rest);
  const format = values.format as EventsFormat;
  if (sub === 'list') {
    if (values.all === true || positionals.length > 0) throw new UsageError('unknown argument');
    return { command: 'dead-list', format };
  }
  if (positionals.length > 1) throw new UsageError('unknown argument');
  const eventId = positionals[0];
  if (values.all === true && eventId !== undefined) throw new UsageError('give an eventId or --all, not both');
  if (values.all === true) return { command: 'dead-requeue', target: 'all', format };
  if (eventId === undefined) throw new UsageError('missing eventId (or --all)');
  if (!EVENT_ID.test(eventId)) throw new UsageError('invalid eventId');
  return { command: 'dead-requeue', target: { eventId }, format };
}

export interface EventQueues {
  outbox: QueueStore<OutboxEntry>;
  dead: QueueStore<DeadLetterEntry>;
}

export type EventsResult = { kind: 'help' } | { kind: 'list'; list: DeadList } | { kind: 'requeue'; all: boolean; result: RequeueResult };

export async function runEvents(args: EventsArgs, queues: EventQueues): Promise<EventsResult> {
  if (args.command === 'help') return { kind: 'help' };
  if (args.command === 'dead-list') return { kind: 'list', list: await listDeadLetters(queues.dead) };
  const result =
    args.target === 'all'
      ? await requeueAllDeadLetters(queues.outbox, queues.dead)
      : await requeueDeadLetter(args.target.eventId, queues.outbox, queues.dead);
  return { kind: 'requeue', all: args.target === 'all', result };
}

/** 0 done; 1 the named event is not dead-lettered; 3 it may be beyond the page that was read (unknown). */
export function eventsExitCode(result: EventsResult): number {
  if (result.kind !== 'requeue' || result.all || result.result.requeued.length > 0) return 0;
  return result.result.truncated ? 3 : 1;
}

const show = (v: string | number | null): string => (v === null ? '?' : String(v));

function listLine(v: DeadLetterView): string {
  return `${show(v.eventId)}  ${show(v.type)}  ${show(v.action)}  ${show(v.appointmentRef)}  attempts=${show(v.attempts)}  status=${show(v.lastStatus)}  deadAt=${show(v.deadAt)}`;
}

const plural = (n: number): string => `${n} event${n === 1 ? '' : 's'}`;

/** Text or JSON for stdout (a not-found requeue is text for stderr). Only checked fields are printed. */
export function formatEvents(args: EventsArgs, result: EventsResult): string {
  const format = args.command === 'help' ? 'text' : args.format;
  if (result.kind === 'help') return EVENTS_USAGE;
  if (result.kind === 'list') {
    const { entries, truncated } = result.list;
    if (format === 'json') return JSON.stringify({ dead: entries, count: entries.length, truncated });
    if (entries.length === 0) return 'no dead-lettered events';
    const lines = [
      `${entries.length} dead-lettered ${entries.length === 1 ? 'event' : 'events'} (oldest first):`,
      ...entries.map(listLine),
    ];
    if (truncated) lines.push(`more remain: only the oldest ${DEAD_PAGE} entries were read; requeue these to see the rest`);
    return lines.join('\n');
  }
  // Event ids come from the store: print only well-formed ones.
  const ids = result.result.requeued.filter((id) => EVENT_ID.test(id));
  const { truncated } = result.result;
  if (format === 'json') return JSON.stringify({ requeued: ids, count: ids.length, truncated });
  if (ids.length === 0) {
    if (result.all) return 'no dead-lettered events to requeue';
    return truncated
      ? `not among the oldest ${DEAD_PAGE} dead-lettered events; the rest could not be checked (requeue the older ones first)`
      : 'no dead-lettered event with that id';
  }
  const lines = [`requeued ${plural(ids.length)} (attempts reset; the next drain delivers ${ids.length === 1 ? 'it' : 'them'}):`, ...ids];
  if (result.all && truncated) lines.push('more remain: run it again');
  return lines.join('\n');
}
