import { PLATFORM_RULES } from '../../src/tooling/preflight/rules/platform';
import type { Finding } from '../../src/tooling/preflight/types';
import { DOMAINS, FUNCTIONS, PLATFORM_SIDS as P, fraudGuardAttestations } from './fixtures/platform';
import * as fail from './fixtures/platform-failing';
import { httpRequest, runFunction, sendAndWait, sendMessage, widget } from './fixtures/platform-flows';
import { incomingNumber, sidOf } from './fixtures/platform-records';
import { runPreflight, startWorld, statusesOf, targetOf, type World, finishWorld } from './harness';

const rules = PLATFORM_RULES;
let world: World;

beforeEach(async () => {
  world = await startWorld();
  world.config.attestations.verifyFraudGuardOff = fraudGuardAttestations();
  fail.ensureIncomingNumbers(world.fake);
});
afterEach(() => finishWorld(world));

const run = (profile: 'redaction' | 'studio' = 'redaction'): Promise<Finding[]> => runPreflight(world, { rules, profile });
const of = (findings: Finding[], id: string, resource: string | null) => statusesOf(findings, id).filter((f) => f.resource === resource);
const records = (name: string) => world.fake.resources.all(name);

describe('compliant account', () => {
  test.each(['redaction', 'studio'] as const)('every platform rule passes (%s profile)', async (profile) => {
    const findings = await run(profile);
    expect(findings.filter((f) => f.status !== 'pass')).toEqual([]);
    const expected = rules.filter((r) => r.meta.profiles.includes(profile)).map((r) => r.meta.id);
    expect(new Set(findings.map((f) => f.id))).toEqual(new Set(expected));
    expect(statusesOf(findings, 'SLS-DEPLOYED-FUNCTIONS-PROTECTED')).toHaveLength(5);
    expect(statusesOf(findings, 'STUDIO-HTTP-POST-HTTPS').map((f) => f.resource)).toEqual(P.flows);
  });

  test('the Studio list carries no definition, so each flow is fetched once (N+1)', async () => {
    const api = targetOf(world).api;
    const page = (await api.get('https://studio.twilio.com/v2/Flows')) as { flows: { definition: unknown }[] };
    expect(page.flows.map((f) => f.definition)).toEqual([null, null, null]);
    const before = api.stats.requests;
    await runPreflight(world, {
      rules: rules.filter((r) => r.meta.id.startsWith('STUDIO-')),
      accounts: [{ sid: world.accountSid, parentSid: null, api }],
    });
    // 1 list + 3 flow fetches + serverless (1 services + 2 environment lists + 3 builds).
    expect(api.stats.requests - before).toBe(10);
  });
});

describe('Serverless', () => {
  test('a deployed public function and public asset fail; allowlisted asset and upper-case PRIVATE pass', async () => {
    const open = fail.addDeployedFunction(world.fake, '/open', 'PUBLIC');
    const missing = fail.addDeployedFunction(world.fake, '/unknown', null);
    const notes = fail.addDeployedAsset(world.fake, '/notes.json', 'PUBLIC');
    const logo = fail.addDeployedAsset(world.fake, '/logo.png', 'public');
    world.config.publicAssetsAllowlist = ['/logo.png'];
    const findings = await run();
    expect(of(findings, 'SLS-DEPLOYED-FUNCTIONS-PROTECTED', open.version)).toEqual([{ status: 'fail', resource: open.version }]);
    expect(of(findings, 'SLS-DEPLOYED-FUNCTIONS-PROTECTED', missing.version)).toEqual([{ status: 'unknown', resource: missing.version }]);
    expect(of(findings, 'SLS-DEPLOYED-ASSETS-PRIVATE', notes)).toEqual([{ status: 'fail', resource: notes }]);
    expect(of(findings, 'SLS-DEPLOYED-ASSETS-PRIVATE', logo)).toEqual([{ status: 'pass', resource: logo }]);
    expect(of(findings, 'SLS-DEPLOYED-ASSETS-PRIVATE', sidOf('ZN', 101))).toEqual([{ status: 'pass', resource: sidOf('ZN', 101) }]);
  });

  test('environment variables: seams and PHI-looking values warn by key; values never reported', async () => {
    const seam = fail.addVariable(world.fake, 'LEDGER_BACKEND', 'file');
    const note = fail.addVariable(world.fake, 'NOTE', 'jdoe@example.com 123-45-6789 +12025550147');
    const findings = await run();
    expect(of(findings, 'SLS-ENV-VARIABLES-CLEAN', seam)).toEqual([{ status: 'warn', resource: seam }]);
    expect(of(findings, 'SLS-ENV-VARIABLES-CLEAN', note)).toHaveLength(3);
    expect(of(findings, 'SLS-ENV-VARIABLES-CLEAN', P.dev)).toEqual([{ status: 'pass', resource: P.dev }]);
    const text = JSON.stringify(findings);
    for (const secret of ['2025550147', 'jdoe', '123-45-6789']) expect(text).not.toContain(secret);
  });
});

