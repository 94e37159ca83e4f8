/**
 * Issue 11 item 9 (recordings): a recording stored without encryption is named by its RE SID —
 * with or without a public key — and the scan is bounded: the newest RECORDING_SCAN_LIMIT are
 * judged, older ones are counted (up to RECORDING_COUNT_LIMIT) and reported `unknown`, never pass.
 */
import { rule } from '../../src/tooling/preflight/rules/voice/recording-encryption';
import { RECORDING_COUNT_LIMIT, RECORDING_SCAN_LIMIT } from '../../src/tooling/preflight/rules/voice/recording-scan';
import type { Finding } from '../../src/tooling/preflight/types';
import { RECORDINGS, recordingRecord } from '../fake-twilio';
import { CANARY_PHONE, findCanary } from '../helpers/canary';
import { finishWorld, runPreflight, startWorld, targetOf, type World } from './harness';

const ID = 'VOICE-RECORDING-ENCRYPTION';
let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(() => finishWorld(world));

const run = (accounts = [targetOf(world)]): Promise<Finding[]> => runPreflight(world, { rules: [rule], accounts });
const statuses = (findings: readonly Finding[]) => findings.filter((f) => f.id === ID).map((f) => [f.status, f.resource]);
const hex = (n: number): string => n.toString(16).padStart(32, '0');
const keySid = (): string => String(world.fake.resources.all('voice_public_keys')[0]?.sid);

/** `n` recordings, newest first (as listed); those in `plain` are stored unencrypted. Returns their SIDs. */
function seedRecordings(n: number, plain: ReadonlySet<number> = new Set()): string[] {
  world.fake.resources.clear(RECORDINGS);
  const key = keySid();
  return Array.from({ length: n }, (_, i) => {
    const sid = `RE${hex(0x1000 + i)}`;
    const r = recordingRecord({
      sid,
      accountSid: world.accountSid,
      callSid: `CA${hex(0x1000 + i)}`,
      encryptionKeySid: plain.has(i) ? null : key,
      date: new Date(Date.UTC(2026, 2, 1) - i * 60_000),
    });
    // The media URL carries a caller's number in a query (as a proxy might): never echoed.
    world.fake.resources.add(RECORDINGS, { ...r, media_url: `${String(r.media_url)}?caller=${encodeURIComponent(CANARY_PHONE)}` });
    return sid;
  });
}

describe('VOICE-RECORDING-ENCRYPTION at resource granularity', () => {
  test('a recording stored unencrypted is named by its RE SID; encrypted ones pass by SID', async () => {
    const sids = seedRecordings(3, new Set([1]));
    const findings = await run();
    expect(statuses(findings)).toEqual([
      ['pass', sids[0]],
      ['warn', sids[1]],
      ['pass', sids[2]],
    ]);
    expect(findings.find((f) => f.resource === sids[1])?.evidence).toEqual({ encrypted: false });
    expect(findings.find((f) => f.resource === sids[0])?.evidence).toEqual({ encrypted: true, publicKeySid: keySid() });
    expect(findCanary(JSON.stringify(findings))).toBeUndefined();
  });

  test('without a public key: one account-level warning plus every unencrypted recording by SID', async () => {
    const sids = seedRecordings(4, new Set([0, 2]));
    world.fake.resources.clear('voice_public_keys');
    const findings = await run();
    expect(statuses(findings)).toEqual([
      ['warn', null],
      ['warn', sids[0]],
      ['warn', sids[2]],
    ]);
    expect(findings[0]?.reason).toBe('no public key is registered, so recordings cannot be encrypted');
    expect(findings[1]?.reason).toBe('the recording is stored unencrypted (encryption_details is null)');
  });

  test('only completed recordings are judged', async () => {
    const sids = seedRecordings(2, new Set([0, 1]));
    world.fake.resources.all(RECORDINGS)[0]!.status = 'processing';
    expect(statuses(await run())).toEqual([['warn', sids[1]]]);
  });
});

describe('VOICE-RECORDING-ENCRYPTION: bounded scan', () => {
  test(`the newest ${RECORDING_SCAN_LIMIT} are judged; older ones are counted and unknown, never pass`, async () => {
    const total = RECORDING_SCAN_LIMIT + 50;
    const sids = seedRecordings(total, new Set([5, RECORDING_SCAN_LIMIT + 10]));
    const findings = (await run()).filter((f) => f.id === ID);
    // 199 passes are summarised by the engine; the warning and the unknown are listed.
    expect(findings.filter((f) => f.status === 'warn').map((f) => f.resource)).toEqual([sids[5]]);
    expect(findings.map((f) => f.resource)).not.toContain(sids[RECORDING_SCAN_LIMIT + 10]);
    const rest = findings.find((f) => f.status === 'unknown');
    expect(rest?.resource).toBeNull();
    expect(rest?.reason).toBe(`50 older recording(s) beyond the newest ${RECORDING_SCAN_LIMIT} were not checked`);
    expect(rest?.evidence).toEqual({
      checked: RECORDING_SCAN_LIMIT,
      scanLimit: RECORDING_SCAN_LIMIT,
      unchecked: 50,
      uncheckedIsLowerBound: false,
    });
    expect(findings.find((f) => f.status === 'pass')).toMatchObject({
      resource: null,
      reason: `${RECORDING_SCAN_LIMIT - 1} resources passed`,
    });
  });

  test(`counting stops after ${RECORDING_COUNT_LIMIT} more: "more than", and no further page is read`, async () => {
    seedRecordings(RECORDING_SCAN_LIMIT + RECORDING_COUNT_LIMIT + 300);
    const target = targetOf(world);
    const findings = await run([target]);
    const rest = findings.find((f) => f.id === ID && f.status === 'unknown');
    expect(rest?.reason).toBe(
      `more than ${RECORDING_COUNT_LIMIT} older recording(s) beyond the newest ${RECORDING_SCAN_LIMIT} were not checked`,
    );
    expect(rest?.evidence).toMatchObject({ unchecked: RECORDING_COUNT_LIMIT, uncheckedIsLowerBound: true });
    // 1 public-key list + 1 judged page + RECORDING_COUNT_LIMIT / RECORDING_SCAN_LIMIT counted pages.
    expect(target.api.stats.requests).toBe(2 + RECORDING_COUNT_LIMIT / RECORDING_SCAN_LIMIT);
  });

  test('a failed recordings read is unknown, never pass', async () => {
    seedRecordings(3);
    world.fake.faults.failNext(1000, 500, 20500);
    const findings = await run();
    world.fake.faults.reset();
    expect(statuses(findings)).toEqual([['unknown', null]]);
  });
});
