/**
 * Cold start (module load) of every built Function versus the bare protected Function, each sample in
 * a fresh node process, all targets round-robin so every row sees the same machine load (target:
 * Function/bare <= 1.5x). Two views: the bundle's load alone (nothing loaded first), and the load as
 * the runtime does it (the project's twilio loaded first as the global `Twilio`). Also times each npm
 * import the bundles keep external, to explain the gap. Not a test (no thresholds enforced); no
 * network at all.
 *   npm run bench -- --only coldstart [--n 30] [--warmup 1]
 */
import { buildCopy, flag, routeOf } from './function-build';
import { externalImports, loadedByRuntime, sampleLoad, type LoadSample, type Mode } from './load-probe';
import { record, round, say } from './report';
import { percentile } from './stats';

const TARGET = 1.5;

interface Target {
  label: string;
  /** Absolute bundle path or npm specifier. */
  path: string;
  modes: Mode[];
}

const key = (label: string, mode: Mode): string => `${label}|${mode}`;

function measure(targets: readonly Target[], n: number, warmup: number): Map<string, LoadSample[]> {
  const jobs = targets.flatMap((t) => t.modes.map((mode) => ({ t, mode })));
  const samples = new Map<string, LoadSample[]>();
  for (let round = 0; round < warmup + n; round += 1) {
    // Rotate the starting row each round so no row always runs right after the same neighbour.
    for (let j = 0; j < jobs.length; j += 1) {
      const { t, mode } = jobs[(j + round) % jobs.length] as (typeof jobs)[number];
      const s = sampleLoad(mode, t.path);
      if (round < warmup) continue;
      const k = key(t.label, mode);
      samples.set(k, [...(samples.get(k) ?? []), s]);
    }
  }
  return samples;
}

interface Row {
  p50: number;
  p90: number;
}
function stat(values: number[]): Row {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p90: percentile(sorted, 90) };
}

export async function benchColdStart(): Promise<void> {
  const n = flag('n', 30, 500);
  const warmup = flag('warmup', 1, 50);
  const copy = await buildCopy('coldstart-');
  try {
    const functions = copy.functions.map((f) => ({ label: routeOf(copy.functionsDir, f), path: f }));
    const usedBy = new Map<string, string[]>();
    for (const f of functions) for (const spec of externalImports(f.path)) usedBy.set(spec, [...(usedBy.get(spec) ?? []), f.label]);
    const imports = ['twilio', ...[...usedBy.keys()].filter((s) => s !== 'twilio')];
    const both: Mode[] = ['cold', 'runtime'];
    const targets: Target[] = [
      { label: 'bare', path: copy.bare, modes: both },
      ...functions.map((f) => ({ ...f, modes: both })),
      ...imports.map((spec) => ({ label: `import:${spec}`, path: spec, modes: ['cold' as Mode] })),
    ];
    const started = Date.now();
    const samples = measure(targets, n, warmup);
    const inRuntime = new Map(imports.map((spec) => [spec, loadedByRuntime(spec)]));
    const get = (label: string, mode: Mode): LoadSample[] => samples.get(key(label, mode)) ?? [];
    const load = (label: string): Row => stat(get(label, 'cold').map((s) => s.load));
    const total = (label: string): Row => stat(get(label, 'runtime').map((s) => s.prelude + s.load));
    const proc = (label: string): Row => stat(get(label, 'runtime').map((s) => s.process));
    const f = (x: number, w = 8): string => x.toFixed(1).padStart(w);
    const r = (x: number): string => `${x.toFixed(2)}x`.padStart(8);
    const flagIf = (x: number): string => (x > TARGET ? `  ABOVE ${TARGET}x` : '');
    const labels = ['bare', ...functions.map((x) => x.label)];
    const bareLoad = load('bare');
    /** An import's own cost: its load alone minus the bare bundle's (the loader's fixed first-require cost). */
    const importLoad = new Map(imports.map((spec) => [spec, load(`import:${spec}`).p50 - bareLoad.p50]));
    /** The heaviest import of a Function that the runtime prelude has not already loaded. */
    const heaviest = (label: string): string => {
      const own = imports.filter((s) => (usedBy.get(s) ?? []).includes(label) && !inRuntime.get(s) && (importLoad.get(s) ?? 0) > 1);
      own.sort((a, b) => (importLoad.get(b) ?? 0) - (importLoad.get(a) ?? 0));
      return own.length === 0
        ? 'none over 1 ms'
        : own
            .map((s) => `${s} ${(importLoad.get(s) ?? 0).toFixed(1)}`)
            .slice(0, 2)
            .join(', ');
    };

    say(
      `cold start: ${functions.length} Functions + bare, ${n} fresh node ${process.version} processes per row, round-robin, ${((Date.now() - started) / 1000).toFixed(0)} s (ms)`,
    );
    say(`module load alone: require(bundle) with nothing loaded first (target <= ${TARGET}x bare)`);
    say('  function                p50      p90     ratio');
    for (const label of labels) {
      const s = load(label);
      say(`  ${label.padEnd(18)}${f(s.p50)} ${f(s.p90)}  ${r(s.p50 / bareLoad.p50)}${flagIf(s.p50 / bareLoad.p50)}`);
    }
    say(`as the runtime loads it: prelude (project twilio as global Twilio) + require(bundle); "process" adds node boot`);
    say('  function           prelude     load    total  total p90   ratio   process   ratio   heaviest own imports (ms over bare)');
    const bareTotal = total('bare');
    const bareProc = proc('bare');
    const asRuntime: Record<string, number> = {};
    for (const label of labels) {
      const pre = stat(get(label, 'runtime').map((s) => s.prelude)).p50;
      const ld = stat(get(label, 'runtime').map((s) => s.load)).p50;
      const t = total(label);
      const p = proc(label);
      const ratio = t.p50 / bareTotal.p50;
      if (label !== 'bare') asRuntime[label] = round(ratio);
      say(
        `  ${label.padEnd(16)}${f(pre, 9)}${f(ld, 9)}${f(t.p50, 9)}${f(t.p90, 11)}${r(ratio)}${f(p.p50, 10)}${r(p.p50 / bareProc.p50)}   ${label === 'bare' ? '' : heaviest(label)}${flagIf(ratio)}`,
      );
    }
    record('coldstart', { n, bareRuntimeP50Ms: round(bareTotal.p50, 1), ratioAsRuntimeLoads: asRuntime });
    say('npm imports kept external by the build: require alone in a fresh process; "runtime" = already loaded by the prelude');
    say('  import                                 p50      p90  over bare  runtime  used by');
    for (const spec of imports) {
      const s = load(`import:${spec}`);
      const users =
        spec === 'twilio' ? '(the runtime prelude itself)' : `${(usedBy.get(spec) ?? []).length}: ${(usedBy.get(spec) ?? []).join(', ')}`;
      say(
        `  ${spec.padEnd(34)}${f(s.p50)} ${f(s.p90)} ${f(importLoad.get(spec) ?? NaN, 10)}  ${(inRuntime.get(spec) ? 'loaded' : 'no').padEnd(7)}${users}`,
      );
    }
  } finally {
    copy.cleanup();
  }
}