describe('Studio', () => {
  test('make-http-request with GET or http:// fails; a variable URL is unknown', async () => {
    const get = fail.addFlowWith(world.fake, [httpRequest('lookup', 'GET', 'https://api.clinic.example/patients')]);
    const http = fail.addFlowWith(world.fake, [httpRequest('post', 'POST', 'http://api.clinic.example/ack')]);
    const liquid = fail.addFlowWith(world.fake, [httpRequest('post', 'POST', '{{flow.variables.callback}}')]);
    const findings = await run();
    expect(of(findings, 'STUDIO-HTTP-POST-HTTPS', get)).toEqual([{ status: 'fail', resource: get }]);
    expect(of(findings, 'STUDIO-HTTP-POST-HTTPS', http)).toEqual([{ status: 'fail', resource: http }]);
    expect(of(findings, 'STUDIO-HTTP-POST-HTTPS', liquid)).toEqual([{ status: 'unknown', resource: liquid }]);
  });

  test('run-function to a deployed public function fails (by SID or by URL); to an unknown host is unknown', async () => {
    const open = fail.addDeployedFunction(world.fake, '/open', 'PUBLIC');
    const bySid = fail.addFlowWith(world.fake, [
      runFunction('call', { ...FUNCTIONS.inbound, functionSid: open.functionSid, url: `https://${DOMAINS.prod}/open` }),
    ]);
    const byUrl = fail.addFlowWith(world.fake, [
      runFunction('call', { ...FUNCTIONS.inbound, functionSid: '', url: `https://${DOMAINS.prod}/open` }),
    ]);
    const elsewhere = fail.addFlowWith(world.fake, [
      runFunction('call', { ...FUNCTIONS.inbound, functionSid: '', url: 'https://{{flow.variables.host}}.twil.io/x' }),
    ]);
    const findings = await run();
    expect(of(findings, 'STUDIO-RUN-FUNCTION-NOT-PUBLIC', bySid)).toEqual([{ status: 'fail', resource: bySid }]);
    expect(of(findings, 'STUDIO-RUN-FUNCTION-NOT-PUBLIC', byUrl)).toEqual([{ status: 'fail', resource: byUrl }]);
    expect(of(findings, 'STUDIO-RUN-FUNCTION-NOT-PUBLIC', elsewhere)).toEqual([{ status: 'unknown', resource: elsewhere }]);
  });

  test('WhatsApp sends and Send to Autopilot fail; Flex, Virtual Agent and Fork Stream warn with their condition', async () => {
    const whatsapp = fail.addFlowWith(world.fake, [sendMessage('wa', 'whatsapp:+15555550100', 'Hello')]);
    const autopilot = fail.addFlowWith(world.fake, [widget('bot', 'send-to-auto-pilot', { autopilot_assistant_sid: sidOf('UA', 1) })]);
    const flex = fail.addFlowWith(world.fake, [
      widget('agent', 'send-to-flex', { workflow: sidOf('WW', 1) }),
      widget('stream', 'fork-stream', { stream_url: 'wss://media.clinic.example' }),
    ]);
    const findings = await run();
    expect(of(findings, 'STUDIO-NO-INELIGIBLE-WIDGETS', whatsapp)).toEqual([{ status: 'fail', resource: whatsapp }]);
    expect(of(findings, 'STUDIO-NO-INELIGIBLE-WIDGETS', autopilot)).toEqual([{ status: 'fail', resource: autopilot }]);
    expect(of(findings, 'STUDIO-CONDITIONAL-WIDGETS', flex)).toEqual([{ status: 'warn', resource: flex }]);
    const reason = findings.find((f) => f.id === 'STUDIO-CONDITIONAL-WIDGETS' && f.resource === flex)?.reason;
    expect(reason).toContain('session timeout');
    expect(reason).toContain('stream destination');
  });

  test('studio profile: an incoming message (trigger or send-and-wait reply) not routed to the opt-out guard first fails', async () => {
    const direct = fail.addFlowWith(world.fake, [sendMessage('reply', '{{flow.channel.address}}', 'Thanks')], 'incomingMessage');
    const reply = fail.addFlowWith(world.fake, [
      sendAndWait('ask', '{{flow.channel.address}}', 'thanks'),
      sendMessage('thanks', '{{flow.channel.address}}', 'Thanks'),
    ]);
    const findings = await run('studio');
    expect(of(findings, 'STUDIO-OPTOUT-GUARD-FIRST', direct)).toEqual([{ status: 'fail', resource: direct }]);
    expect(of(findings, 'STUDIO-OPTOUT-GUARD-FIRST', reply)).toEqual([{ status: 'fail', resource: reply }]);
    expect(of(findings, 'STUDIO-OPTOUT-GUARD-FIRST', P.flows[0] as string)).toEqual([{ status: 'pass', resource: P.flows[0] }]);
    expect(statusesOf(await run('redaction'), 'STUDIO-OPTOUT-GUARD-FIRST')).toEqual([]);
  });
});

