import { VOICE_RULES } from '../../src/tooling/preflight/rules/voice';
import type { Finding } from '../../src/tooling/preflight/types';
import { runPreflight, startWorld, statusesOf, targetOf, type World, finishWorld } from './harness';
import { HOOK_AUTH, originationUrl } from './fixtures/voice-records';
import { DIALING_COUNTRIES, RECORDINGS, setRecordingProbeStatus, VIDEO_SETTINGS } from './fixtures/voice-routes';

const rules = VOICE_RULES;
let world: World;

beforeEach(async () => {
  world = await startWorld();
});
afterEach(() => finishWorld(world));

const rec = (collection: string, i = 0): Record<string, unknown> => {
  const r = world.fake.resources.all(collection)[i];
  if (!r) throw new Error(`no record ${collection}[${i}]`);
  return r;
};
const sid = (collection: string, i = 0): string => String(rec(collection, i).sid);
const run = (): Promise<Finding[]> => runPreflight(world, { rules });

/** Applies every fix of `id` and returns the re-run's findings. */
async function fixAndRerun(findings: Finding[], id: string): Promise<Finding[]> {
  const fixes = findings.filter((f) => f.id === id && f.fix);
  expect(fixes.length).toBeGreaterThan(0);
  const { api } = targetOf(world);
  for (const f of fixes) await f.fix!.apply(api);
  return run();
}

describe('voice: compliant account', () => {
  test('passes every voice rule, leaks no credentials, and hits no schema violation', async () => {
    const findings = await run();
    expect(findings.filter((f) => f.status !== 'pass')).toEqual([]);
    expect(new Set(findings.map((f) => f.id))).toEqual(new Set(rules.map((r) => r.meta.id)));
    expect(statusesOf(findings, 'VOICE-TRUNK-SECURE')).toHaveLength(2);
    expect(statusesOf(findings, 'VOICE-TRUNK-ORIGINATION-TLS')).toHaveLength(4);
    expect(statusesOf(findings, 'VOICE-APP-WEBHOOKS')).toHaveLength(3);
    expect(statusesOf(findings, 'VOICE-RECORDING-ENCRYPTION')).toHaveLength(3);
    const text = JSON.stringify(findings);
    expect(text).not.toContain('S3cretHookPw');
    expect(text).not.toContain(HOOK_AUTH.split(':')[0]);
  });

  test('an empty account: one pass per resource rule ("no resources")', async () => {
    for (const c of ['voice_trunks', 'voice_sip_domains', 'voice_applications']) world.fake.resources.clear(c);
    const findings = await run();
    for (const id of [
      'VOICE-TRUNK-SECURE',
      'VOICE-TRUNK-ORIGINATION-TLS',
      'VOICE-SIP-DOMAIN-AUTH',
      'VOICE-APP-WEBHOOKS',
      'VOICE-TWIML-URL-HTTP-AUTH',
    ]) {
      expect(statusesOf(findings, id)).toEqual([{ status: 'pass', resource: null }]);
    }
  });

  test('an API failure makes the voice rules unknown, never pass', async () => {
    world.fake.faults.failNext(1000, 500, 20500);
    const findings = await run();
    world.fake.faults.reset();
    for (const id of [
      'VOICE-TRUNK-SECURE',
      'VOICE-SIP-DOMAIN-SECURE',
      'VOICE-RECORDING-HTTP-AUTH',
      'VIDEO-RECORDING-SETTINGS',
      'VOICE-DIALING-PERMISSIONS',
    ]) {
      expect(statusesOf(findings, id)).toEqual([{ status: 'unknown', resource: null }]);
    }
  });
});

