/**
 * Issue 11 item 8: the deployed code of EVERY Serverless service in the account (not only this
 * project's build) is read — bounded by services, versions and bytes — and checked for Message
 * Tags, PHI-like literals and logging of whole events. Findings carry SIDs and kinds only; the
 * code, its literals and the Function paths never reach a finding, the scan cache or any output.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReport } from '../../src/tooling/preflight/output/report';
import { formatSarif } from '../../src/tooling/preflight/output/sarif';
import { formatText } from '../../src/tooling/preflight/output/text';
import { rule as projectTagsRule } from '../../src/tooling/preflight/rules/messaging/no-message-tags';
import { rule as eventLoggingRule } from '../../src/tooling/preflight/rules/platform/sls-deployed-code-no-event-logging';
import { rule as phiLiteralsRule } from '../../src/tooling/preflight/rules/platform/sls-deployed-code-no-phi-literals';
import { rule as tagsRule } from '../../src/tooling/preflight/rules/platform/sls-deployed-code-no-tags';
import {
  inspectCode,
  logsWholeEvent,
  passesMessageTags,
  phiLiteralKinds,
  stripComments,
} from '../../src/tooling/preflight/rules/platform/sls-deployed-code-detect';
import {
  deployedCodeScan,
  MAX_CONTENT_BYTES,
  MAX_FUNCTION_VERSIONS_READ,
  MAX_SERVICES_READ,
} from '../../src/tooling/preflight/rules/platform/sls-deployed-code-scan';
import type { Finding, RuleContext } from '../../src/tooling/preflight/types';
import twilio from 'twilio';
import { fakeTwilioClient, RedirectingRequestClient } from '../fake-twilio';
import { DEFAULT_FUNCTION_CODE } from '../fake-twilio/serverless';
import { restError } from '../fake-twilio/test-utils';
import { CANARY_NAME, CANARY_PHONE, findCanary } from '../helpers/canary';
import { PLATFORM_SIDS as P } from './fixtures/platform';
import { finishWorld, runPreflight, startWorld, targetOf, type World } from './harness';

const TAGS = 'SLS-DEPLOYED-CODE-NO-TAGS';
const PHI = 'SLS-DEPLOYED-CODE-NO-PHI-LITERALS';
const LOGGING = 'SLS-DEPLOYED-CODE-NO-EVENT-LOGGING';
const rules = [tagsRule, phiLiteralsRule, eventLoggingRule];
/** A marker in every planted Function's code: seeing it in any output means code leaked. */
const MARKER = 'CODE-MARKER-7f3a91';

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(() => finishWorld(world));

const run = (): Promise<Finding[]> => runPreflight(world, { rules });
const of = (findings: readonly Finding[], id: string, resource: string | null) =>
  findings.filter((f) => f.id === id && f.resource === resource).map((f) => f.status);

/** Every output format, as a user would see them. */
function rendered(findings: Finding[]): string {
  const report = buildReport({
    findings,
    account: world.accountSid,
    accountChecked: true,
    profile: 'redaction',
    exitCode: 1,
    toolVersion: 'test',
  });
  return [JSON.stringify(findings), JSON.stringify(report), formatText(report, { verbose: true }), formatSarif(report)].join('\n');
}

function expectNoLeak(text: string): void {
  expect(findCanary(text)).toBeUndefined();
  for (const fragment of [MARKER, 'event.Id', 'inbound: ', '123-45-6789', 'pat@clinic', 'Zebulon']) expect(text).not.toContain(fragment);
}

/** Another team's service with one Function whose code is `code` (its path carries PHI, as paths can). */
function otherService(name: string, code: string, path = `/patients/${CANARY_NAME.replace(' ', '-')}`) {
  const d = world.fake.serverless.seedDeployment({
    uniqueName: name,
    environment: 'prod',
    functions: [{ path, visibility: 'protected', code: `// ${MARKER}\n${code}` }],
  });
  const fn = d.functions[0]!;
  return { service: d.serviceSid, functionSid: fn.functionSid, version: fn.versionSid };
}

const TAGGED =
  "exports.handler = async (context, event, callback) => {\n  await context.getTwilioClient().messages.create({ to: event.To, body: 'Hi', tags: { appt: event.Id } });\n  callback(null);\n};\n";
