/**
 * Fixed X-Twilio-Signature vectors computed without the twilio SDK, so that a defect shared by the
 * SDK's signer and its checker cannot hide here (the property test in signature.test.ts signs and
 * checks with the same SDK).
 *
 * Twilio's documented scheme (twilio.com/docs/usage/webhooks/webhooks-security): take the full URL
 * Twilio requested, append each POST parameter's name and value with no separator, in order of
 * parameter name (case-sensitive, byte order), HMAC-SHA1 the string with the Auth Token as key, and
 * base64 the digest. A repeated key is appended once per distinct value, values in sorted order;
 * that is twilio-node's rule (`toFormUrlEncodedParam` in twilio/lib/webhooks/webhooks.js), which the
 * docs do not spell out. The expected strings below were computed once with `handSign` and pasted
 * as literals; the first is Twilio's own published example.
 */
import { createHmac } from 'node:crypto';
import { isValidSignature, type WebhookParams } from '../../src/runtime/core/signature';

type Pairs = readonly (readonly [string, string])[];

const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** The documented scheme, by hand: no SDK code. */
function handSign(token: string, url: string, pairs: Pairs): string {
  const byName = new Map<string, string[]>();
  for (const [name, value] of pairs) byName.set(name, [...(byName.get(name) ?? []), value]);
  let data = url;
  for (const name of [...byName.keys()].sort(byteOrder)) {
    for (const value of [...new Set(byName.get(name))].sort(byteOrder)) data += name + value;
  }
  return createHmac('sha1', Buffer.from(token, 'utf8')).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** Pairs as the Functions runtime hands them over: a repeated key becomes an array. */
function toParams(pairs: Pairs): WebhookParams {
  const params: WebhookParams = {};
  for (const [name, value] of pairs) {
    const prior = params[name];
    params[name] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value];
  }
  return params;
}

const TOKEN = '0123456789abcdef0123456789abcdef';
const URL = 'https://clinic-1234-dev.twil.io/sms/inbound';

interface Vector {
  name: string;
  token: string;
  url: string;
  pairs: Pairs;
  expected: string;
}

const VECTORS: Vector[] = [
  {
    name: "Twilio's published example (query string in the URL)",
    token: '12345',
    url: 'https://mycompany.com/myapp.php?foo=1&bar=2',
    pairs: [
      ['CallSid', 'CA1234567890ABCDE'],
      ['Caller', '+12349013030'],
      ['Digits', '1234'],
      ['From', '+12349013030'],
      ['To', '+18005551212'],
    ],
    expected: '0/KCTR6DLpKmkAf8muzZqo1nDgQ=',
  },
  { name: 'no parameters', token: TOKEN, url: URL, pairs: [], expected: 'P1n9uWwhpoBaMNyk9gZqe1JeCdI=' },
  {
    name: 'ordinary SMS, parameters given out of order',
    token: TOKEN,
    url: URL,
    pairs: [
      ['To', '+15555550100'],
      ['From', '+15555550123'],
      ['Body', 'STOP'],
    ],
    expected: 'ST2OUJKKPjSjWrByvc4Jb+xFjhQ=',
  },
  {
    name: 'empty values',
    token: TOKEN,
    url: URL,
    pairs: [
      ['Body', ''],
      ['To', ''],
    ],
    expected: 'Ff2KcVTFNbAR9rTnToU+HgYdwUA=',
  },
  {
    name: 'unicode (signed as UTF-8)',
    token: TOKEN,
    url: URL,
    pairs: [['Body', 'ＳＴＯＰ 🛑 ñandú 日本語 \u200b']],
    expected: 'sadOHj7W1Z3/VO6iD2vQoTzuhqY=',
  },
  {
    name: 'URL with a non-default port (signed with the port)',
    token: TOKEN,
    url: 'https://clinic-1234-dev.twil.io:8443/sms/inbound',
    pairs: [['Body', 'x']],
    expected: 'pKrCRdOHW7c42qqkYlLl2DSyiPw=',
  },
  {
    name: 'repeated key (values sorted, then name+value each)',
    token: TOKEN,
    url: URL,
    pairs: [
      ['MediaUrl', 'b'],
      ['MediaUrl', 'a'],
      ['Body', 'x'],
    ],
    expected: 'ZR6RoL/SKc63fLuwl9srkIG/JNg=',
  },
];

/** One character changed: the first character, swapped for a different one. */
const oneCharChange = (s: string): string => (s.startsWith('A') ? `B${s.slice(1)}` : `A${s.slice(1)}`);