describe('voice: Elastic SIP trunking (row 17)', () => {
  test('VOICE-TRUNK-SECURE fails for secure false/null; the fix enables it', async () => {
    rec('voice_trunks', 0).secure = false;
    rec('voice_trunks', 1).secure = null;
    const findings = await run();
    expect(statusesOf(findings, 'VOICE-TRUNK-SECURE')).toEqual([
      { status: 'fail', resource: sid('voice_trunks', 0) },
      { status: 'fail', resource: sid('voice_trunks', 1) },
    ]);
    expect(findings.find((f) => f.id === 'VOICE-TRUNK-SECURE')?.fix?.changes).toEqual([{ field: 'secure', before: false, after: true }]);
    expect(statusesOf(await fixAndRerun(findings, 'VOICE-TRUNK-SECURE'), 'VOICE-TRUNK-SECURE').map((s) => s.status)).toEqual([
      'pass',
      'pass',
    ]);
  });

  test('VOICE-TRUNK-SECURE: an attested Interconnect passes an insecure trunk', async () => {
    rec('voice_trunks', 0).secure = false;
    world.config.attestations.secureTrunkingInterconnect = { value: true, by: 'network-team', at: '2026-03-01' };
    expect(statusesOf(await run(), 'VOICE-TRUNK-SECURE')[0]).toEqual({ status: 'pass', resource: sid('voice_trunks', 0) });
  });

  test('VOICE-TRUNK-ORIGINATION-TLS warns for a UDP origination URI and reports only its host', async () => {
    const ou = world.fake.resources.add(
      'voice_origination_urls',
      originationUrl(world.accountSid, sid('voice_trunks', 1), 'udp', { sip_url: 'sip:ops:pw@pbx-udp.clinic.example:5060' }),
    );
    const findings = await run();
    expect(statusesOf(findings, 'VOICE-TRUNK-ORIGINATION-TLS')).toContainEqual({ status: 'warn', resource: ou.sid });
    expect(findings.find((f) => f.resource === ou.sid)?.evidence).toEqual({
      trunk: sid('voice_trunks', 1),
      host: 'pbx-udp.clinic.example',
      enabled: true,
    });
  });

  test('VOICE-TRUNK-WEBHOOKS: GET disaster recovery is fixed to POST; http is reported by host', async () => {
    rec('voice_trunks', 0).disaster_recovery_method = 'GET';
    rec('voice_trunks', 1).disaster_recovery_url = 'http://dr.clinic.example/twiml?patient=1';
    const findings = await run();
    expect(statusesOf(findings, 'VOICE-TRUNK-WEBHOOKS')).toEqual([
      { status: 'fail', resource: sid('voice_trunks', 0) },
      { status: 'fail', resource: sid('voice_trunks', 1) },
    ]);
    expect(findings.filter((f) => f.id === 'VOICE-TRUNK-WEBHOOKS')[1]?.evidence).toEqual({
      insecureFields: 'disaster_recovery_url',
      insecureHosts: 'dr.clinic.example',
    });
    const after = await fixAndRerun(findings, 'VOICE-TRUNK-WEBHOOKS');
    expect(statusesOf(after, 'VOICE-TRUNK-WEBHOOKS')).toEqual([
      { status: 'pass', resource: sid('voice_trunks', 0) },
      { status: 'fail', resource: sid('voice_trunks', 1) },
    ]);
  });
});

describe('voice: SIP domains (row 18)', () => {
  test('VOICE-SIP-DOMAIN-SECURE fails for secure null; the fix enables it', async () => {
    rec('voice_sip_domains', 1).secure = null;
    const findings = await run();
    expect(statusesOf(findings, 'VOICE-SIP-DOMAIN-SECURE')[1]).toEqual({ status: 'fail', resource: sid('voice_sip_domains', 1) });
    expect(statusesOf(await fixAndRerun(findings, 'VOICE-SIP-DOMAIN-SECURE'), 'VOICE-SIP-DOMAIN-SECURE').map((s) => s.status)).toEqual([
      'pass',
      'pass',
    ]);
  });

  test('VOICE-SIP-DOMAIN-AUTH fails without an auth mapping', async () => {
    rec('voice_sip_domains', 0).auth_type = '';
    rec('voice_sip_domains', 1).auth_type = null;
    expect(statusesOf(await run(), 'VOICE-SIP-DOMAIN-AUTH').map((s) => s.status)).toEqual(['fail', 'fail']);
  });

  test('VOICE-SIP-DOMAIN-WEBHOOKS: GET voice method is fixed to POST', async () => {
    rec('voice_sip_domains', 0).voice_method = 'GET';
    const findings = await run();
    expect(statusesOf(findings, 'VOICE-SIP-DOMAIN-WEBHOOKS')[0]).toEqual({ status: 'fail', resource: sid('voice_sip_domains', 0) });
    expect(statusesOf(await fixAndRerun(findings, 'VOICE-SIP-DOMAIN-WEBHOOKS'), 'VOICE-SIP-DOMAIN-WEBHOOKS').map((s) => s.status)).toEqual([
      'pass',
      'pass',
    ]);
    expect(rec('voice_sip_domains', 0).voice_method).toBe('POST');
  });
});

