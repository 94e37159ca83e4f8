/**
 * The support CLI's core: parse and validate arguments (ajv + libphonenumber-js), then read or
 * record an opt-out, set up the ledger's identity (`init`) or move the ledger (`migrate`). Output
 * names the number only masked; errors never echo input.
 */
import Ajv from 'ajv';
import { parseCommandLine, UsageError, type FlagSpecs } from './args';
import schema from '../../../schemas/optout-cli.schema.json';
import { isE164, maskNumber } from '../../runtime/core/mask';
import type { OptOutLedger } from '../../runtime/ledger/ledger';
import { scopeStates, type OptState, type StaffReasonCode } from '../../runtime/ledger/record';
import { cancelAfterOptOut, type ConsentDeps } from '../../runtime/reminders/consent-effects';

export interface OptoutArgs {
  command: 'status' | 'set' | 'clear' | 'init' | 'migrate';
  /** Required for status / set / clear. */
  number?: string;
  sender?: string;
  all?: boolean;
  reason?: StaffReasonCode;
  format: 'text' | 'json';
  toShards?: string;
  toPrefix?: string;
  toSecretEnv?: string;
  numbersFile?: string;
  settleMs?: string;
  yes?: boolean;
}

export { UsageError };

export const USAGE = [
  'usage: npm run -s optout -- status <E.164> [--sender MG...|<E.164>] [--format text|json]',
  '       npm run -s optout -- set   <E.164> --reason CODE [--sender MG...|<E.164> | --all] [--format text|json]',
  '       npm run -s optout -- clear <E.164> --reason CODE [--sender MG...|<E.164> | --all] [--format text|json]',
  '       npm run -s optout -- init  [--format text|json]',
  '       npm run -s optout -- migrate [--to-shards N] [--to-prefix P] [--to-secret-env VAR --numbers-file FILE] [--settle-ms MS] [--yes]',
  'reason codes: patient_phone_request, patient_in_person_request, patient_written_request, carrier_report, data_correction',
  'status without --sender lists every scope; the number is OPTED OUT when any scope is.',
  'init writes the ledger identity (layout + secret fingerprint) once; migrate moves the ledger to new shards,',
  'prefix or secret (re-keying needs the old secret in OPTOUT_HMAC_SECRET and every patient number in FILE).',
  'exit codes: 0 done, 1 refused, 2 usage, 3 the ledger could not be read or written (unknown: treat as opted out)',
].join('\n');

const validate = new Ajv({ allErrors: false, strictRequired: false }).compile<OptoutArgs>(schema);

/** The optout command's flags, declared once (npm run optout and `twilio hipaa:optout`). */
export const OPTOUT_FLAGS = {
  sender: { kind: 'string', valueName: 'MG...|E.164', description: 'one sender scope (a Messaging Service SID or a sender number)' },
  all: { kind: 'boolean', description: 'set/clear: every sender' },
  reason: { kind: 'string', valueName: 'CODE', description: 'set/clear: the staff reason code' },
  format: { kind: 'string', default: 'text', valueName: 'text|json', description: 'output format' },
  'to-shards': { kind: 'string', valueName: 'N', description: 'migrate: the new shard count' },
  'to-prefix': { kind: 'string', valueName: 'P', description: 'migrate: the new map prefix' },
  'to-secret-env': { kind: 'string', valueName: 'VAR', description: 'migrate: the variable holding the new secret' },
  'numbers-file': { kind: 'string', valueName: 'FILE', description: 'migrate: every patient number (re-keying)' },
  'settle-ms': { kind: 'string', valueName: 'MS', description: 'migrate: wait for identity caches' },
  yes: { kind: 'boolean', description: 'migrate: go ahead (the ledger freezes meanwhile)' },
} as const satisfies FlagSpecs;

export const OPTOUT_COMMANDS = ['status', 'set', 'clear', 'init', 'migrate'] as const;

const FIELDS: Record<string, keyof OptoutArgs> = {
  'to-shards': 'toShards',
  'to-prefix': 'toPrefix',
  'to-secret-env': 'toSecretEnv',
  'numbers-file': 'numbersFile',
  'settle-ms': 'settleMs',
};

