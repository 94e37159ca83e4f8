/**
 * Throughput of POST /reminders/send through a real twilio-run server whose Twilio calls (Sync state,
 * Messages) go to the in-process fake Twilio API, against two baselines in the same run at the same
 * concurrency, in interleaved chunks so all three see the same load: the bare protected Function in
 * the same server (twilio-run forks a process per request: the floor), and direct
 * `client.messages.create` calls from this process (the API call alone). Every send must answer 202
 * and the fake must record exactly one create per reminder (else the bench fails). A second pass
 * adds 20-60 ms latency to every fake API request. Loopback only; not a test (no thresholds).
 *   npm run bench -- --only reminders [--n 60] [--c 4] [--chunk 12]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Twilio } from 'twilio';
import { countryOf } from '../src/runtime/core/phone';
import type { LedgerSettings } from '../src/runtime/ledger/factory';
import { setUpLedger } from '../src/runtime/ledger/setup';
import { fakeTwilioClient, startFakeTwilio, writeRedirectPreload, type FakeTwilio } from '../test/fake-twilio';
import { syncEnv, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from '../test/helpers/env';
import { startEventsEndpoint } from '../test/helpers/events-endpoint';
import { postForm } from '../test/helpers/signed-post';
import { startTwilioRun } from '../test/helpers/twilio-run-server';
import { BARE_ROUTE, buildCopy, flag } from './function-build';
import { record, round, say } from './report';
import { summarize } from './stats';

const MG = `MG${'e'.repeat(32)}`;
const EVENTS_SECRET = 'v'.repeat(40);
const KINDS = ['bare', 'reminder', 'direct'] as const;
type Kind = (typeof KINDS)[number];
const LABEL: Record<Kind, string> = { bare: 'bare protected', reminder: '/reminders/send', direct: 'messages.create direct' };

interface Tally {
  latencies: number[];
  wallMs: number;
  apiRequests: number;
  failures: Map<string, number>;
}
interface Ctx {
  origin: string;
  client: Twilio;
  fake: FakeTwilio;
  sent: Record<'reminder' | 'direct', string[]>;
}

/** `count` distinct numbers `+1<area>555NNNN` that libphonenumber-js considers valid US numbers. */
function usNumbers(area: string, from: number, count: number): string[] {
  const out: string[] = [];
  for (let i = from; out.length < count && i < 10_000; i += 1) {
    const e164 = `+1${area}555${i.toString().padStart(4, '0')}`;
    if (countryOf(e164) === 'US') out.push(e164);
  }
  if (out.length < count) throw new Error('not enough valid benchmark numbers');
  return out;
}

/** Runs `jobs` with at most `c` in flight; returns the wall time in ms. */
async function pool(jobs: ReadonlyArray<() => Promise<void>>, c: number): Promise<number> {
  const started = process.hrtime.bigint();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) await (jobs[next++] as () => Promise<void>)();
  };
  await Promise.all(Array.from({ length: Math.min(c, jobs.length) }, worker));
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const inTwoDays = new Date(Date.now() + 48 * 3_600_000).toISOString();

/** One request of `kind`; resolves to a failure label, or null when it got the expected answer. */
async function one(ctx: Ctx, kind: Kind, to: string, ref: string): Promise<string | null> {
  if (kind === 'bare') {
    const res = await postForm(
      `${ctx.origin}/${BARE_ROUTE}`,
      {
        AccountSid: TEST_ACCOUNT_SID,
        MessageSid: `SM${ref.replace(/\D/g, '').padStart(32, '0')}`,
        From: to,
        To: '+15555550100',
        Body: 'bench',
      },
      { authToken: TEST_AUTH_TOKEN },
    );
    return res.status === 200 ? null : `status ${res.status}`;
  }
  if (kind === 'reminder') {
    ctx.sent.reminder.push(to);
    const res = await postForm(
      `${ctx.origin}/reminders/send`,
      { to, appointmentAt: inTwoDays, templateId: 'appointment-reminder', locationId: 'main-street', appointmentRef: ref },
      { authToken: TEST_AUTH_TOKEN },
    );
    return res.status === 202 && /"messageSid":"SM[0-9a-f]{32}"/.test(res.body) ? null : `status ${res.status}`;
  }
  ctx.sent.direct.push(to);
  try {
    const msg = await ctx.client.messages.create({
      to,
      messagingServiceSid: MG,
      body: 'Example Clinic: benchmark message',
      statusCallback: `${ctx.origin}/sms/status`,
    });
    return /^SM[0-9a-f]{32}$/.test(msg.sid) ? null : 'bad sid';
  } catch (err) {
    return `error ${(err as { status?: number }).status ?? 'unknown'}`;
  }
}

