/**
 * FLOW-HOST-ALLOWLIST: every URL in a flow goes to the project's own Functions (`__DOMAIN__`, any
 * *.twil.io), to Twilio (*.twilio.com, *.twiliocdn.com) or to a host the clinic allowed
 * (`opts.allowedHosts`: `--allow-host HOST`, `*.example.org` for subdomains, or the hipaa config's
 * allowedWebhookHosts). A host built from Liquid cannot be checked (error).
 */
import type { FlowRule, LintRuleMeta } from '../../types';
import { DOMAIN_PLACEHOLDER, hostMatches, isTwilioHost, literalHost, parseUrl, urlLeaves } from '../urls';
import { flowFinding } from '../walk';

export const meta: LintRuleMeta = {
  id: 'FLOW-HOST-ALLOWLIST',
  title: 'Flows send data only to allowed hosts',
  severity: 'error',
  source: 'S3/S4 (PHI only to parties under a BAA); studio-and-optout A3 (fail: transmission to hosts not on an allowlist); issue 5 flow linter',
  remediation:
    'Send data only to this project\'s Functions (https://__DOMAIN__/…), Twilio, or a host covered by a BAA that you allow with --allow-host HOST (or allowedWebhookHosts in hipaa.config.json, read with --config).',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
};

export const rule: FlowRule = {
  meta,
  check: (flow, opts) =>
    urlLeaves(flow).flatMap((leaf) => {
      const { host } = parseUrl(leaf.value);
      const at = `${leaf.state.type} ${leaf.key}`;
      if (!literalHost(host)) return [flowFinding(meta, leaf.state, leaf.pointer, `${at}: the host is not literal, so it cannot be checked against the allowlist`)];
      if (host === DOMAIN_PLACEHOLDER.toLowerCase() || isTwilioHost(host) || opts.allowedHosts.some((p) => hostMatches(host, p))) return [];
      return [flowFinding(meta, leaf.state, leaf.pointer, `${at}: host ${host.slice(0, 253)} is not allowed (allow it with --allow-host if it is covered by a BAA)`)];
    }),
};
