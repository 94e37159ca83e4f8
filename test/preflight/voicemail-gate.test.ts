/**
 * PROJECT-VOICEMAIL-RECORDING-AUTH: the IVR's voicemail (assets/clinic.private.json) is allowed only
 * when the target account passes VOICE-RECORDING-HTTP-AUTH; voicemail off always passes.
 */
import { TwilioApi } from '../../src/tooling/preflight/api/twilio-api';
import { rule as voicemailGate } from '../../src/tooling/preflight/rules/project/voicemail-recording-auth';
import { rule as recordingHttpAuth } from '../../src/tooling/preflight/rules/voice/recording-http-auth';
import type { Finding } from '../../src/tooling/preflight/types';
import { fakeTwilioClient } from '../fake-twilio';
import { writeClinicConfig, writeInvalidClinicConfig } from './fixtures/clinic-voicemail';
import { RECORDINGS, setRecordingProbeStatus } from './fixtures/voice-routes';
import { finishWorld, runPreflight, startWorld, statusesOf, type World } from './harness';

const ID = 'PROJECT-VOICEMAIL-RECORDING-AUTH';
const RESOURCE = 'project:assets/clinic.private.json';
const rules = [voicemailGate, recordingHttpAuth];
let world: World;

beforeEach(async () => {
  world = await startWorld();
});
afterEach(() => finishWorld(world));

const run = (): Promise<Finding[]> => runPreflight(world, { rules });
const gate = (findings: Finding[]): { status: string; resource: string | null }[] => statusesOf(findings, ID);

describe('PROJECT-VOICEMAIL-RECORDING-AUTH', () => {
  test('passing fixture: voicemail on and recording media refuses unauthenticated requests', async () => {
    writeClinicConfig(world.projectRoot, { enabled: true, transcribe: true, maxLengthSeconds: 120 });
    const findings = await run();
    expect(gate(findings)).toEqual([{ status: 'pass', resource: RESOURCE }]);
    expect(statusesOf(findings, 'VOICE-RECORDING-HTTP-AUTH').map((s) => s.status)).toEqual(['pass']);
    const sample = String(world.fake.resources.all(RECORDINGS)[0]?.sid);
    expect(findings.find((f) => f.id === ID)?.evidence).toEqual({
      voicemail: true,
      transcribe: true,
      recordingHttpAuth: 'pass',
      recording: sample,
    });
  });

  test('failing fixture: voicemail on and recording media served without auth (200 or 302)', async () => {
    writeClinicConfig(world.projectRoot, { enabled: true });
    for (const status of [200, 302]) {
      setRecordingProbeStatus(world.fake, world.accountSid, status);
      const findings = await run();
      expect(gate(findings)).toEqual([{ status: 'fail', resource: RESOURCE }]);
      expect(findings.find((f) => f.id === ID)?.reason).toBe(
        'voicemail is enabled; VOICE-RECORDING-HTTP-AUTH is fail: recording media is served without authentication',
      );
      expect(findings.find((f) => f.id === ID)?.remediation).toContain('voice.voicemail.enabled to false');
    }
  });

  test('voicemail off passes even when recording media is open', async () => {
    writeClinicConfig(world.projectRoot, { enabled: false, transcribe: true });
    setRecordingProbeStatus(world.fake, world.accountSid, 200);
    const findings = await run();
    expect(gate(findings)).toEqual([{ status: 'pass', resource: RESOURCE }]);
    expect(statusesOf(findings, 'VOICE-RECORDING-HTTP-AUTH').map((s) => s.status)).toEqual(['fail']);
  });

  test('no clinic config at all passes; the shipped clinic config (voicemail off) passes', async () => {
    expect(gate(await run())).toEqual([{ status: 'pass', resource: RESOURCE }]);
    writeClinicConfig(world.projectRoot);
    expect(gate(await run())).toEqual([{ status: 'pass', resource: RESOURCE }]);
  });

  test('an invalid clinic config is unknown, never pass', async () => {
    writeInvalidClinicConfig(world.projectRoot);
    expect(gate(await run())).toEqual([{ status: 'unknown', resource: RESOURCE }]);
  });

  test('voicemail on with no recording to probe follows the recordingHttpAuth attestation', async () => {
    writeClinicConfig(world.projectRoot, { enabled: true });
    world.fake.resources.clear(RECORDINGS);
    expect(gate(await run())).toEqual([{ status: 'pass', resource: RESOURCE }]);
    world.config.attestations.recordingHttpAuth = { value: false, by: 'voice-team', at: '2026-03-01' };
    expect(gate(await run())).toEqual([{ status: 'fail', resource: RESOURCE }]);
    delete world.config.attestations.recordingHttpAuth;
    expect(gate(await run())).toEqual([{ status: 'unknown', resource: RESOURCE }]);
  });

  test('voicemail on and the API failing: unknown, never pass', async () => {
    writeClinicConfig(world.projectRoot, { enabled: true });
    world.fake.faults.failNext(1000, 500, 20500);
    const findings = await run();
    world.fake.faults.reset();
    expect(gate(findings)).toEqual([{ status: 'unknown', resource: null }]);
  });

  test('subaccounts are skipped (the project deploys to the target account)', async () => {
    writeClinicConfig(world.projectRoot, { enabled: true });
    const sub = `AC${'3'.repeat(32)}`;
    const findings = await runPreflight(world, {
      rules: [voicemailGate],
      accounts: [{ sid: sub, parentSid: world.accountSid, api: new TwilioApi(fakeTwilioClient(world.fake)) }],
    });
    expect(gate(findings)).toEqual([{ status: 'skip', resource: null }]);
  });
});
