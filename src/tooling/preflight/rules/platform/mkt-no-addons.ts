/**
 * MKT-NO-ADDONS (API map row 30): Marketplace add-ons are not eligible, even with a third-party BAA.
 * No installed add-on, or every extension of every installed add-on disabled. One finding per
 * enabled extension; fixable (reversible): POST /v1/InstalledAddOns/{XE}/Extensions/{XF} Enabled=false.
 */
import { HOSTS, type TwilioApi } from '../../api/twilio-api';
import { finding } from '../../findings';
import type { Finding, Rule, RuleMeta } from '../../types';
import { accountOf } from './platform-util';

export const meta: RuleMeta = {
  id: 'MKT-NO-ADDONS',
  title: 'No Marketplace add-on extension is enabled',
  severity: 'required',
  product: 'marketplace',
  source: 'S3 "NOT Eligible", "CANNOT" (Marketplace add-ons); S4 "Third-party Add-on via Marketplace"; API map row 30',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(b)(1)'],
  mode: 'account',
  remediation:
    'Disable each extension (POST /v1/InstalledAddOns/{XE}/Extensions/{XF} Enabled=false) or uninstall the add-on (DELETE /v1/InstalledAddOns/{XE}).',
  fixable: true,
  messages: {
    noInstalledAddOns: 'no installed add-ons',
    installedEveryExtensionDisabled: 'installed, every extension disabled',
    addExtensionEnabled: 'an add-on extension is enabled',
    extensionStateNotStated: 'the extension state is not stated (treated as enabled)',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const { api } = accountOf(ctx);
    const addOns = await api.all(`${HOSTS.marketplace}/v1/InstalledAddOns`, 'installed_add_ons');
    if (addOns.length === 0) return [finding(meta, ctx, 'pass', { message: 'noInstalledAddOns' })];
    const perAddOn = await Promise.all(
      addOns.map(async (addOn): Promise<Finding[]> => {
        const xe = String(addOn.sid);
        const extensions = await api.all(`${HOSTS.marketplace}/v1/InstalledAddOns/${xe}/Extensions`, 'extensions');
        const enabled = extensions.filter((x) => x.enabled !== false);
        if (enabled.length === 0) {
          return [
            finding(meta, ctx, 'pass', {
              resource: xe,
              message: 'installedEveryExtensionDisabled',
              evidence: { extensions: extensions.length },
            }),
          ];
        }
        return enabled.map((x) => {
          const xf = String(x.sid);
          const url = `${HOSTS.marketplace}/v1/InstalledAddOns/${xe}/Extensions/${xf}`;
          return finding(meta, ctx, 'fail', {
            resource: xf,
            message: x.enabled === true ? 'addExtensionEnabled' : 'extensionStateNotStated',
            evidence: { addOn: xe, enabled: typeof x.enabled === 'boolean' ? x.enabled : null },
            fix: {
              resource: xf,
              changes: [{ field: 'enabled', before: typeof x.enabled === 'boolean' ? x.enabled : null, after: false }],
              apply: async (a: TwilioApi) => {
                await a.post(url, { Enabled: false });
              },
            },
          });
        });
      }),
    );
    return perAddOn.flat();
  },
};
