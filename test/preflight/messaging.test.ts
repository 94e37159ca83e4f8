import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MESSAGING_RULES } from '../../src/tooling/preflight/rules/messaging';
import { CANARY_BODY, CANARY_PHONE, findCanary } from '../helpers/canary';
import { applyFixes, byResource, patch } from './fixtures/messaging-helpers';
import { daysAgo, incomingNumber, pooledNumber, sid } from './fixtures/messaging-records';
import { alert, channelSender, channelsSender, message } from './fixtures/messaging-traffic';
import { geoPermission, GEO, setMediaHttpAuth } from './fixtures/messaging-routes';
import { runPreflight, startWorld, statusesOf, type World, finishWorld } from './harness';

const rules = MESSAGING_RULES;
const MG = (n: number) => sid('MG', n);
const PN = (n: number) => sid('PN', n);
const STUDIO = (ac: string) => `https://webhooks.twilio.com/v1/Accounts/${ac}/Flows/FW${'a'.repeat(32)}`;
let world: World;
const run = (profile?: 'redaction' | 'studio') => runPreflight(world, { rules, ...(profile ? { profile } : {}) });

beforeEach(async () => {
  world = await startWorld();
});
afterEach(() => finishWorld(world));

describe('messaging: compliant account', () => {
  test.each(['redaction', 'studio'] as const)('every messaging rule passes (%s profile)', async (profile) => {
    const findings = await run(profile);
    expect(findings.filter((f) => f.status !== 'pass' && f.status !== 'skip')).toEqual([]);
    const expected = rules.filter((r) => r.meta.profiles.includes(profile)).map((r) => r.meta.id);
    expect(new Set(findings.map((f) => f.id))).toEqual(new Set(expected));
    expect(byResource(findings, 'MSG-SVC-POST-WEBHOOKS')[MG(2)]).toBe('skip');
  });

  test('an API failure makes every account rule unknown, never pass', async () => {
    world.fake.faults.failNext(10_000, 500, 20500);
    const findings = await run();
    world.fake.faults.reset();
    const account = findings.filter((f) => f.id !== 'MSG-NO-MESSAGE-TAGS');
    expect(account.length).toBeGreaterThan(0);
    expect(account.every((f) => f.status === 'unknown')).toBe(true);
  });
});