/** The typed arguments from the command word, checked flag values and positionals (npm script and plugin). */
export function optoutArgsFrom(command: string | undefined, values: Record<string, unknown>, positionals: readonly string[]): OptoutArgs {
  if (!(OPTOUT_COMMANDS as readonly (string | undefined)[]).includes(command)) throw new UsageError('invalid command');
  const args: Record<string, unknown> = { command };
  const takesNumber = command === 'status' || command === 'set' || command === 'clear';
  if (positionals.length > (takesNumber ? 1 : 0)) throw new UsageError('unknown argument');
  if (takesNumber) args.number = positionals[0];
  for (const [flag, value] of Object.entries(values)) {
    if (value === undefined || value === false) continue;
    args[FIELDS[flag] ?? flag] = value;
  }
  if (!validate(args)) {
    const e = validate.errors?.[0];
    const field = e?.instancePath ? e.instancePath.slice(1) : ((e?.params as { missingProperty?: string })?.missingProperty ?? 'arguments');
    throw new UsageError(`invalid ${field}`);
  }
  if (args.number !== undefined && !isE164(args.number)) throw new UsageError('invalid number');
  return args;
}

export function parseOptoutArgs(argv: readonly string[]): OptoutArgs {
  const [command, ...tail] = argv;
  const { values, positionals } = parseCommandLine({ flags: OPTOUT_FLAGS, positionals: true }, tail);
  return optoutArgsFrom(command, values, positionals);
}

export interface ScopeView {
  /** `all`, a Messaging Service SID, or a masked sender number. */
  scope: string;
  state: OptState;
  since: string;
  via: string;
}

export interface OptoutResult {
  optedOut: boolean;
  scope: 'sender' | 'all' | 'none';
  changedAt: string | null;
  /** Every scope with its own state (support's full view). */
  scopes: ScopeView[];
  /** Scheduled reminders to this number canceled by an opt-out (still on record), when known. */
  canceledScheduled?: number;
  /** Cancels that failed now and wait in the durable consent-job queue (set only). */
  queuedCancels?: number;
}

function showSender(scope: string): string {
  return scope === 'all' || scope.startsWith('MG') ? scope : maskNumber(scope);
}

/** `consent`, when given, cancels scheduled reminders a staff opt-out covers and counts canceled ones. */
export async function runOptout(
  args: OptoutArgs,
  ledger: OptOutLedger,
  now: () => number = Date.now,
  consent?: ConsentDeps,
): Promise<OptoutResult> {
  const number = args.number as string;
  const sender = args.sender ?? null;
  let queuedCancels: number | undefined;
  if (args.command === 'set' || args.command === 'clear') {
    const stored = await ledger.apply(number, {
      scope: args.all || sender === null ? { kind: 'all' } : { kind: 'senders', senders: [sender] },
      state: args.command === 'set' ? 'opted_out' : 'opted_in',
      at: now(),
      messageSid: null,
      via: 'staff',
      ...(args.reason ? { reason: args.reason } : {}),
    });
    if (args.command === 'set' && consent) {
      const summary = await cancelAfterOptOut(number, stored.record, consent);
      if (summary.unrecorded > 0) throw new Error('scheduled reminders could not be canceled or queued');
      queuedCancels = summary.queued;
    }
  }
  const record = await ledger.read(number);
  const scopes = scopeStates(record).map(({ scope, entry }) => ({
    scope: showSender(scope),
    state: entry.state,
    since: new Date(entry.since).toISOString(),
    via: entry.via,
  }));
  const state = ledger.stateOf(record, sender);
  const optedOut = sender === null ? scopes.some((s) => s.state === 'opted_out') : state.optedOut;
  const canceled = consent ? await consent.pending.canceledCount(number).catch(() => undefined) : undefined;
  return {
    optedOut,
    scope: state.scope,
    changedAt: state.changedAt,
    scopes,
    ...(canceled !== undefined ? { canceledScheduled: canceled } : {}),
    ...(queuedCancels !== undefined ? { queuedCancels } : {}),
  };
}

export function formatResult(args: OptoutArgs, result: OptoutResult): string {
  if (args.format === 'json') return JSON.stringify(result);
  const who = maskNumber(args.number as string);
  const where = args.sender ? ` for sender ${showSender(args.sender)}` : '';
  const state = result.optedOut ? 'OPTED OUT' : 'not opted out';
  const since = args.sender && result.changedAt ? ` (scope: ${result.scope}, since ${result.changedAt})` : '';
  const lines = [`${who}${where}: ${state}${since}`];
  if (!args.sender) {
    for (const s of result.scopes)
      lines.push(
        `  ${s.scope === 'all' ? 'all senders' : s.scope}: ${s.state === 'opted_out' ? 'opted out' : 'opted in'} since ${s.since} (${s.via})`,
      );
  }
  if (result.canceledScheduled !== undefined) lines.push(`  scheduled reminders canceled by an opt-out: ${result.canceledScheduled}`);
  if (result.queuedCancels) lines.push(`  cancels queued for retry: ${result.queuedCancels}`);
  return lines.join('\n');
}
