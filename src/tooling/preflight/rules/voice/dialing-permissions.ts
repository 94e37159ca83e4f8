/**
 * VOICE-DIALING-PERMISSIONS (API map row 16, voice part, recommended): only HIPAA-eligible
 * destinations (config `allowedCountries`, default US) have outbound voice dialing enabled, for
 * low-risk numbers and both high-risk groups. One finding per other enabled country; the fix
 * turns its three switches off through BulkCountryUpdates (re-enabling is the same call).
 * Note: Twilio's `US` entry is "United States/Canada" (+1), so allowing US also allows Canada.
 */
import { HOSTS } from '../../api/twilio-api';
import { allowedCountries } from '../../../config/hipaa-config';
import { finding } from '../../findings';
import type { Change, Evidence, Finding, Rule, RuleMeta } from '../../types';
import { targetOf, type WireRecord } from './voice-data';

export const meta: RuleMeta = {
  id: 'VOICE-DIALING-PERMISSIONS',
  title: 'Voice dialing permissions are enabled only for allowed countries',
  severity: 'recommended',
  product: 'voice',
  source: 'S4 "Programmable Voice and SIP" (US area codes only), "Geo permissions"; S3; API map row 16',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(a)(1)(ii)(B)'],
  mode: 'account',
  remediation:
    'Console: Voice > Settings > Geo permissions: disable every country not in allowedCountries. API: POST https://voice.twilio.com/v1/DialingPermissions/BulkCountryUpdates UpdateRequest=[{"iso_code":"XX","low_risk_numbers_enabled":"false","high_risk_special_numbers_enabled":"false","high_risk_tollfraud_numbers_enabled":"false"}].',
  fixable: true,
  messages: {
    outboundVoiceDialingEnabled: 'outbound voice dialing is enabled for a country outside allowedCountries',
    dialingEnabledOnlyAllowed: 'dialing is enabled only for allowed countries',
  },
};

const COUNTRIES = `${HOSTS.voice}/v1/DialingPermissions/Countries`;
export const BULK_UPDATES = `${HOSTS.voice}/v1/DialingPermissions/BulkCountryUpdates`;
const SWITCHES = ['low_risk_numbers_enabled', 'high_risk_special_numbers_enabled', 'high_risk_tollfraud_numbers_enabled'] as const;
const FILTERS = ['LowRiskNumbersEnabled', 'HighRiskSpecialNumbersEnabled', 'HighRiskTollfraudNumbersEnabled'] as const;

export const rule: Rule = {
  meta,
  async check(ctx) {
    const { api } = targetOf(ctx);
    const allowed = new Set(allowedCountries(ctx.config));
    const lists = await Promise.all(FILTERS.map((f) => api.all(COUNTRIES, 'content', { [f]: 'true' })));
    const enabled = new Map<string, WireRecord>();
    for (const c of lists.flat()) if (typeof c.iso_code === 'string' && /^[A-Z]{2}$/.test(c.iso_code)) enabled.set(c.iso_code, c);
    const out: Finding[] = [];
    for (const [iso, c] of [...enabled].sort(([a], [b]) => a.localeCompare(b))) {
      if (allowed.has(iso)) continue;
      const changes: Change[] = SWITCHES.filter((s) => c[s] !== false).map((s) => ({
        field: s,
        before: typeof c[s] === 'boolean' ? c[s] : null,
        after: false,
      }));
      const request: Record<string, string> = { iso_code: iso };
      const evidence: Evidence = { isoCode: iso };
      for (const s of SWITCHES) {
        request[s] = 'false';
        evidence[s] = typeof c[s] === 'boolean' ? c[s] : null;
      }
      const update = JSON.stringify([request]);
      out.push(
        finding(meta, ctx, 'fail', {
          resource: `country:${iso}`,
          message: 'outboundVoiceDialingEnabled',
          evidence,
          fix: {
            resource: `country:${iso}`,
            changes,
            apply: async (client) => {
              await client.post(BULK_UPDATES, { UpdateRequest: update });
            },
          },
        }),
      );
    }
    if (out.length > 0) return out;
    const on = [...enabled.keys()].sort().join(',');
    return [finding(meta, ctx, 'pass', { message: 'dialingEnabledOnlyAllowed', evidence: { enabledCountries: on === '' ? 'none' : on } })];
  },
};
