/** Shared by the in-process benches: a bounded worker pool and a muted console. */
/** Runs `jobs` with at most `c` in flight; returns the wall time in ms. */
export async function pool(jobs: ReadonlyArray<() => Promise<void>>, c: number): Promise<number> {
  const started = process.hrtime.bigint();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) await (jobs[next++] as () => Promise<void>)();
  };
  await Promise.all(Array.from({ length: Math.min(c, jobs.length) }, worker));
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Mutes the console (the Functions' PHI-free log lines) while `run` runs; returns how many lines were dropped. */
export async function quietly<T>(run: () => Promise<T>): Promise<{ value: T; lines: number }> {
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  let lines = 0;
  const drop = (): void => {
    lines += 1;
  };
  Object.assign(console, { log: drop, info: drop, warn: drop, error: drop });
  try {
    return { value: await run(), lines };
  } finally {
    Object.assign(console, saved);
  }
}
