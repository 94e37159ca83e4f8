/**
 * The one URL policy (src/runtime/core/url-policy.ts), one row per decision, adversarial inputs included.
 * Every preflight URL rule and the flow linter judge URLs through it, so a row here is a promise
 * about all of them: `https:// bad host` is unparseable everywhere.
 */
import {
  canonicalHost,
  FUNCTIONS_HOSTS,
  hostAllowed,
  hostMatches,
  hostOf,
  judgeUrl,
  okOrUnset,
  parseUrl,
  TWILIO_HOSTS,
  URL_PROBLEM_TEXT,
  WEBHOOK_POLICY,
  type UrlPolicy,
  type UrlProblem,
} from '../../src/runtime/core/url-policy';
import { CANARY_PHONE, findCanary } from '../helpers/canary';

const STRICT: UrlPolicy = {};
const WEBHOOK = WEBHOOK_POLICY;
const LOCAL: UrlPolicy = { loopbackHttp: true };
const TWILIO_ONLY: UrlPolicy = { allowHosts: TWILIO_HOSTS };
const CLINIC: UrlPolicy = { allowHosts: ['api.clinic.example', '*.ehr.example'] };
const PORT_443: UrlPolicy = { ports: [443] };
const FLOW: UrlPolicy = { liquid: true, placeholderHosts: ['__DOMAIN__'] };
const MEDIA: UrlPolicy = { liquid: true, schemes: ['https', 'wss'] };

type Row = [label: string, input: unknown, policy: UrlPolicy, problem: UrlProblem | null, host?: string];

