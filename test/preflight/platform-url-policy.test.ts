/**
 * One URL policy (issue 11 item 10) across the account rules: the same URL gets the same verdict
 * from the messaging, numbers, voice and platform rules. Before, a percent-encoded space in the
 * host (`https://%20bad.example/…`, the wire form of `https:// bad host`, which the fake's OpenAPI
 * `format: uri` check lets through) failed the messaging and voice rules but passed the platform
 * ones (a `^https://` regex), and a single-label host passed everywhere. The policy's own table is
 * test/unit/url-policy.test.ts.
 */
import { MESSAGING_RULES } from '../../src/tooling/preflight/rules/messaging';
import { PLATFORM_RULES } from '../../src/tooling/preflight/rules/platform';
import { VOICE_RULES } from '../../src/tooling/preflight/rules/voice';
import type { Finding } from '../../src/tooling/preflight/types';
import { CANARY_PHONE, findCanary } from '../helpers/canary';
import { PLATFORM_SIDS as P, fraudGuardAttestations } from './fixtures/platform';
import { sid } from './fixtures/messaging-records';
import { finishWorld, runPreflight, startWorld, type World } from './harness';

let world: World;

beforeEach(async () => {
  world = await startWorld();
  world.config.attestations.verifyFraudGuardOff = fraudGuardAttestations();
});
afterEach(() => finishWorld(world));

const record = (collection: string, i = 0): Record<string, unknown> => {
  const r = world.fake.resources.all(collection)[i];
  if (!r) throw new Error(`no record ${collection}[${i}]`);
  return r;
};

/** Every account rule that judges a URL, with the seeded record whose URL field gets `url`. */
const TARGETS: { id: string; resource: () => string; set: (url: string) => void }[] = [
  { id: 'MSG-SVC-HTTPS-WEBHOOKS', resource: () => sid('MG', 3), set: (url) => void (record('messaging_services', 2).fallback_url = url) },
  {
    id: 'NUM-HTTPS-WEBHOOKS',
    resource: () => sid('PN', 5),
    set: (url) => void (record('incoming_phone_numbers', 4).voice_fallback_url = url),
  },
  {
    id: 'VOICE-APP-WEBHOOKS',
    resource: () => String(record('voice_applications').sid),
    set: (url) => void (record('voice_applications').sms_fallback_url = url),
  },
  {
    id: 'VERIFY-WEBHOOKS-POST-HTTPS',
    resource: () => P.verifyWebhooks[0] as string,
    set: (url) => void (record('verify_webhooks').webhook_url = url),
  },
  {
    id: 'CONV-WEBHOOKS-POST-HTTPS',
    resource: () => world.accountSid,
    set: (url) => void (record('conversations_webhooks').post_webhook_url = url),
  },
  {
    id: 'CONV-ADDRESS-AUTOCREATION-WEBHOOK',
    resource: () => P.address,
    set: (url) => void ((record('conversations_addresses').auto_creation as Record<string, unknown>).webhook_url = url),
  },
  {
    id: 'EVT-SINKS-HIPAA',
    resource: () => P.sink,
    set: (url) => void ((record('event_sinks').sink_configuration as Record<string, unknown>).destination = url),
  },
  {
    id: 'AI-INTELLIGENCE-REDACTION',
    resource: () => P.intelligence,
    set: (url) => void (record('intelligence_services').webhook_url = url),
  },
];

const rules = [...MESSAGING_RULES, ...VOICE_RULES, ...PLATFORM_RULES].filter((r) => TARGETS.some((t) => t.id === r.meta.id));
const verdicts = (findings: readonly Finding[]) =>
  Object.fromEntries(TARGETS.map((t) => [t.id, findings.find((f) => f.id === t.id && f.resource === t.resource())?.status]));
const all = (status: string) => Object.fromEntries(TARGETS.map((t) => [t.id, status]));
/** A failing recommended rule reports `warn` (findings.ts); a required one `fail`. */
const failing = () => Object.fromEntries(rules.map((r) => [r.meta.id, r.meta.severity === 'recommended' ? 'warn' : 'fail']));

describe('every account URL rule agrees with the shared URL policy', () => {
  test('the compliant seed passes every target', async () => {
    expect(verdicts(await runPreflight(world, { rules }))).toEqual(all('pass'));
  });

  test.each([
    ['an encoded space in the host (https:// bad host)', `https://%20bad.example/hook?to=${encodeURIComponent(CANARY_PHONE)}`],
    ['a single-label host', 'https://clinic/hook'],
    ['http with Twilio HTTP auth credentials', `http://clinic:${encodeURIComponent(CANARY_PHONE)}@hooks.clinic.example/x`],
    ['a javascript: URL', 'javascript:alert(1)'],
  ])('%s fails every rule, and no finding repeats the URL', async (_label, url) => {
    for (const t of TARGETS) t.set(url);
    const findings = await runPreflight(world, { rules });
    expect(verdicts(findings)).toEqual(failing());
    expect(findCanary(JSON.stringify(findings))).toBeUndefined();
  });

  test.each([
    ['upper-case scheme and host, DNS-root trailing dot', 'HTTPS://Hooks.Clinic.Example./x'],
    [
      'Twilio HTTP auth credentials over https (never reported)',
      `https://clinic:${encodeURIComponent(CANARY_PHONE)}@hooks.clinic.example/x`,
    ],
    ['an explicit port', 'https://hooks.clinic.example:8443/x'],
  ])('%s passes every rule', async (_label, url) => {
    for (const t of TARGETS) t.set(url);
    const findings = await runPreflight(world, { rules });
    expect(verdicts(findings)).toEqual(all('pass'));
    expect(findCanary(JSON.stringify(findings))).toBeUndefined();
  });
});
