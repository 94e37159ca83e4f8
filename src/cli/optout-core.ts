/**
 * The support CLI's core: parse and validate arguments (ajv + libphonenumber-js), then read or
 * record an opt-out. Output names the number only masked; errors never echo input.
 */
import Ajv from 'ajv';
import schema from '../../schemas/optout-cli.schema.json';
import { isE164, maskNumber } from '../core/mask';
import type { OptOutLedger } from '../ledger/ledger';
import type { StaffReasonCode } from '../ledger/record';

export interface OptoutArgs {
  command: 'status' | 'set' | 'clear';
  number: string;
  sender?: string;
  all?: boolean;
  reason?: StaffReasonCode;
  format: 'text' | 'json';
}

export class UsageError extends Error {}

export const USAGE = [
  'usage: npm run -s optout -- status <E.164> [--sender MG...|<E.164>] [--format text|json]',
  '       npm run -s optout -- set   <E.164> --reason CODE [--sender MG...|<E.164> | --all] [--format text|json]',
  '       npm run -s optout -- clear <E.164> --reason CODE [--sender MG...|<E.164> | --all] [--format text|json]',
  'reason codes: patient_phone_request, patient_in_person_request, patient_written_request, carrier_report, data_correction',
].join('\n');

const validate = new Ajv({ allErrors: false, strictRequired: false }).compile<OptoutArgs>(schema);

export function parseOptoutArgs(argv: readonly string[]): OptoutArgs {
  const [command, number, ...rest] = argv;
  const args: Record<string, unknown> = { command, number, format: 'text' };
  for (let i = 0; i < rest.length; i += 1) {
    const flag = rest[i];
    if (flag === '--all') args.all = true;
    else if (flag === '--sender' || flag === '--reason' || flag === '--format') {
      args[flag.slice(2)] = rest[i + 1];
      i += 1;
    } else throw new UsageError('unknown option');
  }
  if (!validate(args)) {
    const e = validate.errors?.[0];
    const field = e?.instancePath ? e.instancePath.slice(1) : ((e?.params as { missingProperty?: string })?.missingProperty ?? 'arguments');
    throw new UsageError(`invalid ${field}`);
  }
  if (!isE164(args.number)) throw new UsageError('invalid number');
  return args;
}

export interface OptoutResult {
  optedOut: boolean;
  scope: 'sender' | 'all' | 'none';
  changedAt: string | null;
}

export async function runOptout(args: OptoutArgs, ledger: OptOutLedger, now: () => number = Date.now): Promise<OptoutResult> {
  const sender = args.sender ?? null;
  if (args.command !== 'status') {
    await ledger.apply(args.number, {
      scope: args.all || sender === null ? { kind: 'all' } : { kind: 'sender', sender },
      state: args.command === 'set' ? 'opted_out' : 'opted_in',
      at: now(),
      messageSid: null,
      via: 'staff',
      ...(args.reason ? { reason: args.reason } : {}),
    });
  }
  const state = await ledger.status(args.number, sender);
  return { optedOut: state.optedOut, scope: state.scope, changedAt: state.changedAt };
}

export function formatResult(args: OptoutArgs, result: OptoutResult): string {
  if (args.format === 'json') return JSON.stringify(result);
  const who = maskNumber(args.number);
  const where = args.sender ? ` for sender ${args.sender.startsWith('MG') ? args.sender : maskNumber(args.sender)}` : '';
  const state = result.optedOut ? 'OPTED OUT' : 'not opted out';
  const since = result.changedAt ? ` (scope: ${result.scope}, since ${result.changedAt})` : '';
  return `${who}${where}: ${state}${since}`;
}
