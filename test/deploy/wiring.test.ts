/**
 * Wiring: the printed checklist, and the --wire plan (before -> after), apply and read-back against
 * the fake's Messaging Services and incoming numbers. The canary number is in the service's pool;
 * only its masked form may be shown, and a previous URL never with its query string.
 */
import type { Resource } from '../../src/tooling/deploy/gated-build';
import { applyPlans, describePlans, displayUrl, planWiring, wiringChecklist, type WireTarget } from '../../src/tooling/deploy/wiring';
import { assertNoCanary, CANARY_PHONE } from '../helpers/canary';
import { fakeTwilioClient, INCOMING_NUMBERS, MESSAGING_SERVICES } from '../fake-twilio';
import { sid } from '../preflight/fixtures/messaging-records';
import { finishWorld } from '../preflight/harness';
import { CANARY_PN, MG, startDeployWorld, type DeployWorld } from './world';

const FUNCTIONS: Resource[] = [
  { path: '/sms/inbound', access: 'protected' },
  { path: '/voice/inbound', access: 'protected' },
  { path: '/reminders/send', access: 'protected' },
];
const DOMAIN = 'hipaa-safe-messaging-4242-dev.twil.io';

let world: DeployWorld;
beforeEach(async () => {
  world = await startDeployWorld();
});
afterEach(() => finishWorld(world));

const record = (collection: string, s: string) => world.fake.resources.all(collection).find((r) => r.sid === s)!;
const target = (over: Partial<WireTarget> = {}): WireTarget => ({
  client: fakeTwilioClient(world.fake),
  accountSid: world.accountSid,
  domain: DOMAIN,
  functions: FUNCTIONS,
  messagingServiceSid: MG,
  numbers: [],
  ...over,
});

describe('wiring checklist', () => {
  test('names each field and URL (POST, https) for the Functions in the build only', () => {
    const lines = wiringChecklist(DOMAIN, FUNCTIONS, MG).join('\n');
    expect(lines).toContain(`Messaging Service ${MG} > Integration > Incoming messages`);
    expect(lines).toContain(`inbound_request_url = https://${DOMAIN}/sms/inbound   inbound_method = POST`);
    expect(lines).toContain(`fallback_url        = https://${DOMAIN}/sms/inbound   fallback_method = POST`);
    expect(lines).toContain(`voice_url = https://${DOMAIN}/voice/inbound   voice_method = POST`);
    expect(lines).toContain(`POST https://${DOMAIN}/reminders/send`);
    expect(lines).not.toContain('/verify/start');
    expect(wiringChecklist(DOMAIN, [{ path: '/sms/inbound', access: 'private' }], MG).join('\n')).not.toContain('inbound_request_url');
  });

  test('previous URLs are shown without user info or query string', () => {
    expect(displayUrl('https://user:pw@old.example.com/hook?token=abc')).toBe('https://old.example.com/hook?…');
    expect(displayUrl(null)).toBe('(unset)');
    expect(displayUrl('not a url')).toBe('(not a URL)');
  });
});

describe('--wire plan and apply', () => {
  test('before -> after for the service and each number in it, masked; applied and read back', async () => {
    record(MESSAGING_SERVICES, MG).inbound_request_url = 'https://old.example.com/sms?secret=1';
    const plans = await planWiring(target());
    const text = describePlans(plans);
    assertNoCanary(text, 'the wiring plan');
    expect(text).toContain(
      `Messaging Service ${MG}\n    inbound_request_url: https://old.example.com/sms?… -> https://${DOMAIN}/sms/inbound\n    fallback_url: (unset) -> https://${DOMAIN}/sms/inbound`,
    );
    expect(text).toContain(`Number ${CANARY_PN} (+1******0147)\n    voice_url: (unset) -> https://${DOMAIN}/voice/inbound`);
    expect(text).not.toContain('secret=1');
    // The fixture's other numbers in MG1 already point at the old deployment's voice URL: planned too.
    expect(plans.map((p) => /(MG|PN)[0-9a-f]{32}/.exec(p.resource)?.[0])).toEqual([MG, sid('PN', 1), sid('PN', 2), CANARY_PN]);

    const outcome = await applyPlans(plans);
    expect(outcome).toEqual({ applied: 4, failed: [] });
    expect(record(MESSAGING_SERVICES, MG)).toMatchObject({
      inbound_request_url: `https://${DOMAIN}/sms/inbound`,
      inbound_method: 'POST',
      fallback_url: `https://${DOMAIN}/sms/inbound`,
      fallback_method: 'POST',
    });
    expect(record(INCOMING_NUMBERS, CANARY_PN)).toMatchObject({
      voice_url: `https://${DOMAIN}/voice/inbound`,
      voice_method: 'POST',
      phone_number: CANARY_PHONE,
    });
    expect(await planWiring(target())).toEqual([]);
  });

  test('--number limits the numbers; a service deferring to its numbers gets their SMS fields planned', async () => {
    record(MESSAGING_SERVICES, MG).use_inbound_webhook_on_number = true;
    const plans = await planWiring(target({ numbers: [CANARY_PN] }));
    expect(plans.map((p) => p.resource)).toEqual([`Messaging Service ${MG}`, `Number ${CANARY_PN} (+1******0147)`]);
    expect(plans[1]!.changes.map((c) => c.field)).toEqual(['voice_url', 'sms_url', 'sms_fallback_url']);
  });

  test('a failed update is reported by resource; nothing else is claimed', async () => {
    const plans = await planWiring(target({ numbers: [CANARY_PN] }));
    world.fake.faults.failNext(1, 400, 21502);
    const outcome = await applyPlans(plans);
    expect(outcome.failed).toEqual([`Messaging Service ${MG}: the update failed (HTTP 400, error 21502)`]);
    expect(outcome.applied).toBe(1);
  });
});
