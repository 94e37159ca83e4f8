/**
 * VOICE-APP-PUBLIC-CONNECT (API map row 19, recommended): TwiML Apps should not allow other
 * accounts to connect to them (`public_application_connect_enabled` false; null fails closed).
 */
import { perResource } from '../../findings';
import type { Rule, RuleMeta } from '../../types';
import { applications, applicationUrl, targetOf } from './voice-data';

export const meta: RuleMeta = {
  id: 'VOICE-APP-PUBLIC-CONNECT',
  title: 'TwiML Apps do not allow public application connect',
  severity: 'recommended',
  product: 'voice',
  source: 'S4 "Programmable Voice and SIP"; API map row 19',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(a)(1)'],
  mode: 'account',
  remediation: 'API: POST /2010-04-01/Accounts/{AC}/Applications/{AP}.json PublicApplicationConnectEnabled=false.',
  fixable: true,
  messages: {
    noTwimlApps: 'no TwiML apps',
    publicApplicationConnectOff: 'public application connect is off',
    publicApplicationConnectNot: 'public application connect is not off',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const account = targetOf(ctx);
    const apps = await applications(ctx);
    return perResource(
      meta,
      ctx,
      apps,
      (app) => {
        const sid = String(app.sid);
        const value = typeof app.public_application_connect_enabled === 'boolean' ? app.public_application_connect_enabled : null;
        if (value === false)
          return { ok: true, resource: sid, message: 'publicApplicationConnectOff', evidence: { publicApplicationConnectEnabled: value } };
        const url = applicationUrl(account.sid, sid);
        return {
          ok: false,
          resource: sid,
          message: 'publicApplicationConnectNot',
          evidence: { publicApplicationConnectEnabled: value },
          fix: {
            resource: sid,
            changes: [{ field: 'public_application_connect_enabled', before: value, after: false }],
            apply: async (api) => {
              await api.post(url, { PublicApplicationConnectEnabled: 'false' });
            },
          },
        };
      },
      'no TwiML apps',
    );
  },
};