describe('messaging services (rows 9, 10)', () => {
  test('MSG-SVC-POST-WEBHOOKS: GET or null methods fail; the fix sets POST', async () => {
    patch(world, 'messaging_services', MG(1), { inbound_method: 'GET' });
    patch(world, 'messaging_services', MG(3), { fallback_method: null });
    const findings = await run();
    expect(byResource(findings, 'MSG-SVC-POST-WEBHOOKS')).toEqual({ [MG(1)]: 'fail', [MG(3)]: 'fail', [MG(2)]: 'skip' });
    expect(findings.find((f) => f.resource === MG(1) && f.id === 'MSG-SVC-POST-WEBHOOKS')?.fix?.changes).toEqual([
      { field: 'inbound_method', before: 'GET', after: 'POST' },
    ]);
    expect(await applyFixes(world, findings, 'MSG-SVC-POST-WEBHOOKS')).toBe(2);
    expect(byResource(await run(), 'MSG-SVC-POST-WEBHOOKS')).toEqual({ [MG(1)]: 'pass', [MG(3)]: 'pass', [MG(2)]: 'skip' });
  });

  test('MSG-SVC-HTTPS-WEBHOOKS: http fails (host only in evidence); a service deferring to numbers ignores its inbound URL', async () => {
    patch(world, 'messaging_services', MG(3), { status_callback: 'http://user:secret@status.example.com/cb?patient=1' });
    patch(world, 'messaging_services', MG(2), { inbound_request_url: 'http://ignored.example.com/in' });
    const findings = await run();
    expect(statusesOf(findings, 'MSG-SVC-HTTPS-WEBHOOKS')).toEqual([
      { status: 'pass', resource: MG(1) },
      { status: 'pass', resource: MG(2) },
      { status: 'fail', resource: MG(3) },
    ]);
    const failed = findings.find((f) => f.id === 'MSG-SVC-HTTPS-WEBHOOKS' && f.status === 'fail');
    expect(failed?.evidence).toMatchObject({ insecureFields: 'status_callback', status_callback_host: 'status.example.com' });
    expect(JSON.stringify(findings)).not.toMatch(/secret|patient=|http:\/\//);
    expect(failed?.fix).toBeUndefined();
  });

  test('MSG-SVC-STICKY-SENDER-OFF: on fails, null is unknown, geomatch is reported only; the fix turns both off', async () => {
    patch(world, 'messaging_services', MG(1), { sticky_sender: true });
    patch(world, 'messaging_services', MG(2), { fallback_to_long_code: null });
    const findings = await run();
    expect(byResource(findings, 'MSG-SVC-STICKY-SENDER-OFF')).toEqual({ [MG(1)]: 'fail', [MG(2)]: 'unknown', [MG(3)]: 'pass' });
    expect(findings.find((f) => f.id === 'MSG-SVC-STICKY-SENDER-OFF' && f.resource === MG(1))?.evidence).toMatchObject({
      area_code_geomatch: true,
    });
    expect(await applyFixes(world, findings, 'MSG-SVC-STICKY-SENDER-OFF')).toBe(2);
    expect(byResource(await run(), 'MSG-SVC-STICKY-SENDER-OFF')).toEqual({ [MG(1)]: 'pass', [MG(2)]: 'pass', [MG(3)]: 'pass' });
    expect(statusesOf(await run('studio'), 'MSG-SVC-STICKY-SENDER-OFF')).toEqual([]);
  });
});

describe('STOP filtering (row 11)', () => {
  test('a recent 23004 warning fails despite the attestation; an old one does not count', async () => {
    world.fake.resources.add('monitor_alerts', alert(world.accountSid, 10, '23004', 'warning', daysAgo(1)));
    const findings = await run();
    expect(statusesOf(findings, 'MSG-STOP-FILTERING-DISABLED')).toEqual([{ status: 'fail', resource: world.accountSid }]);
    expect(findings.find((f) => f.id === 'MSG-STOP-FILTERING-DISABLED')?.evidence).toMatchObject({ alerts23004: 1, alerts23002: 0 });
  });

  test('attestation: missing or without ticket is unknown, false fails', async () => {
    const attestation = world.config.attestations.stopFilteringDisabled!;
    delete world.config.attestations.stopFilteringDisabled;
    expect(statusesOf(await run(), 'MSG-STOP-FILTERING-DISABLED')).toEqual([{ status: 'unknown', resource: world.accountSid }]);
    world.config.attestations.stopFilteringDisabled = { value: true, by: attestation.by, at: attestation.at };
    expect(statusesOf(await run(), 'MSG-STOP-FILTERING-DISABLED')).toEqual([{ status: 'unknown', resource: world.accountSid }]);
    world.config.attestations.stopFilteringDisabled = { ...attestation, value: false };
    expect(statusesOf(await run(), 'MSG-STOP-FILTERING-DISABLED')).toEqual([{ status: 'fail', resource: world.accountSid }]);
  });
});

describe('message redaction probe (row 12)', () => {
  test('an outbound message with a body fails; the body and number never reach a finding', async () => {
    world.fake.resources.add('messages', message(world.accountSid, { n: 50, body: CANARY_BODY, to: CANARY_PHONE }));
    const findings = await run();
    expect(statusesOf(findings, 'MSG-REDACTION-ON')).toEqual([{ status: 'fail', resource: world.accountSid }]);
    expect(findings.find((f) => f.id === 'MSG-REDACTION-ON')?.evidence).toMatchObject({ bodyKept: 1, newestUnredacted: sid('SM', 50) });
    expect(findCanary(JSON.stringify(findings))).toBeUndefined();
  });

  test('bodies redacted but numbers in clear fail', async () => {
    world.fake.resources.add('messages', message(world.accountSid, { n: 51, to: CANARY_PHONE }));
    const findings = await run();
    expect(findings.filter((f) => f.id === 'MSG-REDACTION-ON').map((f) => [f.status, f.reason])).toEqual([
      ['fail', 'message bodies are redacted but phone numbers are not'],
    ]);
    expect(findCanary(JSON.stringify(findings))).toBeUndefined();
  });

  test('no outbound sample: the attestation decides; none is unknown', async () => {
    world.fake.resources.clear('messages');
    world.fake.resources.add('messages', message(world.accountSid, { n: 60, direction: 'inbound', from: '+1202555XXXX' }));
    expect(statusesOf(await run(), 'MSG-REDACTION-ON')).toEqual([{ status: 'pass', resource: world.accountSid }]);
    delete world.config.attestations.messageRedaction;
    expect(statusesOf(await run(), 'MSG-REDACTION-ON')).toEqual([{ status: 'unknown', resource: world.accountSid }]);
  });
});

describe('MMS media HTTP auth (row 13)', () => {
  test('media reachable without credentials fails', async () => {
    setMediaHttpAuth(world.fake, world.accountSid, false);
    const findings = await run();
    expect(statusesOf(findings, 'MSG-MMS-MEDIA-AUTH')).toEqual([{ status: 'fail', resource: sid('ME', 1) }]);
    expect(findings.find((f) => f.id === 'MSG-MMS-MEDIA-AUTH')?.evidence).toMatchObject({ httpStatus: 302 });
  });

  test('no MMS sample: attestation, else unknown', async () => {
    world.fake.resources.clear('messaging_media');
    expect(statusesOf(await run(), 'MSG-MMS-MEDIA-AUTH')).toEqual([{ status: 'pass', resource: world.accountSid }]);
    delete world.config.attestations.mmsMediaHttpAuth;
    expect(statusesOf(await run(), 'MSG-MMS-MEDIA-AUTH')).toEqual([{ status: 'unknown', resource: world.accountSid }]);
  });
});

describe('Message Tags static scan (row 14)', () => {
  test('a Function passing tags to messages.create fails; one without passes; commented tags do not count', async () => {
    const dir = join(world.projectRoot, 'dist', 'functions', 'reminders');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'send.protected.js'),
      'exports.handler = async (ctx) => { await ctx.getTwilioClient().messages.create({ to, from, body, tags: { visit: id } }); };\n',
    );
    writeFileSync(
      join(dir, 'plain.protected.js'),
      'exports.handler = async (c) => { await c.getTwilioClient().messages\n  .create({ to, from, body }); /* tags: {} */ };\n',
    );
    writeFileSync(join(dir, 'quoted.private.js'), 'module.exports = (client, o) => client.messages.create({ ...o, "Tags": o.t });\n');
    expect(byResource(await run(), 'MSG-NO-MESSAGE-TAGS')).toEqual({
      'project:dist/functions/reminders/plain.protected.js': 'pass',
      'project:dist/functions/reminders/quoted.private.js': 'fail',
      'project:dist/functions/reminders/send.protected.js': 'fail',
    });
  });

  test('no build is unknown', async () => {
    rmSync(join(world.projectRoot, 'dist'), { recursive: true });
    expect(statusesOf(await run(), 'MSG-NO-MESSAGE-TAGS')).toEqual([{ status: 'unknown', resource: null }]);
  });
});

