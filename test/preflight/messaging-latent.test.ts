/**
 * NUM-LATENT-WEBHOOKS (issue 11 item 7): a number's own webhook settings on a side held by a
 * Messaging Service pool, a TwiML App or a SIP trunk are unused today and live the day the holder
 * lets go. They warn (naming the field, the number by PN SID and masked), never block; a service
 * that defers to its numbers (use_inbound_webhook_on_number true) makes them live, judged by
 * NUM-POST-WEBHOOKS / NUM-HTTPS-WEBHOOKS; null is unknown, so they are judged as live too.
 * Compliant seed (fixtures/messaging.ts): MG1 pools PN1, PN2; MG2 (defers to numbers) pools PN3;
 * MG3 pools PN4; PN5 is in no pool.
 */
import { MESSAGING_RULES } from '../../src/tooling/preflight/rules/messaging';
import type { Finding } from '../../src/tooling/preflight/types';
import { CANARY_PHONE, findCanary } from '../helpers/canary';
import { applyFixes, byResource, patch, recordOf } from './fixtures/messaging-helpers';
import { incomingNumber, pooledNumber, sid } from './fixtures/messaging-records';
import { finishWorld, runPreflight, startWorld, type World } from './harness';

const ID = 'NUM-LATENT-WEBHOOKS';
const MG = (n: number) => sid('MG', n);
const PN = (n: number) => sid('PN', n);
let world: World;
const run = () => runPreflight(world, { rules: MESSAGING_RULES });
const one = (findings: readonly Finding[], id: string, resource: string) => findings.find((f) => f.id === id && f.resource === resource);

beforeEach(async () => {
  world = await startWorld();
});
afterEach(() => finishWorld(world));

