import { ConfigError, isLoopbackDomain, loadConfig } from '../../src/runtime/core/config';
import { CANARY_PHONE } from '../helpers/canary';
import { localEnv, syncEnv } from '../helpers/env';

const IS = `IS${'1'.repeat(32)}`;

describe('loadConfig', () => {
  test('reads a sync configuration with defaults', () => {
    const config = loadConfig(syncEnv(IS), 'clinic-1234-dev.twil.io');
    expect(config.ledger).toEqual({ backend: 'sync', serviceSid: IS, mapPrefix: 'optout-ledger', shards: 4, writeBudgetMs: 8000 });
    expect(config.webhookBaseUrl).toBeUndefined();
  });

  test('the file ledger is accepted on loopback only (deployed code refuses it)', () => {
    expect(loadConfig(localEnv('/tmp/x'), 'localhost:3000').ledger.backend).toBe('file');
    expect(() => loadConfig(localEnv('/tmp/x'), 'clinic-1234-dev.twil.io')).toThrow(ConfigError);
    expect(() => loadConfig(localEnv('/tmp/x'), undefined)).toThrow(/local profile only/);
  });

  test('sync requires a Sync service SID', () => {
    const env = syncEnv(IS);
    delete (env as Record<string, string>).SYNC_SERVICE_SID;
    expect(() => loadConfig(env, 'x.twil.io')).toThrow('invalid environment: /SYNC_SERVICE_SID (required)');
  });

  test('errors name the variable, never its value', () => {
    let message = '';
    try {
      loadConfig(syncEnv(IS, { CLINIC_HELP_PHONE: `${CANARY_PHONE}x`, CLINIC_NAME: 'Dr. <b>' }), 'x.twil.io');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^invalid environment: \/(CLINIC_HELP_PHONE|CLINIC_NAME) \(pattern\)/);
    expect(message).not.toContain(CANARY_PHONE);
  });

  test('empty strings count as absent', () => {
    expect(() => loadConfig(syncEnv(IS, { AUTH_TOKEN: '' }), 'x.twil.io')).toThrow('/AUTH_TOKEN (required)');
  });

  test('clinic events: https deployed; plain http only to loopback from a loopback server; secret required', () => {
    const secret = { CLINIC_EVENTS_SECRET: 'z'.repeat(32) };
    const https = loadConfig(syncEnv(IS, { CLINIC_EVENTS_URL: 'https://ehr.example.org/twilio/events', ...secret }), 'x.twil.io');
    expect(https.clinicEvents).toEqual({ url: 'https://ehr.example.org/twilio/events', secret: 'z'.repeat(32) });
    expect(() => loadConfig(syncEnv(IS, { CLINIC_EVENTS_URL: 'http://ehr.example.org/events', ...secret }), 'x.twil.io')).toThrow(
      'CLINIC_EVENTS_URL must be https',
    );
    expect(() => loadConfig(syncEnv(IS, { CLINIC_EVENTS_URL: 'http://127.0.0.1:9000/events', ...secret }), 'x.twil.io')).toThrow(
      'CLINIC_EVENTS_URL must be https',
    );
    expect(
      loadConfig(localEnv('/tmp/x', { CLINIC_EVENTS_URL: 'http://127.0.0.1:9000/events', ...secret }), 'localhost:3000').clinicEvents?.url,
    ).toBe('http://127.0.0.1:9000/events');
    expect(() =>
      loadConfig(localEnv('/tmp/x', { CLINIC_EVENTS_URL: 'http://ehr.example.org/events', ...secret }), 'localhost:3000'),
    ).toThrow('CLINIC_EVENTS_URL must be https');
    expect(() => loadConfig(syncEnv(IS, { CLINIC_EVENTS_URL: 'https://ehr.example.org/e' }), 'x.twil.io')).toThrow(
      '/CLINIC_EVENTS_SECRET (required)',
    );
  });

  test('state follows the ledger backend; optional SIDs and retention are read when set', () => {
    expect(loadConfig(syncEnv(IS), 'x.twil.io')).toMatchObject({ state: { backend: 'sync', serviceSid: IS }, retention: {} });
    expect(loadConfig(localEnv('/tmp/x'), 'localhost:3000').state).toEqual({ backend: 'file', dir: '/tmp/x/state' });
    const full = loadConfig(
      syncEnv(IS, {
        MESSAGING_SERVICE_SID: `MG${'a'.repeat(32)}`,
        VERIFY_SERVICE_SID: `VA${'b'.repeat(32)}`,
        MESSAGE_CONTENT_RETENTION: 'discard',
        MESSAGE_ADDRESS_RETENTION: 'obfuscate',
      }),
      'x.twil.io',
    );
    expect(full).toMatchObject({
      messagingServiceSid: `MG${'a'.repeat(32)}`,
      verifyServiceSid: `VA${'b'.repeat(32)}`,
      retention: { content: 'discard', address: 'obfuscate' },
    });
    expect(() => loadConfig(syncEnv(IS, { MESSAGE_CONTENT_RETENTION: 'keep' }), 'x.twil.io')).toThrow('/MESSAGE_CONTENT_RETENTION (enum)');
  });

  test.each([
    ['localhost:3000', true],
    ['127.0.0.1:8080', true],
    ['LOCALHOST', true],
    ['clinic-1234-dev.twil.io', false],
    ['localhost.evil.example', false],
    [undefined, false],
  ])('isLoopbackDomain(%s) = %s', (domain, expected) => {
    expect(isLoopbackDomain(domain)).toBe(expected);
  });
});
