/**
 * The caller-verification decision (src/runtime/voice/verification.ts): only Twilio's exact
 * `TN-Validation-Passed-A` lets a caller act on a reminder; every other documented value, no value,
 * other spellings and garbage do not; and what may be logged is never the raw value unless Twilio
 * documents it.
 */
import fc from 'fast-check';
import { formatLine } from '../../src/runtime/core/log';
import {
  checkCaller,
  DEFAULT_VOICE_VERIFICATION,
  STIR_VERIFIED_A,
  STIR_VERSTAT_VALUES,
  verstatLabel,
  type VoiceVerification,
} from '../../src/runtime/voice/verification';
import { CANARY_NAME, CANARY_PHONE, findCanary } from '../helpers/canary';
import { STIR_A, UNVERIFIED_STIR } from '../helpers/voice-helpers';

const LABELS = new Set([...STIR_VERSTAT_VALUES.map((v) => v.toLowerCase()), 'absent', 'unrecognized']);

describe('checkCaller', () => {
  test('the helpers and the module agree on the one verifying value', () => {
    expect(STIR_VERIFIED_A).toBe(STIR_A);
    expect(DEFAULT_VOICE_VERIFICATION).toEqual({ mode: 'stir-a-only' });
  });

  test.each(STIR_VERSTAT_VALUES.map((v) => [v]))(
    'documented value %s: verified only if it is TN-Validation-Passed-A; logged as itself in lower case',
    (value) => {
      expect(checkCaller(value)).toEqual({ verified: value === 'TN-Validation-Passed-A', label: value.toLowerCase() });
    },
  );

  test('exactly one documented value verifies', () => {
    expect(STIR_VERSTAT_VALUES.filter((v) => checkCaller(v).verified)).toEqual(['TN-Validation-Passed-A']);
  });

  test('no StirVerstat (calls from outside the US, carriers without SHAKEN/STIR), or an empty one: unverified, "absent"', () => {
    expect(checkCaller(undefined)).toEqual({ verified: false, label: 'absent' });
    expect(checkCaller('')).toEqual({ verified: false, label: 'absent' });
  });

  test.each([
    'tn-validation-passed-a',
    'TN-VALIDATION-PASSED-A',
    ' TN-Validation-Passed-A',
    'TN-Validation-Passed-A ',
    'TN-Validation-Passed-A\n',
    'TN-Validation-Passed',
    'TN-Validation-Passed-A,TN-Validation-Passed-A',
    'TN-Validation-Passed-AA',
    'A',
    'true',
    'null',
    CANARY_PHONE,
    CANARY_NAME,
  ])('other spellings and garbage (%j): unverified, logged only as "unrecognized"', (value) => {
    expect(checkCaller(value)).toEqual({ verified: false, label: 'unrecognized' });
  });

  test('a value that is not a string (a repeated form field, say) never verifies', () => {
    for (const value of [[STIR_A], [STIR_A, STIR_A], 1, true, null, { toString: () => STIR_A }]) {
      expect(checkCaller(value)).toEqual({ verified: false, label: 'unrecognized' });
    }
  });

  test('every value the IVR tests treat as unverified is unverified here', () => {
    for (const v of UNVERIFIED_STIR) expect({ v, verified: checkCaller(v).verified }).toEqual({ v, verified: false });
  });

  test('a verification mode this code does not know verifies nobody, not even A', () => {
    const unknown = { mode: 'stir-a-or-pin' } as unknown as VoiceVerification;
    expect(checkCaller(STIR_A, unknown)).toEqual({ verified: false, label: 'tn-validation-passed-a' });
    expect(checkCaller(STIR_A, { mode: 'stir-a-only' })).toEqual({ verified: true, label: 'tn-validation-passed-a' });
  });

  test('property: verified iff the value is exactly TN-Validation-Passed-A; the label is a fixed token that survives the PHI-free logger', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom(...STIR_VERSTAT_VALUES), fc.constant(STIR_A.toLowerCase())), (value) => {
        const { verified, label } = checkCaller(value);
        expect(verified).toBe(value === STIR_A);
        expect(LABELS.has(label)).toBe(true);
        if (!(STIR_VERSTAT_VALUES as readonly string[]).includes(value) && value !== '') expect(label).toBe('unrecognized');
        expect(formatLine('voice.caller_unverified', { status: label })).toBe(`{"event":"voice.caller_unverified","status":"${label}"}`);
      }),
    );
  });

  test('the label never carries the input', () => {
    for (const v of [CANARY_PHONE, CANARY_NAME, `${STIR_A} ${CANARY_PHONE}`]) expect(findCanary(verstatLabel(v))).toBeUndefined();
  });
});
