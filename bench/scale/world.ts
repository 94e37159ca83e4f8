/**
 * The preflight-at-scale world, run in its own process so the preflight's memory is measured
 * alone: the fake Twilio API with every product registered, a compliant target account, 20
 * subaccounts, 10,000 numbers, 200 Messaging Services, 100 Studio flows, 5 Serverless services x
 * 100 functions, and a fixed latency on every request. Prints one JSON line, exits when stdin closes.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { startFakeTwilio, type FakeTwilio } from '../../test/fake-twilio';
import { seedAccount } from '../../test/preflight/fixtures/accounts';
import { GROUP_FIXTURES } from '../../test/preflight/fixtures/groups';
import { incomingNumber, service } from '../../test/preflight/fixtures/messaging-records';
import { addFlowWith } from '../../test/preflight/fixtures/platform-failing';
import * as sls from '../../test/preflight/fixtures/platform-records';

export const SHAPE = {
  subaccounts: 20,
  numbers: 10_000,
  messagingServices: 200,
  flows: 100,
  serverlessServices: 5,
  functionsPerService: 100,
};

/** 100 US area codes (libphonenumber-js says US for NPA-555-0100), so 100 x 100 fictional numbers. */
const US_NPAS: number[] = [];
for (let npa = 201; npa < 1000 && US_NPAS.length < 100; npa += 1) {
  if (parsePhoneNumberFromString(`+1${npa}5550100`)?.country === 'US') US_NPAS.push(npa);
}

function fictional(n: number): string {
  // NPA-555-01xx is reserved for fiction.
  return `+1${US_NPAS[Math.floor(n / 100) % US_NPAS.length]}55501${String(n % 100).padStart(2, '0')}`;
}

export function seedScale(fake: FakeTwilio): { subaccounts: string[] } {
  const target = fake.accountSid;
  seedAccount(fake, { sid: target, created: new Date(Date.UTC(2026, 0, 10)) });
  for (const group of GROUP_FIXTURES) group.seedCompliant(fake, target);
  const accounts = [target];
  for (let i = 1; i <= SHAPE.subaccounts; i += 1) {
    const sid = `AC${(0xa000 + i).toString(16).padStart(32, '0')}`;
    seedAccount(fake, { sid, parentSid: target, created: new Date(Date.UTC(2026, 5, 1)) });
    // Every real account has the Conversations webhook configuration singleton.
    fake.resources.add('conversations_webhooks', {
      account_sid: sid,
      pre_webhook_url: null,
      post_webhook_url: null,
      filters: [],
      method: 'POST',
      target: 'webhook',
      url: 'https://conversations.twilio.com/v1/Configuration/Webhooks',
    });
    accounts.push(sid);
  }
  // Numbers and Messaging Services spread over all 21 accounts (half in the target).
  for (let n = 0; n < SHAPE.numbers; n += 1) {
    const owner = n < SHAPE.numbers / 2 ? target : (accounts[1 + (n % SHAPE.subaccounts)] as string);
    fake.resources.add('incoming_phone_numbers', incomingNumber(owner, 1000 + n, fictional(n)));
  }
  for (let n = 0; n < SHAPE.messagingServices; n += 1) {
    const owner = n < SHAPE.messagingServices / 2 ? target : (accounts[1 + (n % SHAPE.subaccounts)] as string);
    fake.resources.add('messaging_services', service(owner, 1000 + n));
  }
  for (let n = 0; n < SHAPE.flows; n += 1) addFlowWith(fake, [], 'incomingRequest');
  for (let s = 0; s < SHAPE.serverlessServices; s += 1) {
    const id = (prefix: string, n: number): string => sls.sidOf(prefix, 0xb0000 + s * 0x1000 + n);
    const [service, env, build] = [id('ZS', 0), id('ZE', 0), id('ZB', 0)];
    fake.resources.add('sls_services', sls.serverlessService(target, service, `scale-${s}`));
    fake.resources.add('sls_environments', sls.environment(target, service, env, 'prod', `scale-${s}-1234-prod.twil.io`, build));
    const functions = Array.from({ length: SHAPE.functionsPerService }, (_, f) => ({
      sid: id('ZN', f + 1),
      resourceSid: id('ZH', f + 1),
      path: `/fn${f}`,
      visibility: 'protected',
    }));
    fake.resources.add('sls_builds', sls.build(target, service, build, functions, []));
  }
  return { subaccounts: accounts.slice(1) };
}

async function main(): Promise<void> {
  const latencyMs = Number(process.argv[2] ?? '100');
  const fake = await startFakeTwilio({ seed: 5 });
  for (const group of GROUP_FIXTURES) {
    fake.addCollections(group.collections);
    group.install?.(fake);
  }
  seedScale(fake);
  fake.faults.latencyMs = latencyMs;
  const cpuAtStart = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ origin: fake.origin, accountSid: fake.accountSid, authToken: fake.authToken })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    const cpu = process.cpuUsage(cpuAtStart);
    // The fake's own CPU while serving (OpenAPI checks of every request and page): time no preflight can save.
    process.stdout.write(
      `${JSON.stringify({ requests: fake.stats.requests, violations: fake.violations.length, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`,
    );
    void fake.close().then(() => process.exit(0));
  });
}

if (require.main === module) void main();
