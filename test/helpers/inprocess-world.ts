/**
 * The world in-process benches and round-trip tests run in: the fake Twilio API (one Sync service, the ledger's
 * identity set up as `optout init` would), a local clinic events endpoint, and the built Functions
 * invoked in this process (inprocess-runtime.ts). Loopback only; `close()` stops everything.
 */
import { countryOf } from '../../src/runtime/core/phone';
import type { LedgerSettings } from '../../src/runtime/ledger/factory';
import { setUpLedger } from '../../src/runtime/ledger/setup';
import { fakeTwilioClient, startFakeTwilio, type FakeTwilio } from '../fake-twilio';
import { syncEnv, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from './env';
import { startEventsEndpoint, type EventsEndpoint } from './events-endpoint';
import { inProcessRuntime, type Runtime } from './inprocess-runtime';

export const BENCH_MG = `MG${'e'.repeat(32)}`;
const EVENTS_SECRET = 'v'.repeat(40);

export interface BenchWorld {
  fake: FakeTwilio;
  endpoint: EventsEndpoint;
  env: Record<string, string>;
  runtime: Runtime;
  close(): Promise<void>;
}

export async function startBenchWorld(extraEnv: Record<string, string> = {}): Promise<BenchWorld> {
  const fake = await startFakeTwilio({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN, seed: 7 });
  const endpoint = await startEventsEndpoint(EVENTS_SECRET);
  try {
    const serviceSid = fake.sync.createService('state');
    const env = syncEnv(serviceSid, {
      MESSAGING_SERVICE_SID: BENCH_MG,
      CLINIC_EVENTS_URL: endpoint.url,
      CLINIC_EVENTS_SECRET: EVENTS_SECRET,
      ...extraEnv,
    });
    const settings: LedgerSettings = { backend: 'sync', serviceSid, mapPrefix: 'optout-ledger', shards: Number(env.LEDGER_SHARDS ?? 4) };
    const client = fakeTwilioClient(fake);
    const init = await setUpLedger(settings, env.OPTOUT_HMAC_SECRET as string, () => client, Date.now());
    if (init.kind === 'conflict') throw new Error('ledger identity conflict');
    const runtime = inProcessRuntime(fake, env);
    return {
      fake,
      endpoint,
      env,
      runtime,
      close: async () => {
        await endpoint.close();
        await fake.close();
      },
    };
  } catch (err) {
    await endpoint.close();
    await fake.close();
    throw err;
  }
}

/** `count` distinct numbers `+1<area>555NNNN` (from `from`) that libphonenumber-js considers valid US numbers. */
export function usNumbers(area: string, from: number, count: number): string[] {
  const out: string[] = [];
  for (let i = from; out.length < count && i < 10_000; i += 1) {
    const e164 = `+1${area}555${i.toString().padStart(4, '0')}`;
    if (countryOf(e164) === 'US') out.push(e164);
  }
  if (out.length < count) throw new Error('not enough valid benchmark numbers');
  return out;
}

/** Numbers across several area codes, for benches that need thousands. */
export function manyUsNumbers(count: number): string[] {
  const areas = ['212', '312', '415', '617', '646', '702', '713', '808', '917', '206'];
  const out: string[] = [];
  for (const area of areas) {
    if (out.length >= count) break;
    out.push(...usNumbers(area, 0, Math.min(count - out.length, 5000)).slice(0, count - out.length));
  }
  if (out.length < count) throw new Error('not enough valid benchmark numbers');
  return out;
}
