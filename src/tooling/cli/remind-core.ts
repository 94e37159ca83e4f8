/**
 * `npm run -s remind`: the reference client for POST /reminders/send, and the integration example
 * for a clinic's scheduling system. It validates the arguments with the endpoint's own schema,
 * signs the form parameters with the account's auth token exactly as Twilio signs webhooks
 * (X-Twilio-Signature over URL + sorted parameters), and POSTs them. Output is PHI-free: the number
 * only masked, the server's answer (SIDs and error codes by construction).
 */
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { validateReminderSend } from '../../generated/validators/validateReminderSend';
import { isLoopbackDomain } from '../../runtime/core/config';
import { maskNumber } from '../../runtime/core/mask';
import { validateWith } from '../../runtime/core/validation';
import type { ReminderRequest } from '../../runtime/reminders/send';
import { parseCommandLine, UsageError, wantsHelp, type FlagSpecs } from './args';

export const REMIND_USAGE = [
  'usage: npm run -s remind -- --to <E.164> --at <ISO 8601 with offset> --template <id> --location <id> --ref <appointmentRef>',
  '                           [--send-at <ISO 8601>] [--url <base URL>] [--format text|json]',
  '       npm run -s remind -- --flush [--url <base URL>]     deliver queued clinic events now (POST /events/flush)',
  '       npm run -s remind -- --help',
  'base URL: --url, else REMIND_URL, else http://localhost:3000. Auth token: AUTH_TOKEN from the environment or .env.local.',
  'exit codes: 0 accepted (2xx), 1 refused by the endpoint (4xx/5xx), 2 usage or connection error',
].join('\n');

/** `--help` or `-h`: print the usage and exit 0. */
export function wantsRemindHelp(argv: readonly string[]): boolean {
  return wantsHelp(argv, REMIND_FLAGS);
}

/** The one usage error (src/tooling/cli/args.ts), under the name the remind CLI's callers know. */
export const RemindUsageError = UsageError;

/** The remind command's flags, declared once; the request fields map to ReminderRequest's. */
export const REMIND_FLAGS = {
  to: { kind: 'string', valueName: 'E.164', description: "the patient's number" },
  at: { kind: 'string', valueName: 'ISO 8601', description: 'the appointment time, with offset' },
  template: { kind: 'string', valueName: 'ID', description: 'the reminder template' },
  location: { kind: 'string', valueName: 'ID', description: 'the location' },
  ref: { kind: 'string', valueName: 'REF', description: 'the appointment reference' },
  'send-at': { kind: 'string', valueName: 'ISO 8601', description: 'when to send' },
  url: { kind: 'string', valueName: 'URL', description: 'base URL (else REMIND_URL, else http://localhost:3000)' },
  format: { kind: 'string', choices: ['text', 'json'], default: 'text', description: 'output format' },
  flush: { kind: 'boolean', description: 'deliver queued clinic events now' },
} as const satisfies FlagSpecs;

const FLAGS: Record<string, keyof ReminderRequest> = {
  to: 'to',
  at: 'appointmentAt',
  template: 'templateId',
  location: 'locationId',
  ref: 'appointmentRef',
  'send-at': 'sendAt',
};

export interface RemindArgs {
  mode: 'send' | 'flush';
  params: Record<string, string>;
  baseUrl: string;
  format: 'text' | 'json';
}

export function parseRemindArgs(argv: readonly string[], env: Record<string, string | undefined>): RemindArgs {
  const { values } = parseCommandLine({ flags: REMIND_FLAGS }, argv);
  const params: Record<string, string> = {};
  for (const [flag, field] of Object.entries(FLAGS)) if (typeof values[flag] === 'string') params[field] = values[flag];
  const mode: RemindArgs['mode'] = values.flush === true ? 'flush' : 'send';
  const baseUrl = (values.url as string | undefined) ?? env.REMIND_URL ?? 'http://localhost:3000';
  const format = values.format as RemindArgs['format'];
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new RemindUsageError('invalid --url');
  }
  // The request carries a patient number: never over plain http, except to this machine.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackDomain(url.host)))
    throw new RemindUsageError('--url must be https (http only to localhost)');
  if (mode === 'send') {
    const checked = validateWith<ReminderRequest>(validateReminderSend, params);
    if (!checked.ok) {
      const field = checked.errors[0]?.path.replace(/^\//, '') ?? '';
      const flagName = Object.entries(FLAGS).find(([, f]) => f === field)?.[0];
      throw new RemindUsageError(`invalid or missing ${flagName ? `--${flagName}` : 'arguments'}`);
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