/** Warm-up (c of each kind, not measured), then `m` of each kind in chunks, kinds taking turns first. */
async function runPass(ctx: Ctx, pass: number, m: number, c: number, chunk: number): Promise<Map<Kind, Tally>> {
  const numbers = {
    bare: usNumbers('212', pass * 5000, m + c),
    reminder: usNumbers('312', pass * 5000, m + c),
    direct: usNumbers('646', pass * 5000, m + c),
  };
  const tallies = new Map<Kind, Tally>(KINDS.map((k) => [k, { latencies: [], wallMs: 0, apiRequests: 0, failures: new Map() }]));
  const batch = (kind: Kind, from: number, count: number, measured: boolean) =>
    Array.from({ length: count }, (_, j) => async () => {
      const i = from + j;
      const started = process.hrtime.bigint();
      const failure = await one(ctx, kind, numbers[kind][i] as string, `bench_p${pass}_${i.toString().padStart(6, '0')}`);
      const tally = tallies.get(kind) as Tally;
      if (failure) tally.failures.set(failure, (tally.failures.get(failure) ?? 0) + 1);
      if (measured) tally.latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    });
  for (const kind of KINDS) await pool(batch(kind, 0, c, false), c);
  for (let from = c, round = 0; from < m + c; from += chunk, round += 1) {
    const count = Math.min(chunk, m + c - from);
    for (let k = 0; k < KINDS.length; k += 1) {
      const kind = KINDS[(k + round) % KINDS.length] as Kind;
      const tally = tallies.get(kind) as Tally;
      const before = ctx.fake.stats.requests;
      tally.wallMs += await pool(batch(kind, from, count, true), c);
      tally.apiRequests += ctx.fake.stats.requests - before;
    }
  }
  return tallies;
}

function report(title: string, key: string, tallies: Map<Kind, Tally>): void {
  const f = (x: number, w = 8): string => x.toFixed(1).padStart(w);
  say(title);
  say('                           req/s      p50      p99     mean   API requests/send');
  const rows = new Map<Kind, { rps: number; p50: number; p99: number }>();
  for (const kind of KINDS) {
    const t = tallies.get(kind) as Tally;
    const s = summarize(t.latencies);
    const rps = (s.n / t.wallMs) * 1000;
    rows.set(kind, { rps, p50: s.p50, p99: s.p99 });
    say(`  ${LABEL[kind].padEnd(22)}${f(rps)} ${f(s.p50)} ${f(s.p99)} ${f(s.mean)} ${f(t.apiRequests / Math.max(1, s.n), 12)}`);
  }
  const rem = rows.get('reminder') as { rps: number; p50: number; p99: number };
  const ratios: Record<string, unknown> = {};
  for (const base of ['bare', 'direct'] as const) {
    const b = rows.get(base) as { rps: number; p50: number; p99: number };
    say(
      `  /reminders/send vs ${LABEL[base]}: throughput ${(rem.rps / b.rps).toFixed(2)}x, p50 ${(rem.p50 / b.p50).toFixed(2)}x, p99 ${(rem.p99 / b.p99).toFixed(2)}x`,
    );
    ratios[base] = { throughput: round(rem.rps / b.rps), p50: round(rem.p50 / b.p50), p99: round(rem.p99 / b.p99) };
  }
  const reminder = tallies.get('reminder') as Tally;
  record('reminders', {
    [key]: {
      reminderRps: round(rem.rps, 1),
      apiRequestsPerSend: round(reminder.apiRequests / Math.max(1, reminder.latencies.length), 2),
      vs: ratios,
    },
  });
}