describe('voice: TwiML Apps (rows 4, 6, 19)', () => {
  test('VOICE-APP-WEBHOOKS: an http URL with credentials fails by host only; GET is fixed', async () => {
    rec('voice_applications', 0).sms_url = 'http://leaky:Pa55word@sms.clinic.example/in?mrn=42';
    rec('voice_applications', 2).status_callback_method = 'GET';
    const findings = await run();
    expect(statusesOf(findings, 'VOICE-APP-WEBHOOKS').map((s) => s.status)).toEqual(['fail', 'pass', 'fail']);
    expect(findings.find((f) => f.id === 'VOICE-APP-WEBHOOKS')?.evidence).toEqual({
      insecureFields: 'sms_url',
      insecureHosts: 'sms.clinic.example',
    });
    expect(findings.find((f) => f.id === 'VOICE-APP-WEBHOOKS')?.fix).toBeUndefined();
    const text = JSON.stringify(findings);
    for (const secret of ['Pa55word', 'leaky', 'mrn=42']) expect(text).not.toContain(secret);
    const after = await fixAndRerun(findings, 'VOICE-APP-WEBHOOKS');
    expect(statusesOf(after, 'VOICE-APP-WEBHOOKS').map((s) => s.status)).toEqual(['fail', 'pass', 'pass']);
  });

  test('VOICE-APP-PUBLIC-CONNECT warns when enabled or null; the fix turns it off', async () => {
    rec('voice_applications', 1).public_application_connect_enabled = true;
    rec('voice_applications', 2).public_application_connect_enabled = null;
    const findings = await run();
    expect(statusesOf(findings, 'VOICE-APP-PUBLIC-CONNECT').map((s) => s.status)).toEqual(['pass', 'warn', 'warn']);
    expect(statusesOf(await fixAndRerun(findings, 'VOICE-APP-PUBLIC-CONNECT'), 'VOICE-APP-PUBLIC-CONNECT').map((s) => s.status)).toEqual([
      'pass',
      'pass',
      'pass',
    ]);
  });

  test('VOICE-TWIML-URL-HTTP-AUTH warns for a URL without credentials; *.twil.io is not counted', async () => {
    rec('voice_applications', 0).voice_url = 'https://voice.clinic.example/apps/ivr/voice';
    const twilio = rec('voice_sip_domains', 0);
    twilio.voice_url = 'https://clinic-1234.twil.io/sip';
    twilio.voice_status_callback_url = null;
    const findings = await run();
    expect(statusesOf(findings, 'VOICE-TWIML-URL-HTTP-AUTH')).toContainEqual({ status: 'warn', resource: sid('voice_applications', 0) });
    expect(
      findings.find((f) => f.resource === sid('voice_applications', 0) && f.id === 'VOICE-TWIML-URL-HTTP-AUTH')?.evidence,
    ).toMatchObject({ withoutAuth: 1, hostsWithoutAuth: 'voice.clinic.example' });
    const sip = findings.find((f) => f.resource === sid('voice_sip_domains', 0) && f.id === 'VOICE-TWIML-URL-HTTP-AUTH');
    expect(sip).toMatchObject({ status: 'pass', evidence: { urlsChecked: 0, twilioHosted: 1 } });
  });
});

