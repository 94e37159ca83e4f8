/**
 * Credentials from the environment, else from the deploy env file: ACCOUNT_SID + AUTH_TOKEN, or
 * TWILIO_API_KEY + TWILIO_API_SECRET with ACCOUNT_SID (TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN as the
 * Twilio CLI names them are accepted too). Never .env.local: that is the local profile's dummy.
 */
import { basename } from 'node:path';
import { readEnvFile } from '../../../runtime/core/env-file';

export interface Credentials {
  accountSid: string;
  username: string;
  password: string;
  kind: 'auth-token' | 'api-key';
  source: 'environment' | 'deploy env file';
}

function fromVars(v: Record<string, string | undefined>, source: Credentials['source']): Credentials | null {
  const accountSid = v.ACCOUNT_SID || v.TWILIO_ACCOUNT_SID;
  if (!accountSid || !/^AC[0-9a-fA-F]{32}$/.test(accountSid)) return null;
  if (v.TWILIO_API_KEY && v.TWILIO_API_SECRET) {
    return { accountSid, username: v.TWILIO_API_KEY, password: v.TWILIO_API_SECRET, kind: 'api-key', source };
  }
  const token = v.AUTH_TOKEN || v.TWILIO_AUTH_TOKEN;
  return token ? { accountSid, username: accountSid, password: token, kind: 'auth-token', source } : null;
}

export function findCredentials(env: Record<string, string | undefined>, deployEnvPath: string): Credentials | null {
  const fromEnv = fromVars(env, 'environment');
  if (fromEnv) return fromEnv;
  if (basename(deployEnvPath) === '.env.local') return null;
  const file = readEnvFile(deployEnvPath);
  return file ? fromVars(file, 'deploy env file') : null;
}

/**
 * What is missing when findCredentials found none, by variable name only (never a value), so a
 * fresh `.env.deploy` skeleton says what to fill in.
 */
export function missingCredentials(env: Record<string, string | undefined>, deployEnvPath: string): string {
  if (basename(deployEnvPath) === '.env.local')
    return "the deploy env file may not be .env.local (--env): it holds the local profile's dummy credentials";
  const file = readEnvFile(deployEnvPath);
  const has = (name: string): boolean => Boolean(env[name] || file?.[name]);
  const missing: string[] = [];
  const sid = env.ACCOUNT_SID || env.TWILIO_ACCOUNT_SID || file?.ACCOUNT_SID || file?.TWILIO_ACCOUNT_SID;
  if (!sid) missing.push('ACCOUNT_SID');
  else if (!/^AC[0-9a-fA-F]{32}$/.test(sid)) missing.push('a valid ACCOUNT_SID (AC followed by 32 hex characters)');
  const keyPair = has('TWILIO_API_KEY') && has('TWILIO_API_SECRET');
  if (!keyPair && !has('AUTH_TOKEN') && !has('TWILIO_AUTH_TOKEN')) missing.push('AUTH_TOKEN (or TWILIO_API_KEY + TWILIO_API_SECRET)');
  const where =
    file === null
      ? 'there is no deploy env file (`npm run -s preflight -- init` writes a .env.deploy skeleton)'
      : 'fill them in the deploy env file or set them in the environment';
  return missing.length > 0
    ? `missing: ${missing.join(', ')}; ${where}`
    : 'the environment and the deploy env file each hold only part of the credentials: put them all in one place';
}