describe('Verify', () => {
  test('WhatsApp, a mailer, a GET/http webhook and a missing Fraud Guard attestation fail; no mailer_sid field is unknown', async () => {
    const [one, two] = records('verify_services');
    one!.whatsapp = { msg_service_sid: sidOf('MG', 1), from: 'whatsapp:+15555550100' };
    one!.mailer_sid = sidOf('MD', 1);
    delete two!.mailer_sid;
    Object.assign(records('verify_webhooks')[1]!, { webhook_method: 'GET', webhook_url: 'http://api.clinic.example/verify' });
    world.config.attestations.verifyFraudGuardOff = fraudGuardAttestations().slice(1);
    const findings = await run();
    const [va1, va2] = P.verify;
    expect(statusesOf(findings, 'VERIFY-NO-WHATSAPP')).toEqual([
      { status: 'fail', resource: va1 },
      { status: 'pass', resource: va2 },
    ]);
    expect(statusesOf(findings, 'VERIFY-NO-EMAIL')).toEqual([
      { status: 'fail', resource: va1 },
      { status: 'unknown', resource: va2 },
    ]);
    expect(statusesOf(findings, 'VERIFY-WEBHOOKS-POST-HTTPS')).toEqual([
      { status: 'pass', resource: P.verifyWebhooks[0] },
      { status: 'fail', resource: P.verifyWebhooks[1] },
    ]);
    expect(statusesOf(findings, 'VERIFY-FRAUD-GUARD-OFF')).toEqual([
      { status: 'fail', resource: va1 },
      { status: 'pass', resource: va2 },
    ]);
  });
});

describe('Conversations', () => {
  test('a WhatsApp address and an http auto-creation webhook fail; addresses are read across pages', async () => {
    const address = records('conversations_addresses')[0]!;
    for (let i = 0; i < 55; i += 1)
      world.fake.resources.add('conversations_addresses', {
        ...address,
        sid: sidOf('IG', 0x100 + i),
        address: `+1555555${String(1000 + i)}`,
      });
    const wa = {
      ...address,
      sid: sidOf('IG', 0x200),
      type: 'whatsapp',
      address: 'whatsapp:+15555550199',
      auto_creation: { ...(address.auto_creation as object), webhook_url: 'http://x.example/c', webhook_method: 'post' },
    };
    world.fake.resources.add('conversations_addresses', wa);
    const findings = await run();
    // 56 passing addresses (more than PASS_DETAIL_LIMIT) are summarised as one pass; the failure is listed.
    const passes = findings.filter((f) => f.id === 'CONV-ADDRESS-TYPES' && f.status === 'pass');
    expect(passes.map((f) => [f.resource, f.evidence])).toEqual([[null, { resources: 56 }]]);
    expect(of(findings, 'CONV-ADDRESS-TYPES', wa.sid)).toEqual([{ status: 'fail', resource: wa.sid }]);
    expect(of(findings, 'CONV-ADDRESS-AUTOCREATION-WEBHOOK', wa.sid)).toEqual([{ status: 'fail', resource: wa.sid }]);
    expect(JSON.stringify(findings)).not.toContain('5555550199');
  });

  test('GET webhooks fail and the fix sets Method=POST (account and service level); an http URL is not auto-fixed', async () => {
    records('conversations_webhooks')[0]!.method = 'GET';
    records('conversations_service_webhooks')[0]!.method = 'GET';
    const findings = await run();
    const failing = findings.filter((f) => f.id === 'CONV-WEBHOOKS-POST-HTTPS' && f.status === 'fail');
    expect(failing.map((f) => f.resource)).toEqual([world.accountSid, P.conversationService]);
    expect(failing[0]!.fix?.changes).toEqual([{ field: 'method', before: 'GET', after: 'POST' }]);
    const api = targetOf(world).api;
    for (const f of failing) await f.fix!.apply(api);
    expect(statusesOf(await run(), 'CONV-WEBHOOKS-POST-HTTPS').map((f) => f.status)).toEqual(['pass', 'pass']);
    records('conversations_webhooks')[0]!.post_webhook_url = 'http://api.clinic.example/events';
    const http = (await run()).find((f) => f.id === 'CONV-WEBHOOKS-POST-HTTPS' && f.resource === world.accountSid);
    expect([http?.status, http?.fixable]).toEqual(['fail', false]);
  });
});

