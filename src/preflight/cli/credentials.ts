/**
 * Credentials from the environment, else from the deploy env file: ACCOUNT_SID + AUTH_TOKEN, or
 * TWILIO_API_KEY + TWILIO_API_SECRET with ACCOUNT_SID (TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN as the
 * Twilio CLI names them are accepted too). Never .env.local: that is the local profile's dummy.
 */
import { basename } from 'node:path';
import { readEnvFile } from '../../core/env-file';

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
