/**
 * NUM-US-ONLY (API map row 16): every phone number is in an allowed country (hipaa.config.json
 * allowedCountries, default US; territories such as PR must be listed explicitly). IncomingPhoneNumber
 * has no iso_country, so the country comes from the Messaging Service sender pool's `country_code`
 * when the number is pooled, otherwise from libphonenumber-js (+1 toll-free resolves to US, the
 * NANP range being shared). A number whose country cannot be determined is unknown.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { maskNumber } from '../../../../runtime/core/mask';
import { allowedCountries } from '../../../config/hipaa-config';
import { finding } from '../../findings';
import type { Finding, Rule, RuleMeta } from '../../types';
import { fetchNumbers, fetchPooledNumbers } from './data';

export const meta: RuleMeta = {
  id: 'NUM-US-ONLY',
  title: 'Phone numbers are in allowed countries (US only by default)',
  severity: 'required',
  product: 'numbers',
  source: 'S4 (HIPAA-eligible for US numbers); S3 "CANNOT" (non-US numbers); API map row 16',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(a)(1)(ii)(B)'],
  mode: 'account',
  remediation:
    'Move the traffic to a number in an allowed country and release the other number (Console: Phone Numbers > Manage > Active numbers), or list the territory in hipaa.config.json allowedCountries if it is covered.',
  fixable: false,
  messages: {
    noPhoneNumbers: 'no phone numbers',
    numberSCountryCannot: "the number's country cannot be determined",
    allowedCountry: 'allowed country',
    numberOutsideAllowedCountries: 'the number is outside the allowed countries',
  },
};

interface Located {
  sid: string;
  phone: string | null;
  country: string | null;
  via: 'messaging-service' | 'libphonenumber';
}

export const rule: Rule = {
  meta,
  async check(ctx) {
    const [numbers, pooled] = await Promise.all([fetchNumbers(ctx), fetchPooledNumbers(ctx)]);
    const located = new Map<string, Located>();
    for (const p of pooled)
      if (p.country_code)
        located.set(p.sid, { sid: p.sid, phone: p.phone_number, country: p.country_code.toUpperCase(), via: 'messaging-service' });
    for (const n of numbers) {
      if (located.has(n.sid)) continue;
      const country = n.phone_number ? (parsePhoneNumberFromString(n.phone_number)?.country ?? null) : null;
      located.set(n.sid, { sid: n.sid, phone: n.phone_number, country, via: 'libphonenumber' });
    }
    if (located.size === 0) return [finding(meta, ctx, 'pass', { message: 'noPhoneNumbers' })];
    const allowed = allowedCountries(ctx.config);
    return [...located.values()].map((l): Finding => {
      const evidence = { number: l.phone ? maskNumber(l.phone) : null, country: l.country, via: l.via };
      if (l.country === null) return finding(meta, ctx, 'unknown', { resource: l.sid, message: 'numberSCountryCannot', evidence });
      const ok = allowed.includes(l.country);
      return finding(meta, ctx, ok ? 'pass' : 'fail', {
        resource: l.sid,
        message: ok ? 'allowedCountry' : 'numberOutsideAllowedCountries',
        evidence,
      });
    });
  },
};
