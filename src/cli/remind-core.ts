/**
 * `npm run -s remind`: the reference client for POST /reminders/send, and the integration example
 * for a clinic's scheduling system. It validates the arguments with the endpoint's own schema,
 * signs the form parameters with the account's auth token exactly as Twilio signs webhooks
 * (X-Twilio-Signature over URL + sorted parameters), and POSTs them. Output is PHI-free: the number
 * only masked, the server's answer (SIDs and error codes by construction).
 */
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { validateReminderSend } from '../generated/validators/validateReminderSend';
import { isLoopbackDomain } from '../core/config';
import { maskNumber } from '../core/mask';
import { validateWith } from '../core/validation';
import type { ReminderRequest } from '../reminders/send';

export const REMIND_USAGE = [
  'usage: npm run -s remind -- --to <E.164> --at <ISO 8601 with offset> --template <id> --location <id> --ref <appointmentRef>',
  '                           [--send-at <ISO 8601>] [--url <base URL>] [--format text|json]',
  '       npm run -s remind -- --flush [--url <base URL>]     deliver queued clinic events now (POST /events/flush)',
  '       npm run -s remind -- --help',
  'base URL: --url, else REMIND_URL, else http://localhost:3000. Auth token: AUTH_TOKEN from the environment or .env.local.',
  'exit codes: 0 accepted (2xx), 1 refused by the endpoint (4xx/5xx), 2 usage or connection error',
].join('\n');

/** `--help` or `-h` in a flag position: print the usage and exit 0. */
export function wantsRemindHelp(argv: readonly string[]): boolean {
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--help' || a === '-h') return true;
    if (a !== '--flush') i += 1; // every other flag takes a value: skip it
  }
  return false;
}

export class RemindUsageError extends Error {}

const FLAGS: Record<string, keyof ReminderRequest> = {
  '--to': 'to',
  '--at': 'appointmentAt',
  '--template': 'templateId',
  '--location': 'locationId',
  '--ref': 'appointmentRef',
  '--send-at': 'sendAt',
};

export interface RemindArgs {
  mode: 'send' | 'flush';
  params: Record<string, string>;
  baseUrl: string;
  format: 'text' | 'json';
}

export function parseRemindArgs(argv: readonly string[], env: Record<string, string | undefined>): RemindArgs {
  const params: Record<string, string> = {};
  let mode: RemindArgs['mode'] = 'send';
  let baseUrl = env.REMIND_URL ?? 'http://localhost:3000';
  let format: RemindArgs['format'] = 'text';
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] as string;
    if (flag === '--flush') {
      mode = 'flush';
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined) throw new RemindUsageError(`missing value for ${flag}`);
    i += 1;
    const field = FLAGS[flag];
    if (field) params[field] = value;
    else if (flag === '--url') baseUrl = value;
    else if (flag === '--format' && (value === 'text' || value === 'json')) format = value;
    else throw new RemindUsageError('unknown option');
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new RemindUsageError('invalid --url');
  }
  // The request carries a patient number: never over plain http, except to this machine.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackDomain(url.host))) throw new RemindUsageError('--url must be https (http only to localhost)');
  if (mode === 'send') {
    const checked = validateWith<ReminderRequest>(validateReminderSend, params);
    if (!checked.ok) {
      const field = checked.errors[0]?.path.replace(/^\//, '') ?? '';
      const flagName = Object.entries(FLAGS).find(([, f]) => f === field)?.[0];
      throw new RemindUsageError(`invalid or missing ${flagName ?? 'arguments'}`);
    }
  }
  return { mode, params: mode === 'send' ? params : {}, baseUrl: url.origin, format };
}

export interface RemindResult {
  status: number;
  body: Record<string, unknown>;
}

export async function callEndpoint(args: RemindArgs, authToken: string, fetchImpl: typeof fetch = fetch): Promise<RemindResult> {
  const url = `${args.baseUrl}${args.mode === 'send' ? '/reminders/send' : '/events/flush'}`;
  const signature = getExpectedTwilioSignature(authToken, url, args.params);
  const res = await fetchImpl(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(args.params).toString(),
    redirect: 'manual',
  });
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    body = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    body = {};
  }
  return { status: res.status, body };
}

/** One line for people (number masked) or the JSON answer; the server's answers carry no PHI. */
export function formatRemindResult(args: RemindArgs, result: RemindResult): string {
  if (args.format === 'json') return JSON.stringify({ status: result.status, ...result.body });
  const fields = Object.entries(result.body)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join(' ');
  const who = args.params.to ? ` to ${maskNumber(args.params.to)}` : '';
  return `${result.status}${who}: ${fields || '(no details)'}`;
}
