/**
 * Env files. `readEnvFile` reads a local env file with dotenv (empty values dropped: twilio-run
 * deploys only non-empty keys, and every reader here treats an empty value as unset).
 *
 * A deploy env file is read with `readDeployEnvFile` instead: the strict reading of env-parse.ts,
 * cross-checked against dotenv 16 and the dotenv twilio-run uploads with, so the variables the
 * checks see are exactly the variables twilio-run would upload. A file the two parsers could read
 * differently is refused with line numbers and problem kinds, never a value.
 */
import { createHash } from 'node:crypto';
import { parse } from 'dotenv';
import { existsSync, readFileSync } from 'node:fs';
import { crossCheckEnv, parseEnvStrict, type DotenvParse, type EnvProblem } from './env-parse';

export function readEnvFile(path: string): Record<string, string> | null {
  if (!existsSync(path)) return null;
  const parsed = parse(readFileSync(path, 'utf8'));
  return Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== ''));
}

export type DeployEnvRead =
  | { status: 'missing' }
  /** The file could not be read, or twilio-run's own dotenv could not be loaded to cross-check it. */
  | { status: 'unreadable' }
  | { status: 'refused'; problems: EnvProblem[] }
  | {
      status: 'ok';
      /** Non-empty variables: what twilio-run uploads (before it drops ACCOUNT_SID and AUTH_TOKEN). */
      vars: Record<string, string>;
      /** sha256 of the file's bytes as read. */
      sha256: string;
    };

/** Reads and checks a deploy env file; `parsers` replaces the real dotenv pair (tests only). */
export function readDeployEnvFile(path: string, parsers?: readonly DotenvParse[]): DeployEnvRead {
  if (!existsSync(path)) return { status: 'missing' };
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return { status: 'unreadable' };
  }
  const strict = parseEnvStrict(bytes);
  if (!strict.ok) return { status: 'refused', problems: strict.problems };
  let problems: EnvProblem[];
  try {
    problems = crossCheckEnv(bytes.toString('utf8'), strict.entries, parsers);
  } catch {
    return { status: 'unreadable' };
  }
  if (problems.length > 0) return { status: 'refused', problems };
  const vars: Record<string, string> = {};
  for (const e of strict.entries) if (e.value !== '') vars[e.key] = e.value;
  return { status: 'ok', vars, sha256: createHash('sha256').update(bytes).digest('hex') };
}