describe('numbers and short codes (row 15)', () => {
  test('NUM-POST-WEBHOOKS: GET fails on numbers and short codes; delegated sides are skipped; the fix sets POST', async () => {
    patch(world, 'incoming_phone_numbers', PN(5), { sms_method: 'GET', status_callback_method: 'GET' });
    patch(world, 'incoming_phone_numbers', PN(1), { sms_method: 'GET' }); // SMS from its Messaging Service: not in use
    patch(world, 'short_codes', sid('SC', 1), { sms_fallback_method: 'GET' });
    world.fake.resources.add(
      'incoming_phone_numbers',
      incomingNumber(world.accountSid, 6, '+12065550106', {
        sms_application_sid: sid('AP', 1),
        trunk_sid: sid('TK', 1),
        voice_method: 'GET',
      }),
    );
    const findings = await run();
    expect(byResource(findings, 'NUM-POST-WEBHOOKS')).toMatchObject({
      [PN(1)]: 'pass',
      [PN(5)]: 'fail',
      [PN(6)]: 'skip',
      [sid('SC', 1)]: 'fail',
    });
    expect(findings.find((f) => f.resource === PN(6) && f.id === 'NUM-POST-WEBHOOKS')?.reason).toMatch(
      /TwiML App rule \(API map row 19\).*trunking rule \(API map row 17\)/,
    );
    expect(findings.find((f) => f.resource === PN(5) && f.id === 'NUM-POST-WEBHOOKS')?.fix?.changes.map((c) => c.field)).toEqual([
      'sms_method',
      'status_callback_method',
    ]);
    expect(await applyFixes(world, findings, 'NUM-POST-WEBHOOKS')).toBe(2);
    const after = byResource(await run(), 'NUM-POST-WEBHOOKS');
    expect([after[PN(5)], after[sid('SC', 1)]]).toEqual(['pass', 'pass']);
  });

  test('NUM-HTTPS-WEBHOOKS: http on a number using its own webhooks fails; on a pooled number it is not in use', async () => {
    patch(world, 'incoming_phone_numbers', PN(3), { sms_url: 'http://clinic.example.com/sms' }); // service 2 defers to the number
    patch(world, 'incoming_phone_numbers', PN(2), { sms_url: 'http://unused.example.com/sms' }); // service 1 handles SMS
    patch(world, 'incoming_phone_numbers', PN(4), { voice_fallback_url: 'http://voice.example.com/fallback' });
    const findings = await run();
    expect(byResource(findings, 'NUM-HTTPS-WEBHOOKS')).toMatchObject({
      [PN(2)]: 'pass',
      [PN(3)]: 'fail',
      [PN(4)]: 'fail',
      [PN(5)]: 'pass',
    });
    expect(findings.find((f) => f.resource === PN(3) && f.id === 'NUM-HTTPS-WEBHOOKS')?.evidence).toMatchObject({
      insecureFields: 'sms_url',
      sms_url_host: 'clinic.example.com',
      number: '+1******0103',
    });
  });

  test('MSG-STUDIO-REDACTION-CONFLICT: a number or service sending to Studio fails under redaction only', async () => {
    patch(world, 'incoming_phone_numbers', PN(5), { sms_url: STUDIO(world.accountSid) });
    patch(world, 'messaging_services', MG(1), { inbound_request_url: STUDIO(world.accountSid) });
    const findings = await run();
    expect(byResource(findings, 'MSG-STUDIO-REDACTION-CONFLICT')).toMatchObject({
      [MG(1)]: 'fail',
      [MG(3)]: 'pass',
      [PN(3)]: 'pass',
      [PN(5)]: 'fail',
    });
    expect(statusesOf(await run('studio'), 'MSG-STUDIO-REDACTION-CONFLICT')).toEqual([]);
  });
});

