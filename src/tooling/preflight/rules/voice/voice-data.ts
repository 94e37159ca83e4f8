/**
 * Shared, memoised voice lookups (one fetch per account scan): Elastic SIP trunks and their
 * origination URLs, SIP domains, TwiML apps, public keys and the most recent recordings.
 * Keys are prefixed `voice:` so they never collide with another group's cache entries.
 */
import { scannedAccount } from '../scanned-account';
import { ApiError, HOSTS, v2010, type TwilioApi } from '../../api/twilio-api';
import type { RuleContext } from '../../types';

export type WireRecord = Record<string, unknown>;

/** How many recent recordings the recording rules sample (first page only, newest first). */
export const RECENT_RECORDINGS = 20;

/** The scanned account (see scanned-account.ts). */
export const targetOf = scannedAccount;

export const trunkUrl = (sid: string): string => `${HOSTS.trunking}/v1/Trunks/${sid}`;
export const sipDomainUrl = (account: string, sid: string): string => v2010(account, `/SIP/Domains/${sid}.json`);
export const applicationUrl = (account: string, sid: string): string => v2010(account, `/Applications/${sid}.json`);

export function trunks(ctx: RuleContext): Promise<WireRecord[]> {
  const { api } = targetOf(ctx);
  return ctx.cached('voice:trunks', () => api.all(`${HOSTS.trunking}/v1/Trunks`, 'trunks'));
}

export function originationUrls(ctx: RuleContext, trunkSid: string): Promise<WireRecord[]> {
  const { api } = targetOf(ctx);
  return ctx.cached(`voice:trunk-origination:${trunkSid}`, () => api.all(`${trunkUrl(trunkSid)}/OriginationUrls`, 'origination_urls'));
}

export function sipDomains(ctx: RuleContext): Promise<WireRecord[]> {
  const { api, sid } = targetOf(ctx);
  return ctx.cached('voice:sip-domains', () => api.all(v2010(sid, '/SIP/Domains.json'), 'domains'));
}

export function applications(ctx: RuleContext): Promise<WireRecord[]> {
  const { api, sid } = targetOf(ctx);
  return ctx.cached('voice:applications', () => api.all(v2010(sid, '/Applications.json'), 'applications'));
}

export function publicKeys(ctx: RuleContext): Promise<WireRecord[]> {
  const { api } = targetOf(ctx);
  return ctx.cached('voice:public-keys', () => api.all(`${HOSTS.accounts}/v1/Credentials/PublicKeys`, 'credentials'));
}

/** The first page of recordings only (a sample, never the whole history). */
export function recentRecordings(ctx: RuleContext): Promise<WireRecord[]> {
  const { api, sid } = targetOf(ctx);
  return ctx.cached('voice:recordings:recent', () => firstPage(api, v2010(sid, '/Recordings.json'), 'recordings', RECENT_RECORDINGS));
}

async function firstPage(api: TwilioApi, uri: string, key: string, pageSize: number): Promise<WireRecord[]> {
  const page = (await api.get(uri, { PageSize: pageSize })) as WireRecord | null;
  const records = page?.[key];
  if (!Array.isArray(records)) throw new ApiError(200, null);
  return records as WireRecord[];
}

/** A SID-shaped string (safe to report), else null. */
export function sidOf(value: unknown, prefix: string): string | null {
  return typeof value === 'string' && new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value) ? value : null;
}

export { str } from '../wire-values';
