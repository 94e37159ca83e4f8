/**
 * Reads an env file with dotenv (as twilio-run does). Empty values are dropped: twilio-run deploys
 * only non-empty keys, and every reader here treats an empty value as unset.
 */
import { parse } from 'dotenv';
import { existsSync, readFileSync } from 'node:fs';

export function readEnvFile(path: string): Record<string, string> | null {
  if (!existsSync(path)) return null;
  const parsed = parse(readFileSync(path, 'utf8'));
  return Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== ''));
}