const PHI_CODE = `const ssn = '123-45-6789';\nconst who = "pat@clinic.example";\nconst phone = '${CANARY_PHONE}';\nexports.handler = (c, e, cb) => cb(null);\n`;
const LOGGING_CODE =
  "exports.handler = function (context, event, callback) {\n  console.log('inbound: ' + JSON.stringify(event));\n  callback(null);\n};\n";

describe('deployed code of every service: compliant account', () => {
  test('each deployed Function Version of both services is read once and passes the three rules', async () => {
    const findings = await run();
    const versions = [1, 2, 3, 4, 5].map((n) => `ZN${n.toString(16).padStart(32, '0')}`);
    for (const id of [TAGS, PHI, LOGGING]) {
      expect(findings.filter((f) => f.id === id).map((f) => [f.status, f.resource])).toEqual(versions.map((v) => ['pass', v]));
    }
    // Shared by the three rules: one Content read per distinct version.
    expect([...world.fake.serverless.contentReads()].sort()).toEqual(versions);
    const ev = findings.find((f) => f.id === TAGS && f.resource === versions[3])?.evidence;
    expect(ev).toEqual({ service: P.helpers, function: P.guardFn });
  });

  test('a version that two builds share is read once and reported once', async () => {
    const prod = world.fake.resources.all('sls_builds').find((b) => b.sid === P.prodBuild)!;
    const dev = world.fake.resources.all('sls_builds').find((b) => b.sid === P.devBuild)!;
    const shared = (prod.function_versions as Record<string, unknown>[])[1]!;
    (dev.function_versions as unknown[]).push({ ...shared });
    const findings = await run();
    expect(world.fake.serverless.contentReads().filter((v) => v === shared.sid)).toHaveLength(1);
    expect(of(findings, TAGS, shared.sid as string)).toEqual(['pass']);
  });

  test('an account without Serverless services passes with no resource', async () => {
    for (const c of ['sls_services', 'sls_environments', 'sls_builds']) world.fake.resources.clear(c);
    const findings = await run();
    for (const id of [TAGS, PHI, LOGGING]) expect(of(findings, id, null)).toEqual(['pass']);
  });
});