/** Bench failures: a send that did not answer as expected, or a create count that does not match. */
function verify(ctx: Ctx, passes: Array<Map<Kind, Tally>>): void {
  const problems: string[] = [];
  passes.forEach((tallies, p) => {
    for (const [kind, t] of tallies)
      for (const [what, count] of t.failures) problems.push(`pass ${p + 1} ${LABEL[kind]}: ${count} x ${what}`);
  });
  const creates = ctx.fake.messages.requests();
  for (const kind of ['reminder', 'direct'] as const) {
    const expected = new Set(ctx.sent[kind]);
    const got = creates.filter((r) => expected.has(r.To ?? ''));
    const distinct = new Set(got.map((r) => r.To)).size;
    if (got.length !== ctx.sent[kind].length || distinct !== expected.size)
      problems.push(`${LABEL[kind]}: ${ctx.sent[kind].length} sent, fake recorded ${got.length} creates (${distinct} distinct recipients)`);
    if (kind === 'reminder' && got.some((r) => r.MessagingServiceSid !== MG))
      problems.push('a reminder was not sent through the Messaging Service');
  }
  if (creates.length !== ctx.sent.reminder.length + ctx.sent.direct.length)
    problems.push(`fake recorded ${creates.length} creates in all, expected ${ctx.sent.reminder.length + ctx.sent.direct.length}`);
  if (ctx.fake.violations.length > 0) problems.push(`${ctx.fake.violations.length} fake Twilio schema violations`);
  if (problems.length > 0) throw new Error(`reminders bench failed:\n  ${problems.join('\n  ')}`);
  say(
    `verified: ${ctx.sent.reminder.length} reminder sends answered 202, fake recorded exactly ${ctx.sent.reminder.length} reminder + ${ctx.sent.direct.length} direct creates, 0 schema violations`,
  );
}

export async function benchReminderThroughput(): Promise<void> {
  const m = flag('n', 60, 1000);
  const c = flag('c', 4, 32);
  const chunk = flag('chunk', 3 * c, 1000);
  const copy = await buildCopy('reminders-');
  const fake = await startFakeTwilio({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN, seed: 7 });
  const endpoint = await startEventsEndpoint(EVENTS_SECRET);
  try {
    const serviceSid = fake.sync.createService('state');
    // The ledger is set up as `optout init` would (shard maps, then the identity; without them every send fails closed with 503).
    const settings: LedgerSettings = { backend: 'sync', serviceSid, mapPrefix: 'optout-ledger', shards: 4 };
    const init = await setUpLedger(settings, syncEnv(serviceSid).OPTOUT_HMAC_SECRET as string, () => fakeTwilioClient(fake), Date.now());
    if (init.kind === 'conflict') throw new Error('ledger identity conflict');
    const envFile = join(copy.work, '.env.bench');
    const env = syncEnv(serviceSid, { MESSAGING_SERVICE_SID: MG, CLINIC_EVENTS_URL: endpoint.url, CLINIC_EVENTS_SECRET: EVENTS_SECRET });
    writeFileSync(
      envFile,
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n') + '\n',
    );
    const server = await startTwilioRun({
      envFile,
      preload: writeRedirectPreload(copy.work, fake.origin),
      functionsFolder: copy.functionsFolderArg,
      assetsFolder: copy.assetsFolderArg,
    });
    const ctx: Ctx = { origin: server.origin, client: fakeTwilioClient(fake), fake, sent: { reminder: [], direct: [] } };
    const passes: Array<Map<Kind, Tally>> = [];
    try {
      const head = `${m} requests per row at concurrency ${c}, chunks of ${chunk} interleaved (ms; twilio-run forks a process per request)`;
      passes.push(await runPass(ctx, 0, m, c, chunk));
      report(`reminder send throughput, no injected API latency: ${head}`, 'noLatency', passes[0] as Map<Kind, Tally>);
      fake.faults.latencyMs = [20, 60];
      passes.push(await runPass(ctx, 1, m, c, chunk));
      fake.faults.reset();
      report(
        'same, with 20-60 ms latency on every fake Twilio API request (Sync and Messages):',
        'latency20to60',
        passes[1] as Map<Kind, Tally>,
      );
    } finally {
      await server.stop();
    }
    verify(ctx, passes);
  } finally {
    await endpoint.close();
    await fake.close();
    copy.cleanup();
  }
}
