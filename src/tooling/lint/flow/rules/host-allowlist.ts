/**
 * FLOW-HOST-ALLOWLIST: every URL in a flow goes to the project's own Functions (`__DOMAIN__`, any
 * *.twil.io), to Twilio (*.twilio.com, *.twiliocdn.com) or to a host the clinic allowed
 * (`opts.allowedHosts`: `--allow-host HOST`, `*.example.org` for subdomains, or the hipaa config's
 * allowedWebhookHosts), matched by the one URL policy (src/runtime/core/url-policy.ts: canonical hosts,
 * case-insensitive, no trailing-dot or userinfo tricks). A host built from Liquid, or a value with
 * no real host, cannot be checked (error).
 */
import type { FlowRule, LintRuleMeta } from '../../types';
import { hostAllowed, parseUrl, TWILIO_HOSTS } from '../../../../runtime/core/url-policy';
import { FLOW_URL_POLICY, urlLeaves } from '../urls';
import { flowFinding } from '../walk';

export const meta: LintRuleMeta = {
  id: 'FLOW-HOST-ALLOWLIST',
  title: 'Flows send data only to allowed hosts',
  severity: 'error',
  source:
    'S3/S4 (PHI only to parties under a BAA); studio-and-optout A3 (fail: transmission to hosts not on an allowlist); issue 5 flow linter',
  remediation:
    "Send data only to this project's Functions (https://__DOMAIN__/…), Twilio, or a host covered by a BAA that you allow with --allow-host HOST (or allowedWebhookHosts in hipaa.config.json, read with --config).",
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
  messages: {
    unparseable: '{{where}}: not a well-formed absolute URL, so its host cannot be checked against the allowlist',
    notLiteral: '{{where}}: the host is not literal, so it cannot be checked against the allowlist',
    noHost: '{{where}}: the URL has no real host, so it cannot be checked against the allowlist',
    notAllowed: '{{where}}: host {{host}} is not allowed (allow it with --allow-host if it is covered by a BAA)',
  },
};

export const rule: FlowRule = {
  meta,
  check: (flow, opts) =>
    urlLeaves(flow).flatMap((leaf) => {
      const parsed = parseUrl(leaf.value, FLOW_URL_POLICY);
      const at = `${leaf.state.type} ${leaf.key}`;
      const report = (message: string) => [flowFinding(meta, leaf.state, leaf.pointer, `${at}: ${message}`)];
      if (!parsed.ok || parsed.url.hostKind === 'liquid') {
        if (!parsed.ok && parsed.problem === 'unparseable')
          return report('not a well-formed absolute URL, so its host cannot be checked against the allowlist');
        return report('the host is not literal, so it cannot be checked against the allowlist');
      }
      const { host, hostKind } = parsed.url;
      if (hostKind === 'placeholder') return [];
      if (hostKind === 'none' || hostKind === 'invalid')
        return report('the URL has no real host, so it cannot be checked against the allowlist');
      if (hostAllowed(host, [...TWILIO_HOSTS, ...opts.allowedHosts])) return [];
      return report(`host ${host.slice(0, 253)} is not allowed (allow it with --allow-host if it is covered by a BAA)`);
    }),
};