describe('deployed code of every service: findings by SID and kind, never the code', () => {
  test('tags, PHI-like literals and whole-event logging in other services are named by service, Function and Version SID', async () => {
    const tagged = otherService('team-a', TAGGED);
    const phi = otherService('team-b', PHI_CODE);
    const logging = otherService('team-c', LOGGING_CODE);
    const findings = await run();

    expect(of(findings, TAGS, tagged.version)).toEqual(['fail']);
    expect(of(findings, TAGS, phi.version)).toEqual(['pass']);
    expect(of(findings, TAGS, logging.version)).toEqual(['pass']);
    expect(findings.find((f) => f.id === TAGS && f.resource === tagged.version)?.evidence).toEqual({
      service: tagged.service,
      function: tagged.functionSid,
      kind: 'message-tags',
    });

    expect(of(findings, PHI, phi.version)).toEqual(['warn']);
    expect(of(findings, PHI, tagged.version)).toEqual(['pass']);
    const phiFinding = findings.find((f) => f.id === PHI && f.resource === phi.version);
    expect(phiFinding?.evidence).toEqual({ service: phi.service, function: phi.functionSid, kind: 'email,phone,ssn' });
    expect(phiFinding?.reason).toBe('a string literal in the deployed Function looks like PHI (email, phone, ssn)');

    expect(of(findings, LOGGING, logging.version)).toEqual(['warn']);
    expect(of(findings, LOGGING, tagged.version)).toEqual(['pass']);
    expect(findings.find((f) => f.id === LOGGING && f.resource === logging.version)?.evidence).toEqual({
      service: logging.service,
      function: logging.functionSid,
      kind: 'event-logging',
    });

    expectNoLeak(rendered(findings));
  });

  test('the shared scan keeps verdicts and SIDs only: no code, literal or path in what is cached', async () => {
    otherService('team-b', PHI_CODE + TAGGED + LOGGING_CODE);
    const cache = new Map<string, Promise<unknown>>();
    const ctx: RuleContext = {
      profile: 'redaction',
      config: world.config,
      project: { root: world.projectRoot, deployEnvFile: '.env.deploy' },
      account: targetOf(world),
      cached: <T>(key: string, load: () => Promise<T>) => {
        if (!cache.has(key)) cache.set(key, load());
        return cache.get(key) as Promise<T>;
      },
      probeStatus: world.probeStatus,
    };
    const scan = await deployedCodeScan(ctx);
    expect(scan.versions.filter((v) => v.verdict?.messageTags && v.verdict.eventLogging && v.verdict.phiKinds.length === 3)).toHaveLength(
      1,
    );
    const cached = JSON.stringify(await cache.get('serverless:deployed-code'));
    expectNoLeak(cached);
    expect(cached).not.toContain('/patients/');
  });

  test('a version whose content cannot be read is unknown in every rule, never pass', async () => {
    const broken = otherService('team-a', TAGGED);
    world.fake.serverless.failContent(broken.version, { status: 404, code: 20404 });
    const findings = await run();
    for (const id of [TAGS, PHI, LOGGING]) expect(of(findings, id, broken.version)).toEqual(['unknown']);
    expect(findings.find((f) => f.id === TAGS && f.resource === broken.version)?.evidence).toEqual({
      service: broken.service,
      function: broken.functionSid,
      build: expect.stringMatching(/^ZB/),
      httpStatus: 404,
      errorCode: 20404,
    });
    // A retryable failure (500) is retried, then unknown too.
    world.fake.serverless.failContent(broken.version, { status: 500, code: 20500 });
    expect(of(await run(), TAGS, broken.version)).toEqual(['unknown']);
  });

  test('a build entry without its Function SID cannot be read: unknown, named by the version SID', async () => {
    const build = world.fake.resources.all('sls_builds').find((b) => b.sid === P.prodBuild)!;
    const sid = `ZN${'ab'.repeat(16)}`;
    const entry: Record<string, unknown> = { ...(build.function_versions as Record<string, unknown>[])[0]!, sid };
    delete entry.function_sid;
    (build.function_versions as unknown[]).push(entry);
    const findings = await run();
    expect(of(findings, TAGS, sid)).toEqual(['unknown']);
  });

  test('when the Serverless listing itself fails, every rule is unknown', async () => {
    world.fake.faults.failNext(1000, 500, 20500);
    const findings = await run();
    world.fake.faults.reset();
    for (const id of [TAGS, PHI, LOGGING]) expect(findings.filter((f) => f.id === id).map((f) => f.status)).toEqual(['unknown']);
  });
});

describe('deployed code of every service: bounds', () => {
  test(`beyond ${MAX_SERVICES_READ} services the rest is not read and reported unknown with counts`, async () => {
    const seeded = Array.from({ length: MAX_SERVICES_READ }, (_, i) =>
      otherService(`svc-${i}`, i === MAX_SERVICES_READ - 1 ? TAGGED : 'exports.handler = (c, e, cb) => cb(null);\n'),
    );
    const findings = await run();
    // 2 fixture services + 20 seeded: the last two seeded services are beyond the bound.
    const skipped = seeded.slice(-2);
    for (const s of skipped) expect(world.fake.serverless.contentReads()).not.toContain(s.version);
    expect(of(findings, TAGS, skipped[1]!.version)).toEqual([]);
    const rest = findings.find((f) => f.id === TAGS && f.status === 'unknown' && f.resource === null);
    expect(rest?.evidence).toEqual({
      services: 22,
      servicesRead: MAX_SERVICES_READ,
      servicesSkipped: 2,
      versionsRead: 23,
      versionsSkipped: 2,
    });
    expect(rest?.reason).toContain('2 deployed Function version(s) were not read');
  });

  test(`beyond ${MAX_FUNCTION_VERSIONS_READ} versions reading stops; the rest is unknown, counted`, async () => {
    const code = (i: number) => (i === 99 ? TAGGED : `exports.handler = (c, e, cb) => cb(null, ${i});\n`);
    const d = world.fake.serverless.seedDeployment({
      uniqueName: 'big-team',
      functions: Array.from({ length: 100 }, (_, i) => ({ path: `/f${i}`, visibility: 'protected', code: code(i) })),
    });
    const findings = await run();
    expect(world.fake.serverless.contentReads()).toHaveLength(MAX_FUNCTION_VERSIONS_READ);
    // 5 fixture versions are read first; the last 5 of the 100 are not read, the tagged one among them.
    const unread = d.functions.slice(-5).map((f) => f.versionSid);
    for (const v of unread) expect(world.fake.serverless.contentReads()).not.toContain(v);
    expect(findings.filter((f) => f.id === TAGS && f.status === 'fail')).toEqual([]);
    const rest = findings.find((f) => f.id === TAGS && f.status === 'unknown' && f.resource === null);
    expect(rest?.evidence).toMatchObject({ versionsRead: MAX_FUNCTION_VERSIONS_READ, versionsSkipped: 5, servicesSkipped: 0 });
    // More than 50 passes are summarised by the engine; the unknown is still there.
    expect(findings.filter((f) => f.id === TAGS && f.status === 'pass')).toEqual([
      expect.objectContaining({ resource: null, reason: `${MAX_FUNCTION_VERSIONS_READ} resources passed` }),
    ]);
  });

  test(`only the first ${MAX_CONTENT_BYTES} bytes of a version are scanned: a hit there fails, a clean prefix is unknown`, async () => {
    const padding = `const pad = ${JSON.stringify('x'.repeat(MAX_CONTENT_BYTES))};\n`;
    const early = otherService('team-a', TAGGED + padding);
    const late = otherService('team-b', padding + TAGGED);
    const findings = await run();
    expect(of(findings, TAGS, early.version)).toEqual(['fail']);
    expect(findings.find((f) => f.id === TAGS && f.resource === early.version)?.evidence).toMatchObject({
      bytesScanned: MAX_CONTENT_BYTES,
    });
    expect(of(findings, TAGS, late.version)).toEqual(['unknown']);
    expect(of(findings, LOGGING, late.version)).toEqual(['unknown']);
    expect(findings.find((f) => f.id === TAGS && f.resource === late.version)?.reason).toContain('the rest was not read');
    expectNoLeak(rendered(findings));
  });
});