const ROWS: Row[] = [
  // Unset and not-a-URL
  ['null is unset', null, STRICT, 'unset'],
  ['undefined is unset', undefined, STRICT, 'unset'],
  ['empty is unset', '', STRICT, 'unset'],
  ['whitespace only is unset', ' \t\n ', STRICT, 'unset'],
  ['a number is not a URL', 443, STRICT, 'unparseable'],
  ['relative path', '/sms/inbound', STRICT, 'unparseable'],
  ['scheme-relative', '//host.example/sms', STRICT, 'unparseable'],
  ['no scheme at all', 'host.example/sms', STRICT, 'unparseable'],
  ['https:// with no host', 'https://', STRICT, 'unparseable'],
  ['space in the host', 'https:// bad host', STRICT, 'unparseable'],
  ['space in the host, webhook policy too', 'https:// bad host', WEBHOOK, 'unparseable'],
  ['space inside the path', 'https://host.example/a b', STRICT, 'unparseable'],
  ['tab inside the host (WHATWG would drop it)', 'https://exa\tmple.com/', STRICT, 'unparseable'],
  ['newline inside the path', 'https://example.com/a\nb', STRICT, 'unparseable'],
  ['backslash (WHATWG reads it as /)', 'https://a.twil.io\\@evil.example/', STRICT, 'unparseable'],
  ['percent-encoded / in the host', 'https://evil.example%2f.twil.io/', STRICT, 'unparseable'],
  ['port out of range', 'https://host.example:99999/', STRICT, 'unparseable'],
  ['leading and trailing whitespace is trimmed', '  https://host.example/sms  ', STRICT, null, 'host.example'],

  // Scheme
  ['https', 'https://host.example/sms', STRICT, null, 'host.example'],
  ['scheme and host are case-insensitive', 'HTTPS://Host.Example.COM/Path', STRICT, null, 'host.example.com'],
  ['http', 'http://host.example/sms', STRICT, 'scheme', 'host.example'],
  ['javascript:', 'javascript:alert(1)', STRICT, 'scheme'],
  ['data:', 'data:text/html,hi', STRICT, 'scheme'],
  ['ftp', 'ftp://host.example/x', STRICT, 'scheme'],
  ['wss where only https is allowed', 'wss://media.example/s', STRICT, 'scheme'],
  ['wss where media streams allow it', 'wss://media.example/s', MEDIA, null, 'media.example'],
  ['http to localhost only with loopbackHttp', 'http://localhost:3000/sms', LOCAL, null, 'localhost'],
  ['http to 127.0.0.1 with loopbackHttp', 'http://127.0.0.1:3000/sms', LOCAL, null, '127.0.0.1'],
  ['http to localhost without loopbackHttp', 'http://localhost:3000/sms', STRICT, 'scheme', 'localhost'],
  ['http to a real host even with loopbackHttp', 'http://host.example/sms', LOCAL, 'scheme'],
  ['http to a *.localhost-looking public host', 'http://localhost.evil.example/', LOCAL, 'scheme'],

  // Userinfo
  ['credentials rejected by default', 'https://user:pass@host.example/', STRICT, 'userinfo'],
  ['Twilio HTTP auth allowed on webhooks', 'https://user:pass@host.example/', WEBHOOK, null, 'host.example'],
  ['host:443@evil is userinfo, not a port', 'https://host.example:443@evil.example/', STRICT, 'userinfo'],
  ['host:443@evil is judged as evil', 'https://host.example:443@evil.example/', WEBHOOK, null, 'evil.example'],
  ['host:443@evil single-label', 'https://host:443@evil', WEBHOOK, 'host', 'evil'],

  // Hosts
  ['a single-label host is not a real host', 'HTTPS://HOST', STRICT, 'host', 'host'],
  ['IDN is judged as punycode', 'https://bücher.example/', STRICT, null, 'xn--bcher-kva.example'],
  ['punycode as written', 'https://xn--bcher-kva.example/', STRICT, null, 'xn--bcher-kva.example'],
  ['one trailing dot is the DNS root', 'https://x.twil.io./sms', STRICT, null, 'x.twil.io'],
  ['two trailing dots are no host', 'https://x.twil.io../sms', STRICT, 'host'],
  ['an empty label is no host', 'https://a..example/', STRICT, 'host'],
  ['a label starting with - is no host', 'https://-bad.example/', STRICT, 'host'],
  ['Liquid braces in an account URL are no host', 'https://{{x}}.example/a', STRICT, 'host'],
  ['IPv6 loopback', 'https://[::1]/', STRICT, null, '[::1]'],
  ['IPv4 loopback', 'https://127.0.0.1/', STRICT, null, '127.0.0.1'],
  ['hex IPv4 is canonicalised', 'https://0x7f.1/', STRICT, null, '127.0.0.1'],
  ['underscore labels exist in DNS', 'https://a_b.example/', STRICT, null, 'a_b.example'],
  ['a fragment never becomes the host', 'https://evil.example#.twil.io', STRICT, null, 'evil.example'],

  // Allowlists
  ['Twilio host allowed', 'https://studio.twilio.com/v2/x', TWILIO_ONLY, null, 'studio.twilio.com'],
  ['twil.io as a prefix of another domain', 'https://twil.io.evil.com/', TWILIO_ONLY, 'host-not-allowed', 'twil.io.evil.com'],
  ['twil.io in the middle of another domain', 'https://evil.com.twil.io.attacker.com/', TWILIO_ONLY, 'host-not-allowed'],
  ['fragment trick', 'https://evil.com#.twil.io', TWILIO_ONLY, 'host-not-allowed', 'evil.com'],
  ['encoded dot joins the labels', 'https://twil.io%2eevil.com/', TWILIO_ONLY, 'host-not-allowed', 'twil.io.evil.com'],
  ['look-alike Cyrillic i is another host', 'https://twіl.io/', TWILIO_ONLY, 'host-not-allowed', 'xn--twl-khd.io'],
  [
    'userinfo cannot smuggle an allowed host',
    'https://x.twil.io@evil.example/',
    { ...TWILIO_ONLY, userinfo: 'allow' },
    'host-not-allowed',
    'evil.example',
  ],
  ['trailing dot on an allowed host', 'https://x.twil.io./', TWILIO_ONLY, null, 'x.twil.io'],
  ['exact allowlist entry, any case', 'https://API.Clinic.Example/ack', CLINIC, null, 'api.clinic.example'],
  ['wildcard: a subdomain', 'https://records.ehr.example/', CLINIC, null, 'records.ehr.example'],
  ['wildcard: never the apex', 'https://ehr.example/', CLINIC, 'host-not-allowed'],
  ['wildcard: suffix must be a whole label', 'https://badehr.example/', CLINIC, 'host-not-allowed'],
  ['an IP never matches a wildcard', 'https://127.0.0.1/', CLINIC, 'host-not-allowed'],

  // Ports
  ['any port by default', 'https://host.example:8443/', STRICT, null, 'host.example'],
  ['443 written is the default port', 'https://host.example:443/', PORT_443, null, 'host.example'],
  ['another port where only 443 is allowed', 'https://host.example:8443/', PORT_443, 'port'],

  // Liquid (the flow linter)
  ['a URL that is a variable', '{{flow.variables.url}}', FLOW, 'variable'],
  ['a URL that starts with a tag', ' {% if x %}https://a.example{% endif %}', FLOW, 'variable'],
  ['a Liquid port cannot be checked', 'https://x.twil.io:{{flow.port}}/a', FLOW, 'variable'],
  ['a Liquid scheme cannot be checked', 'http{{s}}://x.twil.io/a', FLOW, 'variable'],
  ['no scheme is not a variable', 'host.example/{{flow.x}}', FLOW, 'unparseable'],
  ['Liquid host, literal https', 'https://{{ flow.variables.host }}.twil.io/a', FLOW, null, '{{ flow.variables.host }}.twil.io'],
  ['Liquid host fails an allowlist', 'https://{{flow.variables.host}}/a', { ...FLOW, allowHosts: TWILIO_HOSTS }, 'host-not-allowed'],
  ['Liquid host over http is still http', 'http://{{flow.variables.host}}/a', FLOW, 'scheme'],
  ['the render placeholder is a host', 'https://__DOMAIN__/optout/guard', FLOW, null, '__domain__'],
  ['Liquid in the path is fine for https', 'https://api.clinic.example/a/{{flow.data.id}}', FLOW, null, 'api.clinic.example'],
  ['credentials in a flow URL', 'https://user:pass@api.clinic.example/a', FLOW, 'userinfo'],
];