describe('fixed signature vectors (independent of the SDK)', () => {
  test.each(VECTORS)('$name: the hand-rolled HMAC gives the pasted vector', ({ token, url, pairs, expected }) => {
    expect(handSign(token, url, pairs)).toBe(expected);
  });

  test.each(VECTORS)('$name: isValidSignature accepts it', ({ token, url, pairs, expected }) => {
    expect(isValidSignature(token, expected, url, toParams(pairs))).toBe(true);
  });

  test.each(VECTORS)('$name: a one-character change of the signature is rejected', ({ token, url, pairs, expected }) => {
    expect(isValidSignature(token, oneCharChange(expected), url, toParams(pairs))).toBe(false);
    expect(isValidSignature(token, expected.toLowerCase(), url, toParams(pairs))).toBe(false);
  });

  test.each(VECTORS)('$name: a one-character change of the signed data is rejected', ({ token, url, pairs, expected }) => {
    const params = toParams(pairs);
    expect(isValidSignature(token, expected, `${url}x`, params)).toBe(false);
    expect(isValidSignature(oneCharChange(token), expected, url, params)).toBe(false);
    for (const [name] of pairs) {
      const changed = toParams(pairs.map(([n, v]) => (n === name ? ([n, `${v}!`] as const) : ([n, v] as const))));
      expect(isValidSignature(token, expected, url, changed)).toBe(false);
      const renamed = toParams(pairs.map(([n, v]) => (n === name ? ([`${n}!`, v] as const) : ([n, v] as const))));
      expect(isValidSignature(token, expected, url, renamed)).toBe(false);
    }
  });

  test('the explicit default port is equivalent to none (Twilio may sign either)', () => {
    const expected = handSign(TOKEN, URL, [['Body', 'x']]);
    expect(handSign(TOKEN, 'https://clinic-1234-dev.twil.io:443/sms/inbound', [['Body', 'x']])).not.toBe(expected);
    expect(
      isValidSignature(TOKEN, handSign(TOKEN, 'https://clinic-1234-dev.twil.io:443/sms/inbound', [['Body', 'x']]), URL, { Body: 'x' }),
    ).toBe(true);
    // A non-default port is part of the signed URL: the vector above does not validate without it.
    expect(isValidSignature(TOKEN, 'pKrCRdOHW7c42qqkYlLl2DSyiPw=', URL, { Body: 'x' })).toBe(false);
  });
});

/**
 * Names and values are concatenated without separators, so different requests can share one
 * signature. The signature layer cannot tell them apart (it accepts both: that is Twilio's scheme,
 * not a defect of the SDK); the wrapper must not act on the forms Twilio never sends. See
 * webhook.test.ts for what runWebhook does with each.
 */
describe('collisions of the scheme (same signed string, different requests)', () => {
  test('characters shifted between adjacent parameters: {A:"1B", C:"2"} and {A:"1", BC:"2"}', () => {
    const expected = 'ZaKg+wVY9mpsgnw5Sc2B+eHz/LY=';
    expect(
      handSign(TOKEN, URL, [
        ['A', '1B'],
        ['C', '2'],
      ]),
    ).toBe(expected);
    expect(
      handSign(TOKEN, URL, [
        ['A', '1'],
        ['BC', '2'],
      ]),
    ).toBe(expected);
    expect(isValidSignature(TOKEN, expected, URL, { A: '1B', C: '2' })).toBe(true);
    expect(isValidSignature(TOKEN, expected, URL, { A: '1', BC: '2' })).toBe(true);
  });

  test('a parameter swallowed by the one before it: {Body:"hi", From:...} and {Body:"hiFrom..."}', () => {
    const expected = 'ySqSk30qwNoYf2xEGdcwn8s4emM=';
    expect(
      handSign(TOKEN, URL, [
        ['Body', 'hi'],
        ['From', '+15555550123'],
      ]),
    ).toBe(expected);
    expect(handSign(TOKEN, URL, [['Body', 'hiFrom+15555550123']])).toBe(expected);
    expect(isValidSignature(TOKEN, expected, URL, { Body: 'hiFrom+15555550123' })).toBe(true);
  });

  test('a repeated key signs like one merged value, and a duplicated value like a single one', () => {
    const repeated = 'ZR6RoL/SKc63fLuwl9srkIG/JNg=';
    expect(isValidSignature(TOKEN, repeated, URL, { MediaUrl: 'aMediaUrlb', Body: 'x' })).toBe(true);
    const single = handSign(TOKEN, URL, [['Body', 'STOP']]);
    expect(isValidSignature(TOKEN, single, URL, { Body: ['STOP', 'STOP'] })).toBe(true);
  });
});