describe('detection heuristics', () => {
  const TAG_SAMPLES: [string, string][] = [
    ['object key', "client.messages.create({ to, body: 'x', tags: { a: 1 } });"],
    ['quoted key', 'client.messages.create({ to, "Tags": "{}" });'],
    ['shorthand', 'const tags = {}; client.messages.create({ to, tags });'],
    ['commented out', 'client.messages.create({ to }); // tags: { a: 1 }'],
    ['block comment', '/* tags: 1 */ client.messages.create({ to });'],
    ['no tags', "client.messages.create({ to, body: 'x' });"],
    ['tags without create', 'const o = { tags: 1 };'],
    ['word boundary', 'client.messages.create({ to, hashtags: 1 });'],
  ];

  test('Message Tags: the deployed-code detection agrees with MSG-NO-MESSAGE-TAGS on the same files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tags-parity-'));
    try {
      mkdirSync(join(root, 'dist', 'functions'), { recursive: true });
      TAG_SAMPLES.forEach(([, code], i) => writeFileSync(join(root, 'dist', 'functions', `s${i}.js`), code));
      const ctx = { project: { root, deployEnvFile: '.env.deploy' }, account: null } as unknown as RuleContext;
      const project = await projectTagsRule.check(ctx);
      const byProject = TAG_SAMPLES.map((_, i) => project.find((f) => f.resource === `project:dist/functions/s${i}.js`)?.status === 'fail');
      const byDeployed = TAG_SAMPLES.map(([, code]) => passesMessageTags(stripComments(code)));
      expect(byDeployed).toEqual(byProject);
      expect(byDeployed).toEqual([true, true, true, false, false, false, false, false]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test.each([
    ['console.log(event)', 'exports.handler = function (context, event, callback) { console.log(event); };', true],
    ['JSON.stringify(event)', 'console.log(JSON.stringify(event));', true],
    ['stringify with options, second argument', "console.info('inbound', JSON.stringify(event, null, 2));", true],
    ['concatenated request body', "console.log('got ' + JSON.stringify(req.body));", true],
    ['template literal', 'console.error(`event: ${JSON.stringify(event)}`);', true],
    ["the handler's own event name", 'exports.handler = async (ctx, evt, cb) => { console.warn(evt); };', true],
    ['util.inspect', 'console.log(util.inspect(event, { depth: 5 }));', true],
    ['event.request (headers, cookies)', 'console.debug(event.request);', true],
    ['request.query', 'console.log(request.query);', true],
    ['a single field', 'console.log(event.From);', false],
    ['fixed text', "console.log('event received');", false],
    ['a similar name', 'console.log(eventCount, myevent);', false],
    ['commented out', '// console.log(event)\nconst x = 1;', false],
    ['another logger (documented limit)', 'logger.info(event);', false],
    ['an alias (documented limit)', 'const e2 = event; console.log(e2);', false],
  ])('whole-event logging: %s', (_name, code, expected) => {
    expect(logsWholeEvent(stripComments(code))).toBe(expected);
  });

  test('commented-out code counts for none of the three checks', () => {
    const code = `// console.log(event)\n/* client.messages.create({ tags: 1 }) */\n// const p = '${CANARY_PHONE}';\nclient.messages.create({ to });\n`;
    expect(inspectCode(code)).toEqual({ messageTags: false, phiKinds: [], eventLogging: false });
    expect(inspectCode(code.replace(/\/\/ |\/\* | \*\//g, ''))).toEqual({ messageTags: true, phiKinds: ['phone'], eventLogging: true });
  });

  test('PHI-like literals: the environment-value kinds, in literals only, across window edges', () => {
    expect(phiLiteralKinds(stripComments(PHI_CODE))).toEqual(['email', 'phone', 'ssn']);
    expect(phiLiteralKinds("const d = '1980-02-03';")).toEqual(['date']);
    expect(phiLiteralKinds(stripComments(`// ${CANARY_PHONE}\nconst a = 1;`))).toEqual([]);
    expect(phiLiteralKinds(`const id = ${CANARY_PHONE.slice(1)};`)).toEqual([]);
    // A phone number straddling the first 256-character window is still found.
    expect(phiLiteralKinds(`const s = '${'a '.repeat(125)}${CANARY_PHONE}${' b'.repeat(300)}';`)).toEqual(['phone']);
  });

  test('PHI-like literals: a 1 MiB run of digits without spaces is scanned in bounded time', () => {
    const started = Date.now();
    expect(phiLiteralKinds(`const blob = '${'1'.repeat(MAX_CONTENT_BYTES)}';`)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('fake Serverless: Function Version Content (JSON with `content`, as the spec describes it)', () => {
  test('the SDK reads seeded code, or the default handler; unknown or foreign versions are 404 / 20404', async () => {
    const client = fakeTwilioClient(world.fake);
    const mine = otherService('team-a', 'exports.handler = (c, e, cb) => cb(null, 1);\n');
    const fetched = await client.serverless.v1
      .services(mine.service)
      .functions(mine.functionSid)
      .functionVersions(mine.version)
      .functionVersionContent()
      .fetch();
    expect(fetched).toMatchObject({
      sid: mine.version,
      serviceSid: mine.service,
      functionSid: mine.functionSid,
      accountSid: world.accountSid,
    });
    expect(fetched.content).toContain('cb(null, 1)');
    // A version only a build names (no version record): the default no-op handler.
    const embedded = await client.serverless.v1
      .services(P.reminders)
      .functions(P.inboundFn)
      .functionVersions(`ZN${'1'.padStart(32, '0')}`)
      .functionVersionContent()
      .fetch();
    expect(embedded.content).toBe(DEFAULT_FUNCTION_CODE);

    const unknown = client.serverless.v1
      .services(mine.service)
      .functions(mine.functionSid)
      .functionVersions(`ZN${'f'.repeat(32)}`)
      .functionVersionContent()
      .fetch();
    expect(await restError(unknown)).toMatchObject({ status: 404, code: 20404 });
    const wrongService = client.serverless.v1
      .services(P.helpers)
      .functions(mine.functionSid)
      .functionVersions(mine.version)
      .functionVersionContent()
      .fetch();
    expect(await restError(wrongService)).toMatchObject({ status: 404, code: 20404 });

    const sub = `AC${'5'.repeat(32)}`;
    world.fake.addAccountCredentials(sub, 'sub-token');
    const subClient = twilio(sub, 'sub-token', { httpClient: new RedirectingRequestClient(world.fake.origin) });
    const foreign = subClient.serverless.v1
      .services(mine.service)
      .functions(mine.functionSid)
      .functionVersions(mine.version)
      .functionVersionContent()
      .fetch();
    expect(await restError(foreign)).toMatchObject({ status: 404, code: 20404 });
    expect(world.fake.serverless.contentReads()).toEqual([mine.version, `ZN${'1'.padStart(32, '0')}`]);
  });
});
