/**
 * MSG-GEO-PERMISSIONS (API map row 16, recommended): SMS Geo Permissions enable only countries in
 * hipaa.config.json allowedCountries (default US). `GET accounts.twilio.com/v1/Messaging/GeoPermissions`
 * is not in the shipped spec (@twilio-alpha/mcp 0.7.0); its shape comes from twilio-node 6.2.0
 * (`accounts.v1.messagingGeopermissions`: `{ permissions: [{ country_code, type, enabled }] }`).
 * One finding per enabled country; disabling a country is reversible, so it is auto-fixable with
 * `PATCH /v1/Messaging/GeoPermissions Permissions={"country_code":"CA","type":"country","enabled":false}`.
 */
import { HOSTS } from '../../api/twilio-api';
import { allowedCountries } from '../../../config/hipaa-config';
import { finding } from '../../findings';
import type { Finding, Rule, RuleMeta } from '../../types';
import { scopeOf } from './data';

export const meta: RuleMeta = {
  id: 'MSG-GEO-PERMISSIONS',
  title: 'SMS Geo Permissions enable only allowed countries',
  severity: 'recommended',
  product: 'messaging',
  source: 'S4 "Geo Permissions" (review); S3; API map row 16',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(a)(1)(ii)(B)'],
  mode: 'account',
  remediation:
    'Console: Messaging > Settings > Geo permissions: disable every country outside allowedCountries, or PATCH https://accounts.twilio.com/v1/Messaging/GeoPermissions Permissions={"country_code":"CA","type":"country","enabled":false}.',
  fixable: true,
  messages: {
    noCountryEnabled: 'no country is enabled',
    enabledAllowed: 'enabled and allowed',
    smsCountryOutsideAllowedcountries: 'SMS to a country outside allowedCountries is enabled',
  },
};

export const GEO_PERMISSIONS_URL = `${HOSTS.accounts}/v1/Messaging/GeoPermissions`;

interface Permission {
  country_code: string;
  type: string;
  enabled: boolean;
}

function parse(body: unknown): Permission[] {
  const list = (body as { permissions?: unknown } | null)?.permissions;
  if (!Array.isArray(list)) throw new Error('unexpected GeoPermissions response');
  return list.filter(
    (p): p is Permission =>
      typeof p === 'object' &&
      p !== null &&
      typeof (p as Permission).country_code === 'string' &&
      typeof (p as Permission).enabled === 'boolean',
  );
}

export const rule: Rule = {
  meta,
  async check(ctx) {
    const { api } = scopeOf(ctx);
    const allowed = allowedCountries(ctx.config);
    const enabled = parse(await api.get(GEO_PERMISSIONS_URL)).filter((p) => p.enabled);
    if (enabled.length === 0) return [finding(meta, ctx, 'pass', { message: 'noCountryEnabled' })];
    return enabled.map((p): Finding => {
      const country = p.country_code.toUpperCase();
      const resource = `geo:${country}`;
      if (allowed.includes(country))
        return finding(meta, ctx, 'pass', { resource, message: 'enabledAllowed', evidence: { country, enabled: true } });
      const permission = JSON.stringify({ country_code: p.country_code, type: p.type || 'country', enabled: false });
      return finding(meta, ctx, 'fail', {
        resource,
        message: 'smsCountryOutsideAllowedcountries',
        evidence: { country, enabled: true },
        fix: {
          resource,
          changes: [{ field: `permissions[${country}].enabled`, before: true, after: false }],
          apply: async (a) => {
            await a.call('patch', GEO_PERMISSIONS_URL, undefined, { Permissions: permission });
          },
        },
      });
    });
  },
};
