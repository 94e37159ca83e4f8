/**
 * Fails any test whose console or stdout/stderr output contains canary PHI, in any normalised
 * form `findCanary` recognises (reformatted phone, name in another case, body fragment).
 * Installed for every test file through jest `setupFilesAfterEnv`.
 */
import { findCanary } from './canary';

let leaked: string[] = [];
const originals = {
  log: console.log,
  info: console.info,
  warn: console.warn,
  error: console.error,
  debug: console.debug,
};
const origStdout = process.stdout.write.bind(process.stdout);
const origStderr = process.stderr.write.bind(process.stderr);

function inspect(chunk: unknown, where: string): void {
  const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
  const hit = findCanary(text);
  // Reported by kind (phone/name/body), never by the matched value.
  if (hit !== undefined) leaked.push(`${where}: ${hit}`);
}

for (const level of Object.keys(originals) as (keyof typeof originals)[]) {
  const original = originals[level];
  console[level] = (...args: unknown[]): void => {
    inspect(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '), `console.${level}`);
    original.apply(console, args);
  };
}
process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
  inspect(chunk, 'stdout');
  return (origStdout as (...a: unknown[]) => boolean)(chunk, ...rest);
}) as typeof process.stdout.write;
process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
  inspect(chunk, 'stderr');
  return (origStderr as (...a: unknown[]) => boolean)(chunk, ...rest);
}) as typeof process.stderr.write;

beforeEach(() => {
  leaked = [];
});

afterEach(() => {
  if (leaked.length > 0) {
    const where = [...new Set(leaked)].join(', ');
    leaked = [];
    throw new Error(`canary PHI appeared in test output (${where})`);
  }
});
