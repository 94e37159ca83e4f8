/**
 * The `remind` client: argument validation with the endpoint's own schema, https-only off this
 * machine, Twilio-compatible signing, and PHI-free output (number masked).
 */
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { callEndpoint, formatRemindResult, parseRemindArgs, RemindUsageError, wantsRemindHelp } from '../../src/tooling/cli/remind-core';
import { CANARY_PHONE, CANARY_PHONE_DIGITS } from '../helpers/canary';

const ARGS = [
  '--to',
  CANARY_PHONE,
  '--at',
  '2026-12-01T14:30:00-05:00',
  '--template',
  'appointment-reminder',
  '--location',
  'main-street',
  '--ref',
  'apt_cli_0001',
];

describe('parseRemindArgs', () => {
  test('maps flags to the endpoint fields; default URL is the local server', () => {
    expect(parseRemindArgs(ARGS, {})).toEqual({
      mode: 'send',
      baseUrl: 'http://localhost:3000',
      format: 'text',
      params: {
        to: CANARY_PHONE,
        appointmentAt: '2026-12-01T14:30:00-05:00',
        templateId: 'appointment-reminder',
        locationId: 'main-street',
        appointmentRef: 'apt_cli_0001',
      },
    });
    expect(parseRemindArgs([...ARGS, '--url', 'https://clinic-1234-dev.twil.io'], {}).baseUrl).toBe('https://clinic-1234-dev.twil.io');
    expect(parseRemindArgs(ARGS, { REMIND_URL: 'https://x.twil.io' }).baseUrl).toBe('https://x.twil.io');
  });

  test.each([
    ['a missing field', ARGS.slice(0, 8), 'invalid or missing --ref'],
    ['a bad field', [...ARGS.slice(0, 9), 'John Smith'], 'invalid or missing --ref'],
    ['an unknown flag', [...ARGS, '--name', 'x'], 'unknown argument'],
    ['plain http to another host', [...ARGS, '--url', 'http://clinic.example.com'], '--url must be https'],
  ])('%s is a usage error that echoes nothing', (_name, argv, message) => {
    expect(() => parseRemindArgs(argv, {})).toThrow(RemindUsageError);
    expect(() => parseRemindArgs(argv, {})).toThrow(message);
    try {
      parseRemindArgs(argv, {});
    } catch (err) {
      expect((err as Error).message).not.toContain(CANARY_PHONE_DIGITS);
      expect((err as Error).message).not.toContain('John');
    }
  });

  test("--help / -h in a flag position asks for the usage; as a flag's value it does not", () => {
    expect(wantsRemindHelp(['--help'])).toBe(true);
    expect(wantsRemindHelp(['-h'])).toBe(true);
    expect(wantsRemindHelp([...ARGS, '--help'])).toBe(true);
    expect(wantsRemindHelp(['--flush', '-h'])).toBe(true);
    expect(wantsRemindHelp(['--ref', '-h'])).toBe(false);
    expect(wantsRemindHelp(ARGS)).toBe(false);
  });

  test('--flush needs no reminder fields', () => {
    expect(parseRemindArgs(['--flush'], {})).toMatchObject({ mode: 'flush', params: {} });
  });
});

describe('callEndpoint', () => {
  test('signs exactly as Twilio signs webhooks, form-encoded', async () => {
    const args = parseRemindArgs(ARGS, {});
    let seen: { url: string; init: RequestInit } | undefined;
    const fakeFetch = (async (url: string, init: RequestInit) => {
      seen = { url, init };
      return new Response('{"messageSid":"SM00000000000000000000000000000001","status":"accepted"}', { status: 202 });
    }) as unknown as typeof fetch;
    const result = await callEndpoint(args, 'tok'.repeat(11), fakeFetch);
    expect(result).toEqual({ status: 202, body: { messageSid: 'SM00000000000000000000000000000001', status: 'accepted' } });
    const headers = seen!.init.headers as Record<string, string>;
    expect(seen!.url).toBe('http://localhost:3000/reminders/send');
    expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(headers['x-twilio-signature']).toBe(getExpectedTwilioSignature('tok'.repeat(11), seen!.url, args.params));
    const line = formatRemindResult(args, result);
    expect(line).toBe('202 to +1******0147: messageSid=SM00000000000000000000000000000001 status=accepted');
    expect(line).not.toContain(CANARY_PHONE_DIGITS);
  });
});
