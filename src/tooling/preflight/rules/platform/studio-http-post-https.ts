/**
 * STUDIO-HTTP-POST-HTTPS (API map rows 4, 25): `make-http-request` widgets use POST (GET parameters
 * are logged and land in step context) and every widget URL and callback is https (wss for media
 * streams) with a real host and no credentials (the one URL policy, src/core/url-policy.ts). A URL
 * that is a Liquid variable cannot be checked (unknown). The detections are the flow linter's
 * FLOW-HTTP-GET (method) and FLOW-HTTPS-URLS.
 */
import { detect as httpIssues } from '../../../lint/flow/rules/http-get';
import { detect as urlIssues } from '../../../lint/flow/rules/https-urls';
import type { Rule, RuleMeta } from '../../types';
import { perFlow, STUDIO_FLOW_MESSAGES } from './studio-data';
export const meta: RuleMeta = {
  id: 'STUDIO-HTTP-POST-HTTPS',
  title: 'Studio HTTP widgets use POST over HTTPS',
  severity: 'required',
  product: 'studio',
  source: 'S4 "Encrypted Communication"; S3 (GET parameters are logged); API map rows 4, 25',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(e)(1)'],
  mode: 'account',
  remediation:
    'In the flow, set every Make HTTP Request widget to POST and every widget URL to https:// with a real host and no user:password@ credentials, then publish (or POST /v2/Flows/{FW} Definition, CommitMessage after POST /v2/Flows/Validate).',
  fixable: false,
  messages: {
    ...STUDIO_FLOW_MESSAGES,
    httpRequestWidgetDoes: 'an HTTP request widget does not use POST',
    widgetUrlDoesNot: 'a widget URL does not use https://',
    widgetUrlCarriesCredentials: 'a widget URL carries credentials (user:password@)',
    widgetUrlVariableMissing: 'a widget URL is a variable or missing, so https cannot be checked',
    httpWidgetsUsePost: 'HTTP widgets use POST over https',
    noHttpWidgets: 'no HTTP widgets',
  },
};

export const rule: Rule = {
  meta,
  check: (ctx) =>
    perFlow(meta, ctx, (flow) => {
      const urls = urlIssues(flow);
      const httpRequests = flow.states.filter((s) => s.type === 'make-http-request').length;
      const getRequests = httpIssues(flow).filter((i) => i.kind === 'method').length;
      const insecureUrls = urls.filter((i) => i.kind === 'insecure').length;
      const credentialUrls = urls.filter((i) => i.kind === 'credentials').length;
      const unverifiableUrls = urls.filter((i) => i.kind === 'unverifiable').length;
      const evidence = { httpRequests, getRequests, insecureUrls, credentialUrls, unverifiableUrls };
      if (getRequests > 0 || insecureUrls > 0 || credentialUrls > 0) {
        const reasons = [
          getRequests > 0 ? 'an HTTP request widget does not use POST' : '',
          insecureUrls > 0 ? 'a widget URL does not use https://' : '',
          credentialUrls > 0 ? 'a widget URL carries credentials (user:password@)' : '',
        ].filter(Boolean);
        return { status: 'fail', reason: reasons.join('; '), evidence };
      }
      if (unverifiableUrls > 0) return { status: 'unknown', message: 'widgetUrlVariableMissing', evidence };
      return { status: 'pass', message: httpRequests > 0 ? 'httpWidgetsUsePost' : 'noHttpWidgets', evidence };
    }),
};