describe('voice: dialing permissions (row 16)', () => {
  const country = (iso: string): Record<string, unknown> => {
    const c = world.fake.resources.all(DIALING_COUNTRIES).find((r) => r.iso_code === iso);
    if (!c) throw new Error(iso);
    return c;
  };

  test('countries outside allowedCountries warn; the BulkCountryUpdates fix disables them', async () => {
    country('MX').low_risk_numbers_enabled = true;
    country('GB').high_risk_tollfraud_numbers_enabled = true;
    const findings = await run();
    expect(statusesOf(findings, 'VOICE-DIALING-PERMISSIONS')).toEqual([
      { status: 'warn', resource: 'country:GB' },
      { status: 'warn', resource: 'country:MX' },
    ]);
    expect(findings.find((f) => f.resource === 'country:GB')?.fix?.changes).toEqual([
      { field: 'high_risk_tollfraud_numbers_enabled', before: true, after: false },
    ]);
    expect(statusesOf(await fixAndRerun(findings, 'VOICE-DIALING-PERMISSIONS'), 'VOICE-DIALING-PERMISSIONS')).toEqual([
      { status: 'pass', resource: null },
    ]);
    expect(country('MX').low_risk_numbers_enabled).toBe(false);
    expect(country('US').low_risk_numbers_enabled).toBe(true);
  });

  test('a country in allowedCountries is accepted', async () => {
    country('MX').low_risk_numbers_enabled = true;
    world.config.allowedCountries = ['US', 'MX'];
    expect(statusesOf(await run(), 'VOICE-DIALING-PERMISSIONS')).toEqual([{ status: 'pass', resource: null }]);
  });
});

describe('voice: recordings (rows 22, 23)', () => {
  test('VOICE-RECORDING-HTTP-AUTH fails when the unauthenticated probe gets 200 or 302', async () => {
    for (const status of [200, 302]) {
      setRecordingProbeStatus(world.fake, world.accountSid, status);
      const findings = await run();
      expect(statusesOf(findings, 'VOICE-RECORDING-HTTP-AUTH')).toEqual([{ status: 'fail', resource: sid(RECORDINGS, 0) }]);
      expect(findings.find((f) => f.id === 'VOICE-RECORDING-HTTP-AUTH')?.evidence).toEqual({
        httpStatus: status,
        mediaHost: 'api.twilio.com',
      });
    }
  });

  test('VOICE-RECORDING-HTTP-AUTH: an unexpected probe status is unknown', async () => {
    setRecordingProbeStatus(world.fake, world.accountSid, 503);
    expect(statusesOf(await run(), 'VOICE-RECORDING-HTTP-AUTH')).toEqual([{ status: 'unknown', resource: sid(RECORDINGS, 0) }]);
  });

  test('VOICE-RECORDING-HTTP-AUTH: no recording → attestation (absent unknown, false fail, true pass)', async () => {
    world.fake.resources.clear(RECORDINGS);
    expect(statusesOf(await run(), 'VOICE-RECORDING-HTTP-AUTH')).toEqual([{ status: 'pass', resource: null }]);
    world.config.attestations.recordingHttpAuth = { value: false, by: 'voice-team', at: '2026-03-01' };
    expect(statusesOf(await run(), 'VOICE-RECORDING-HTTP-AUTH')).toEqual([{ status: 'fail', resource: null }]);
    delete world.config.attestations.recordingHttpAuth;
    expect(statusesOf(await run(), 'VOICE-RECORDING-HTTP-AUTH')).toEqual([{ status: 'unknown', resource: null }]);
  });

  test('VOICE-RECORDING-HTTP-AUTH: external storage is reported and needs the attestation', async () => {
    rec(RECORDINGS, 0).media_url = 'https://clinic-recordings.s3.amazonaws.com/RE123.wav?X-Amz-Signature=abc';
    delete world.config.attestations.recordingHttpAuth;
    const findings = await run();
    expect(statusesOf(findings, 'VOICE-RECORDING-HTTP-AUTH')).toEqual([{ status: 'unknown', resource: sid(RECORDINGS, 0) }]);
    expect(findings.find((f) => f.id === 'VOICE-RECORDING-HTTP-AUTH')?.evidence).toEqual({
      externalStorage: true,
      mediaHost: 'clinic-recordings.s3.amazonaws.com',
    });
  });

  test('VOICE-RECORDING-ENCRYPTION warns per unencrypted recording and without a public key', async () => {
    rec(RECORDINGS, 1).encryption_details = null;
    expect(statusesOf(await run(), 'VOICE-RECORDING-ENCRYPTION')).toEqual([
      { status: 'pass', resource: sid(RECORDINGS, 0) },
      { status: 'warn', resource: sid(RECORDINGS, 1) },
      { status: 'pass', resource: sid(RECORDINGS, 2) },
    ]);
    world.fake.resources.clear('voice_public_keys');
    // Without a public key: the account-level warning, and the unencrypted recording named by its RE SID.
    expect(statusesOf(await run(), 'VOICE-RECORDING-ENCRYPTION')).toEqual([
      { status: 'warn', resource: null },
      { status: 'warn', resource: sid(RECORDINGS, 1) },
    ]);
  });

  test('VOICE-RECORDING-ENCRYPTION: no recording and no attestation is unknown', async () => {
    world.fake.resources.clear(RECORDINGS);
    delete world.config.attestations.recordingEncryption;
    expect(statusesOf(await run(), 'VOICE-RECORDING-ENCRYPTION')).toEqual([{ status: 'unknown', resource: null }]);
  });
});

