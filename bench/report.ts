/**
 * Bench output: text for people (stdout; stderr under `--json`), and the figures every bench
 * records, printed by `npm run bench -- --json` as one JSON object on stdout.
 */
export const jsonMode = process.argv.includes('--json');

const figures: Record<string, Record<string, unknown>> = {};

export function say(line = ''): void {
  (jsonMode ? process.stderr : process.stdout).write(`${line}\n`);
}

/** Adds `data` to bench `name`'s figures. */
export function record(name: string, data: Record<string, unknown>): void {
  figures[name] = { ...(figures[name] ?? {}), ...data };
}

export function allFigures(): Record<string, Record<string, unknown>> {
  return figures;
}

/** Rounds for the JSON output (ms and ratios: 3 decimals). */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