describe('judgeUrl: one row per decision', () => {
  test('the table is large enough to mean something', () => expect(ROWS.length).toBeGreaterThanOrEqual(40));

  const cases = ROWS.map(([label, input, policy, problem, host]) => ({ label, input, policy, problem, host }));
  test.each(cases)('$label', ({ input, policy, problem, host }) => {
    const verdict = judgeUrl(input, policy);
    expect({ ok: verdict.ok, problem: verdict.problem }).toEqual({ ok: problem === null, problem });
    if (host !== undefined) expect(verdict.url?.host).toBe(host);
  });
});

describe('parts', () => {
  test('Liquid is kept as written in host, path and query; the rest is canonical', () => {
    const parsed = parseUrl('HTTPS://{{ flow.host }}.Twil.IO/a/{{x}}?q={{ y }}#frag', FLOW);
    expect(parsed).toEqual({
      ok: true,
      url: {
        scheme: 'https',
        host: '{{ flow.host }}.twil.io',
        hostKind: 'liquid',
        loopback: false,
        port: null,
        effectivePort: 443,
        userinfo: false,
        path: '/a/{{x}}',
        query: 'q={{ y }}',
        liquid: { host: true, path: true, query: true },
      },
    });
  });

  test('ports, loopback and userinfo are reported; credentials never are', () => {
    const parsed = parseUrl(`https://u:${CANARY_PHONE}@[::ffff:127.0.0.1]:8443/x?token=${CANARY_PHONE}`);
    expect(parsed.ok && parsed.url).toMatchObject({
      host: '[::ffff:7f00:1]',
      hostKind: 'ipv6',
      loopback: true,
      port: 8443,
      effectivePort: 8443,
      userinfo: true,
    });
    const verdict = judgeUrl(`http://u:${CANARY_PHONE}@host.example/?t=${CANARY_PHONE}`);
    expect(
      findCanary(
        JSON.stringify({ problem: verdict.problem, host: verdict.url?.host, text: verdict.problem && URL_PROBLEM_TEXT[verdict.problem] }),
      ),
    ).toBeUndefined();
  });

  test('hostOf gives a real host only (evidence), never userinfo', () => {
    expect(hostOf('http://leaky:Pa55word@sms.clinic.example/in?mrn=42')).toBe('sms.clinic.example');
    expect(hostOf('https:// bad host')).toBeNull();
    expect(hostOf('HTTPS://HOST')).toBeNull();
    expect(hostOf(null)).toBeNull();
  });

  test('okOrUnset: the account rules\' "https or unset"', () => {
    expect([null, '', '  ', 'https://user:pw@host.example/x'].map((v) => okOrUnset(v))).toEqual([true, true, true, true]);
    expect(['http://host.example', 'https:// bad host', 'https://host', 42].map((v) => okOrUnset(v))).toEqual([false, false, false, false]);
  });
});

describe('host patterns', () => {
  test.each([
    ['a.ehr.example', '*.ehr.example', true],
    ['A.EHR.example.', '*.ehr.example', true],
    ['a.b.ehr.example', '*.ehr.example', true],
    ['ehr.example', '*.ehr.example', false],
    ['badehr.example', '*.ehr.example', false],
    ['ehr.example.evil.example', '*.ehr.example', false],
    ['API.example', 'api.example', true],
    ['api.example', 'API.example.', true],
    ['x.com', '*.com', false],
    ['anything.example', '*', false],
    ['127.0.0.1', '127.0.0.1', true],
    ['127.0.0.1', '*.0.0.1', false],
    ['evil.example', 'evil.example/x', false],
    ['evil.example', 'user@evil.example', false],
    ['evil.example', 'evil.example:443', false],
    ['__domain__', '__DOMAIN__', false],
    ['{{x}}.twil.io', '*.twil.io', false],
    ['xn--bcher-kva.example', 'bücher.example', true],
  ] as const)('%s ~ %s → %s', (host, pattern, expected) => expect(hostMatches(host, pattern)).toBe(expected));

  test('Twilio and Functions hosts', () => {
    expect(hostAllowed('hipaa-1234-prod.twil.io', FUNCTIONS_HOSTS)).toBe(true);
    expect(hostAllowed('twil.io', FUNCTIONS_HOSTS)).toBe(false);
    expect(hostAllowed('media.twiliocdn.com', TWILIO_HOSTS)).toBe(true);
    expect(hostAllowed('twilio.com.evil.example', TWILIO_HOSTS)).toBe(false);
    expect(canonicalHost(' Host.Example. ')).toBe('host.example');
    expect(canonicalHost('[::1]')).toBe('[::1]');
    expect(canonicalHost('host.example:80')).toBeNull();
  });
});
