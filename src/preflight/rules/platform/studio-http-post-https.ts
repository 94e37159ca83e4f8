/**
 * STUDIO-HTTP-POST-HTTPS (API map rows 4, 25): `make-http-request` widgets use POST (GET parameters
 * are logged and land in step context) and every widget URL (`make-http-request`, `run-function`,
 * `add-twiml-redirect`) is https. A URL that is entirely a Liquid variable cannot be checked.
 */
import type { Rule, RuleMeta } from '../../types';
import { isPost } from './platform-util';
import { perFlow, prop } from './studio-data';

export const meta: RuleMeta = {
  id: 'STUDIO-HTTP-POST-HTTPS',
  title: 'Studio HTTP widgets use POST over HTTPS',
  severity: 'required',
  product: 'studio',
  source: 'S4 "Encrypted Communication"; S3 (GET parameters are logged); API map rows 4, 25',
  profiles: ['redaction', 'studio'],
  mode: 'account',
  remediation:
    'In the flow, set every Make HTTP Request widget to POST and every widget URL to https://, then publish (or POST /v2/Flows/{FW} Definition, CommitMessage after POST /v2/Flows/Validate).',
  fixable: false,
};

const URL_WIDGETS = new Set(['make-http-request', 'run-function', 'add-twiml-redirect']);

export const rule: Rule = {
  meta,
  check: (ctx) =>
    perFlow(meta, ctx, (states) => {
      let httpRequests = 0;
      let getRequests = 0;
      let insecureUrls = 0;
      let unverifiableUrls = 0;
      for (const state of states) {
        if (!URL_WIDGETS.has(state.type)) continue;
        if (state.type === 'make-http-request') {
          httpRequests += 1;
          if (!isPost(prop(state, 'method'))) getRequests += 1;
        }
        const url = (prop(state, 'url') ?? '').trim();
        if (/^http:\/\//i.test(url)) insecureUrls += 1;
        else if (!/^https:\/\//i.test(url)) unverifiableUrls += 1;
      }
      const evidence = { httpRequests, getRequests, insecureUrls, unverifiableUrls };
      if (getRequests > 0 || insecureUrls > 0) {
        const reasons = [getRequests > 0 ? 'an HTTP request widget does not use POST' : '', insecureUrls > 0 ? 'a widget URL uses http://' : ''].filter(Boolean);
        return { status: 'fail', reason: reasons.join('; '), evidence };
      }
      if (unverifiableUrls > 0) return { status: 'unknown', reason: 'a widget URL is a variable, so https cannot be checked', evidence };
      return { status: 'pass', reason: httpRequests > 0 ? 'HTTP widgets use POST over https' : 'no HTTP widgets', evidence };
    }),
};