describe('voice: Public Key Client Validation (row 7)', () => {
  test('no public key: SEC-PKCV-PUBLIC-KEY warns and an enforcement attestation is contradicted', async () => {
    world.fake.resources.clear('voice_public_keys');
    const findings = await run();
    expect(statusesOf(findings, 'SEC-PKCV-PUBLIC-KEY')).toEqual([{ status: 'warn', resource: null }]);
    expect(statusesOf(findings, 'SEC-PKCV-ENFORCED')).toEqual([{ status: 'warn', resource: null }]);
  });

  test('SEC-PKCV-ENFORCED without an attestation is unknown', async () => {
    delete world.config.attestations.publicKeyClientValidationEnforced;
    expect(statusesOf(await run(), 'SEC-PKCV-ENFORCED')).toEqual([{ status: 'unknown', resource: null }]);
  });
});

describe('voice: Video (row 24)', () => {
  test('VIDEO-RECORDING-SETTINGS fails for external storage without encryption or over http', async () => {
    rec(VIDEO_SETTINGS).encryption_enabled = false;
    expect(statusesOf(await run(), 'VIDEO-RECORDING-SETTINGS')).toEqual([{ status: 'fail', resource: null }]);
    rec(VIDEO_SETTINGS).encryption_enabled = true;
    rec(VIDEO_SETTINGS).aws_s3_url = 'http://clinic-video.s3.amazonaws.com/recordings';
    const findings = await run();
    expect(statusesOf(findings, 'VIDEO-RECORDING-SETTINGS')).toEqual([{ status: 'fail', resource: null }]);
    expect(findings.find((f) => f.id === 'VIDEO-RECORDING-SETTINGS')?.evidence).toMatchObject({
      awsStorageEnabled: true,
      encryptionEnabled: true,
      s3Host: 'clinic-video.s3.amazonaws.com',
    });
  });

  test('VIDEO-RECORDING-SETTINGS passes when never configured (404) or stored at Twilio', async () => {
    rec(VIDEO_SETTINGS).aws_storage_enabled = false;
    rec(VIDEO_SETTINGS).encryption_enabled = false;
    expect(statusesOf(await run(), 'VIDEO-RECORDING-SETTINGS')).toEqual([{ status: 'pass', resource: null }]);
    world.fake.resources.clear(VIDEO_SETTINGS);
    const findings = await run();
    expect(findings.find((f) => f.id === 'VIDEO-RECORDING-SETTINGS')).toMatchObject({ status: 'pass', evidence: { configured: false } });
  });

  test('VIDEO-MEDIA-URLS-SECRET is unknown without the attestation and fails when attested false', async () => {
    delete world.config.attestations.videoMediaUrlsKeptSecret;
    expect(statusesOf(await run(), 'VIDEO-MEDIA-URLS-SECRET')).toEqual([{ status: 'unknown', resource: null }]);
    world.config.attestations.videoMediaUrlsKeptSecret = { value: false, by: 'video-team', at: '2026-03-01' };
    expect(statusesOf(await run(), 'VIDEO-MEDIA-URLS-SECRET')).toEqual([{ status: 'fail', resource: null }]);
  });
});