describe('Event Streams, Marketplace, AI, TwiML Bins', () => {
  test('sinks: email and Segment fail, Kinesis follows the attestation, a GET webhook fails', async () => {
    const email = fail.addSink(world.fake, 'email', { to: 'ops@clinic.example' });
    const segment = fail.addSink(world.fake, 'segment', { write_key: 'x' });
    const kinesis = fail.addSink(world.fake, 'kinesis', {
      arn: 'arn:aws:kinesis:us-east-1:1:stream/x',
      role_arn: 'arn:aws:iam::1:role/r',
      external_id: '1',
    });
    const get = fail.addSink(world.fake, 'webhook', {
      destination: 'https://events.clinic.example/get',
      method: 'GET',
      batch_events: false,
    });
    let findings = await run();
    expect(statusesOf(findings, 'EVT-SINKS-HIPAA')).toEqual([
      { status: 'pass', resource: P.sink },
      { status: 'fail', resource: email },
      { status: 'fail', resource: segment },
      { status: 'pass', resource: kinesis },
      { status: 'fail', resource: get },
    ]);
    delete world.config.attestations.eventStreamsKinesisHipaa;
    findings = await run();
    expect(of(findings, 'EVT-SINKS-HIPAA', kinesis)).toEqual([{ status: 'unknown', resource: kinesis }]);
  });

  test('an enabled add-on extension fails and the fix disables it', async () => {
    const off = fail.addAddOn(world.fake, [false]);
    const on = fail.addAddOn(world.fake, [true, false]);
    const findings = await run();
    expect(statusesOf(findings, 'MKT-NO-ADDONS')).toEqual([
      { status: 'pass', resource: off.addOn },
      { status: 'fail', resource: on.extensions[0] },
    ]);
    const f = findings.find((x) => x.id === 'MKT-NO-ADDONS' && x.status === 'fail')!;
    expect(f.fix?.changes).toEqual([{ field: 'enabled', before: true, after: false }]);
    await f.fix!.apply(targetOf(world).api);
    expect(statusesOf(await run(), 'MKT-NO-ADDONS')).toEqual([
      { status: 'pass', resource: off.addOn },
      { status: 'pass', resource: on.addOn },
    ]);
  });

  test('an AI Assistant fails; Intelligence without redaction warns', async () => {
    const id = fail.addAssistant(world.fake);
    Object.assign(records('intelligence_services')[0]!, {
      auto_redaction: false,
      data_logging: null,
      webhook_http_method: 'NULL',
      webhook_url: null,
    });
    const findings = await run();
    expect(statusesOf(findings, 'AI-NO-ASSISTANTS')).toEqual([{ status: 'fail', resource: id }]);
    expect(statusesOf(findings, 'AI-INTELLIGENCE-REDACTION')).toEqual([{ status: 'warn', resource: P.intelligence }]);
    expect(statusesOf(findings, 'AUTOPILOT-END-OF-LIFE')).toEqual([{ status: 'pass', resource: null }]);
  });

  test('a number on a TwiML Bin needs the twimlBinsPhiFree attestation; numbers are masked', async () => {
    const pn = sidOf('PN', 0x901);
    world.fake.resources.add(
      'incoming_phone_numbers',
      incomingNumber(world.accountSid, pn, '+15555550142', 'https://handler.twilio.com/twiml/EH0000000000000000000000000000000a', null),
    );
    let findings = await run();
    expect(of(findings, 'TWIML-BINS-PHI-FREE', pn)).toEqual([{ status: 'pass', resource: pn }]);
    expect(findings.find((f) => f.resource === pn)?.evidence.number).toBe('+1******0142');
    delete world.config.attestations.twimlBinsPhiFree;
    findings = await run();
    expect(of(findings, 'TWIML-BINS-PHI-FREE', pn)).toEqual([{ status: 'unknown', resource: pn }]);
    world.config.attestations.twimlBinsPhiFree = { value: false, by: 'x', at: '2026-03-01' };
    expect(of(await run(), 'TWIML-BINS-PHI-FREE', pn)).toEqual([{ status: 'fail', resource: pn }]);
  });

  test('an API failure makes every account rule unknown, never pass', async () => {
    world.fake.faults.failNext(10_000, 500, 20500);
    const findings = await runPreflight(world, { rules, profile: 'studio' });
    world.fake.faults.reset();
    const account = findings.filter((f) => f.id !== 'AUTOPILOT-END-OF-LIFE');
    expect(new Set(account.map((f) => f.status))).toEqual(new Set(['unknown']));
    expect(account).toHaveLength(rules.length - 1);
  });
});