describe('NUM-LATENT-WEBHOOKS', () => {
  test('compliant: every held number passes; numbers nobody holds get no finding', async () => {
    const findings = await run();
    expect(byResource(findings, ID)).toEqual({ [PN(1)]: 'pass', [PN(2)]: 'pass', [PN(4)]: 'pass' });
    expect(one(findings, ID, PN(1))?.evidence).toMatchObject({ heldBy: 'sms:messaging-service', holders: MG(1), number: '+1******0101' });
  });

  test("a pooled number's own sms_method=GET and http sms_url warn by name; the live rules still skip them; the fix sets POST", async () => {
    patch(world, 'incoming_phone_numbers', PN(1), {
      sms_method: 'GET',
      sms_url: `http://clinic:s3cret@sms.clinic.example/in?to=${encodeURIComponent(CANARY_PHONE)}`,
      phone_number: CANARY_PHONE,
    });
    const findings = await run();
    const latent = one(findings, ID, PN(1));
    expect(latent).toMatchObject({ status: 'warn', severity: 'recommended', fixable: true });
    expect(latent?.reason).toBe(
      'latent: sms_method is not POST, sms_url is not https; unused today, live the day the number leaves its Messaging Service pool',
    );
    expect(latent?.remediation).toMatch(/^Fix it now: it goes live the day the number leaves the pool/);
    expect(latent?.evidence).toMatchObject({
      number: '+1******0147',
      latentFields: 'sms_method,sms_url',
      notPost: 'sms_method',
      sms_url_host: 'sms.clinic.example',
      sms_url_problem: 'scheme',
      holders: MG(1),
    });
    expect(latent?.fix?.changes).toEqual([{ field: 'sms_method', before: 'GET', after: 'POST' }]);
    // Twilio ignores them while MG1 holds the number: the live rules do not fail on them.
    expect([one(findings, 'NUM-POST-WEBHOOKS', PN(1))?.status, one(findings, 'NUM-HTTPS-WEBHOOKS', PN(1))?.status]).toEqual([
      'pass',
      'pass',
    ]);
    expect(findCanary(JSON.stringify(findings))).toBeUndefined();
    expect(JSON.stringify(findings)).not.toMatch(/s3cret|http:\/\//);

    expect(await applyFixes(world, findings, ID)).toBe(1);
    expect(recordOf(world, 'incoming_phone_numbers', PN(1)).sms_method).toBe('POST');
    const after = one(await run(), ID, PN(1));
    expect([after?.status, after?.evidence.latentFields]).toEqual(['warn', 'sms_url']);
    patch(world, 'incoming_phone_numbers', PN(1), { sms_url: 'https://sms.clinic.example/in' });
    expect(one(await run(), ID, PN(1))?.status).toBe('pass');
  });

  test('sms_fallback_url and sms_fallback_method are latent too; voice fields of a pooled number are live', async () => {
    patch(world, 'incoming_phone_numbers', PN(2), {
      sms_fallback_url: 'http://fallback.clinic.example/f',
      sms_fallback_method: null,
      voice_method: 'GET',
    });
    const findings = await run();
    expect(one(findings, ID, PN(2))?.evidence).toMatchObject({
      latentFields: 'sms_fallback_method,sms_fallback_url',
      sms_fallback_url_host: 'fallback.clinic.example',
    });
    expect(one(findings, 'NUM-POST-WEBHOOKS', PN(2))?.evidence).toMatchObject({ notPost: 'voice_method' });
  });

  test("use_inbound_webhook_on_number true: the number's own webhooks are live and fail; nothing is latent", async () => {
    expect(recordOf(world, 'messaging_services', MG(2)).use_inbound_webhook_on_number).toBe(true);
    patch(world, 'incoming_phone_numbers', PN(3), { sms_method: 'GET', sms_url: 'http://care.clinic.example/in' });
    const findings = await run();
    expect(one(findings, ID, PN(3))).toBeUndefined();
    expect(one(findings, 'NUM-POST-WEBHOOKS', PN(3))?.status).toBe('fail');
    expect(one(findings, 'NUM-HTTPS-WEBHOOKS', PN(3))?.status).toBe('fail');
  });

  test("use_inbound_webhook_on_number null is unknown: the number's webhooks are judged as live (fail closed), and so is the service", async () => {
    patch(world, 'messaging_services', MG(1), { use_inbound_webhook_on_number: null, inbound_method: 'GET' });
    patch(world, 'incoming_phone_numbers', PN(1), { sms_method: 'GET' });
    const findings = await run();
    expect(one(findings, ID, PN(1))).toBeUndefined();
    expect(one(findings, 'NUM-POST-WEBHOOKS', PN(1))?.status).toBe('fail');
    expect(one(findings, 'MSG-SVC-POST-WEBHOOKS', MG(1))?.status).toBe('fail');
  });

  test('TwiML App and SIP trunk hold the voice side: its own voice settings are latent', async () => {
    const app = world.fake.resources.add(
      'incoming_phone_numbers',
      incomingNumber(world.accountSid, 6, '+12065550106', { voice_application_sid: sid('AP', 1), voice_method: 'GET' }),
    );
    const trunked = world.fake.resources.add(
      'incoming_phone_numbers',
      incomingNumber(world.accountSid, 7, '+12065550107', { trunk_sid: sid('TK', 1), voice_url: 'http://pbx.clinic.example/voice' }),
    );
    world.fake.resources.add('messaging_service_numbers', pooledNumber(world.accountSid, MG(3), trunked));
    patch(world, 'incoming_phone_numbers', PN(7), { sms_method: 'GET' });
    const findings = await run();
    expect(one(findings, ID, String(app.sid))).toMatchObject({
      status: 'warn',
      reason: 'latent: voice_method is not POST; unused today, live the day its TwiML App is removed',
      evidence: { heldBy: 'voice:twiml-app', holders: sid('AP', 1), notPost: 'voice_method' },
    });
    expect(one(findings, ID, PN(7))).toMatchObject({
      status: 'warn',
      reason:
        'latent: sms_method is not POST, voice_url is not https; unused today, live the day the number leaves its Messaging Service pool or the day its SIP trunk is removed',
      evidence: { heldBy: 'sms:messaging-service,voice:sip-trunk', holders: `${MG(3)},${sid('TK', 1)}` },
    });
    expect(one(findings, 'NUM-POST-WEBHOOKS', PN(7))?.status).toBe('skip');
  });

  test('a held side with an unparseable URL (the shared URL policy) is latent and names the problem', async () => {
    patch(world, 'incoming_phone_numbers', PN(4), { sms_url: 'https://%20bad.example/in' });
    const latent = one(await run(), ID, PN(4));
    expect(latent?.evidence).toMatchObject({ latentFields: 'sms_url', sms_url_host: null, sms_url_problem: 'unparseable' });
    expect(latent?.fix).toBeUndefined();
  });
});