describe('countries (row 16)', () => {
  test('NUM-US-ONLY: CA and PR numbers fail, PR passes once allowed, an undeterminable number is unknown', async () => {
    const add = (n: number, phone: string) =>
      world.fake.resources.add('incoming_phone_numbers', incomingNumber(world.accountSid, n, phone));
    add(6, '+16135550106');
    add(7, '+17875550107');
    add(8, '+15555550100');
    const pooled = add(9, '+14165550109');
    world.fake.resources.add('messaging_service_numbers', pooledNumber(world.accountSid, MG(3), pooled, 'CA'));
    const findings = await run();
    expect(byResource(findings, 'NUM-US-ONLY')).toMatchObject({
      [PN(1)]: 'pass',
      [PN(6)]: 'fail',
      [PN(7)]: 'fail',
      [PN(8)]: 'unknown',
      [PN(9)]: 'fail',
    });
    expect(findings.find((f) => f.id === 'NUM-US-ONLY' && f.resource === PN(9))?.evidence).toEqual({
      number: '+1******0109',
      country: 'CA',
      via: 'messaging-service',
    });
    world.config.allowedCountries = ['US', 'PR'];
    expect(byResource(await run(), 'NUM-US-ONLY')[PN(7)]).toBe('pass');
  });

  test('MSG-GEO-PERMISSIONS: an enabled non-allowed country warns; the PATCH fix disables it', async () => {
    const ca = world.fake.resources.all(GEO).find((p) => p.country_code === 'CA');
    if (ca) ca.enabled = true;
    const findings = await run();
    expect(statusesOf(findings, 'MSG-GEO-PERMISSIONS')).toEqual([
      { status: 'pass', resource: 'geo:US' },
      { status: 'warn', resource: 'geo:CA' },
    ]);
    expect(await applyFixes(world, findings, 'MSG-GEO-PERMISSIONS')).toBe(1);
    expect(statusesOf(await run(), 'MSG-GEO-PERMISSIONS')).toEqual([{ status: 'pass', resource: 'geo:US' }]);
  });

  test('the GeoPermissions responses are validated against the local schema', async () => {
    world.fake.resources.add(GEO, { ...geoPermission(world.accountSid, 'FR', true), type: 'region' });
    expect(statusesOf(await run(), 'MSG-GEO-PERMISSIONS')).toEqual([{ status: 'unknown', resource: null }]);
    expect(world.fake.violations.length).toBeGreaterThan(0);
    world.fake.violations.length = 0;
  });
});

describe('WhatsApp (row 29)', () => {
  test('a WhatsApp sender or Messaging Service channel sender fails; nothing is fixable', async () => {
    world.fake.resources.add('messaging_channels_senders', channelsSender(1, 'whatsapp:+12025550120'));
    world.fake.resources.add('messaging_channel_senders', channelSender(world.accountSid, MG(1), 2, 'WhatsApp', 'whatsapp:+12025550121'));
    const findings = await run();
    expect(statusesOf(findings, 'MSG-NO-WHATSAPP')).toEqual([
      { status: 'fail', resource: sid('XE', 1) },
      { status: 'fail', resource: sid('XE', 2) },
    ]);
    expect(findings.filter((f) => f.id === 'MSG-NO-WHATSAPP').every((f) => f.fix === undefined && !f.fixable)).toBe(true);
  });
});
