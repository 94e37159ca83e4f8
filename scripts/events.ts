/**
 * `npm run -s events -- dead list|requeue ...`: the support CLI for dead-lettered clinic events
 * (src/tooling/cli/events-core.ts). Exit codes: 0 done, 1 no dead-lettered event with that id, 2 usage
 * error, 3 the state could not be read or written (unknown).
 */
import { join } from 'node:path';
import {
  EVENTS_USAGE,
  EventsUsageError,
  eventsExitCode,
  formatEvents,
  parseEventsArgs,
  runEvents,
  type EventsArgs,
} from '../src/tooling/cli/events-core';
import { localEnvPath, twilioClientFromEnv } from '../src/tooling/cli/ledger-from-env';
import { StateSetupError, stateFromEnv } from '../src/tooling/cli/state-from-env';
import type { DeadLetterEntry, OutboxEntry } from '../src/runtime/events/outbox';
import { COLLECTIONS } from '../src/runtime/state/factory';
import { readEnvFile } from './local-env';

async function main(argv: string[]): Promise<number> {
  let args: EventsArgs;
  try {
    args = parseEventsArgs(argv);
  } catch (err) {
    console.error(`${err instanceof EventsUsageError ? err.message : 'invalid arguments'}\n${EVENTS_USAGE}`);
    return 2;
  }
  if (args.command === 'help') {
    console.log(EVENTS_USAGE);
    return 0;
  }
  const root = join(__dirname, '..');
  const localPath = localEnvPath(root);
  let setup;
  try {
    setup = stateFromEnv(process.env, root, localPath ? readEnvFile(localPath) : null, twilioClientFromEnv(process.env));
  } catch (err) {
    console.error(err instanceof StateSetupError ? err.message : 'could not set up the state store');
    return 2;
  }
  try {
    const result = await runEvents(args, {
      outbox: setup.state.queue<OutboxEntry>(COLLECTIONS.clinicEvents),
      dead: setup.state.queue<DeadLetterEntry>(COLLECTIONS.clinicEventsDead),
    });
    const code = eventsExitCode(result);
    const text = formatEvents(args, result);
    if (code === 0 || args.format === 'json') console.log(text);
    else console.error(text);
    return code;
  } catch {
    console.error(
      args.command === 'dead-list'
        ? `could not check: the ${setup.source} state could not be read`
        : `could not finish: the ${setup.source} state could not be read or written; run \`dead list\` to see what is left (an event is never lost, at worst delivered twice)`,
    );
    return 3;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
