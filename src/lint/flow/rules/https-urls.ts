/**
 * FLOW-HTTPS-URLS: every URL a widget calls or hands to Twilio (`url`, `stream_url`, `*_url`,
 * callbacks) is a literal https:// URL (wss:// for media streams and ConversationRelay). A URL that
 * starts with Liquid cannot be checked, and a required URL that is missing neither: both fail closed.
 * Also the detection behind preflight STUDIO-HTTP-POST-HTTPS.
 */
import type { FlowDefinition, FlowRule, FlowState, LintRuleMeta } from '../../types';
import { parseUrl, REQUIRED_URL, urlLeaves } from '../urls';
import { flowFinding, propPointer } from '../walk';

export const meta: LintRuleMeta = {
  id: 'FLOW-HTTPS-URLS',
  title: 'Widget URLs are literal https:// URLs',
  severity: 'error',
  source: 'S4 "Encrypted Communication"; studio-and-optout A3 (fail: URL not https); issue 5 flow linter',
  remediation: 'Write every widget URL and callback as a literal https:// URL (wss:// for Fork Stream and ConversationRelay); do not build URLs from Liquid variables.',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
};

const WEBSOCKET_WIDGETS = new Set(['fork-stream', 'run-conversation-relay']);

export interface UrlIssue {
  state: FlowState;
  index: number;
  pointer: string;
  /** `insecure`: a literal non-TLS scheme (http://, ws://); `unverifiable`: Liquid, no scheme, or missing. */
  kind: 'insecure' | 'unverifiable';
  message: string;
}

export function detect(flow: FlowDefinition): UrlIssue[] {
  const issues: UrlIssue[] = [];
  for (const leaf of urlLeaves(flow)) {
    const url = parseUrl(leaf.value);
    const base = { state: leaf.state, index: leaf.index, pointer: leaf.pointer };
    if (url.scheme === 'https' || (url.scheme === 'wss' && WEBSOCKET_WIDGETS.has(leaf.state.type))) continue;
    if (url.scheme !== null) issues.push({ ...base, kind: 'insecure', message: `${leaf.state.type} ${leaf.key} uses ${url.scheme}://; it must be https://` });
    else if (url.variable) issues.push({ ...base, kind: 'unverifiable', message: `${leaf.state.type} ${leaf.key}: URL must be a literal https URL (a Liquid variable cannot be checked)` });
    else issues.push({ ...base, kind: 'unverifiable', message: `${leaf.state.type} ${leaf.key}: URL must be a literal https URL` });
  }
  flow.states.forEach((state, index) => {
    const key = REQUIRED_URL[state.type];
    if (!key) return;
    const v = state.properties[key];
    if (typeof v !== 'string' || v.trim() === '') {
      issues.push({ state, index, pointer: propPointer(index, key), kind: 'unverifiable', message: `${state.type} has no ${key}, so https cannot be checked` });
    }
  });
  return issues;
}

export const rule: FlowRule = {
  meta,
  check: (flow) => detect(flow).map((i) => flowFinding(meta, i.state, i.pointer, i.message)),
};
