/**
 * `npm run bench [-- --only inbound|preflight|coldstart|reminders] [--n N] [--warmup N]`: every benchmark, each
 * reporting ratios against a baseline measured in the same run. Loopback only; not a test.
 */
import { benchColdStart } from './cold-start';
import { benchInboundLatency } from './inbound-latency';
import { benchPreflightScale } from './preflight-scale';
import { benchReminderThroughput } from './reminder-throughput';

const BENCHES: Record<string, () => Promise<void>> = {
  inbound: benchInboundLatency,
  preflight: benchPreflightScale,
  coldstart: benchColdStart,
  reminders: benchReminderThroughput,
};

async function main(): Promise<void> {
  const i = process.argv.indexOf('--only');
  const only = i >= 0 ? process.argv[i + 1] : undefined;
  const names = only ? [only] : Object.keys(BENCHES);
  for (const name of names) {
    const bench = BENCHES[name];
    if (!bench) throw new Error(`unknown benchmark (choose: ${Object.keys(BENCHES).join(', ')})`);
    console.log(`\n== ${name} ==`);
    await bench();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : 'bench failed');
  process.exit(1);
});
