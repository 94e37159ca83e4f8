/**
 * FLOW-HTTPS-URLS: every URL a widget calls or hands to Twilio (`url`, `stream_url`, `*_url`,
 * callbacks) is a literal https:// URL (wss:// for media streams and ConversationRelay) with a real
 * host and no credentials, judged by the one URL policy (src/runtime/core/url-policy.ts). A URL that is a
 * Liquid variable cannot be checked, and a required URL that is missing neither: both fail closed.
 * Also the detection behind preflight STUDIO-HTTP-POST-HTTPS.
 */
import type { FlowDefinition, FlowRule, FlowState, LintRuleMeta } from '../../types';
import { URL_PROBLEM_TEXT } from '../../../../runtime/core/url-policy';
import { judgeFlowUrl, REQUIRED_URL, urlLeaves } from '../urls';
import { flowFinding, propPointer } from '../walk';

export const meta: LintRuleMeta = {
  id: 'FLOW-HTTPS-URLS',
  title: 'Widget URLs are literal https:// URLs',
  severity: 'error',
  source: 'S4 "Encrypted Communication"; studio-and-optout A3 (fail: URL not https); issue 5 flow linter',
  remediation:
    'Write every widget URL and callback as a literal https:// URL with a real host (wss:// for Fork Stream and ConversationRelay); do not build URLs from Liquid variables, and keep credentials (user:password@) out of them.',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
  messages: {
    variable: '{{where}}: URL must be a literal https URL (a Liquid variable cannot be checked)',
    scheme: '{{where}} uses {{scheme}}://; it must be https://',
    credentials: `{{where}}: URL ${URL_PROBLEM_TEXT.userinfo}; keep credentials out of flow definitions`,
    host: `{{where}}: URL must be a literal https URL (it ${URL_PROBLEM_TEXT.host})`,
    unparseable: `{{where}}: URL must be a literal https URL (${URL_PROBLEM_TEXT.unparseable})`,
    missing: '{{widget}} has no {{key}}, so https cannot be checked',
  },
};

const WEBSOCKET_WIDGETS = new Set(['fork-stream', 'run-conversation-relay']);

export interface UrlIssue {
  state: FlowState;
  index: number;
  pointer: string;
  /**
   * `insecure`: a literal URL the URL policy refuses (not https/wss, not an absolute URL, no real
   * host); `credentials`: user:password@ in the URL; `unverifiable`: Liquid (a variable) or missing.
   */
  kind: 'insecure' | 'credentials' | 'unverifiable';
  message: string;
}

export function detect(flow: FlowDefinition): UrlIssue[] {
  const issues: UrlIssue[] = [];
  for (const leaf of urlLeaves(flow)) {
    const verdict = judgeFlowUrl(leaf.value, WEBSOCKET_WIDGETS.has(leaf.state.type));
    if (verdict.ok) continue;
    const base = { state: leaf.state, index: leaf.index, pointer: leaf.pointer };
    const at = `${leaf.state.type} ${leaf.key}`;
    if (verdict.problem === 'variable')
      issues.push({
        ...base,
        kind: 'unverifiable',
        message: `${at}: URL must be a literal https URL (a Liquid variable cannot be checked)`,
      });
    else if (verdict.problem === 'scheme')
      issues.push({ ...base, kind: 'insecure', message: `${at} uses ${(verdict.url?.scheme ?? '').slice(0, 20)}://; it must be https://` });
    else if (verdict.problem === 'userinfo')
      issues.push({
        ...base,
        kind: 'credentials',
        message: `${at}: URL ${URL_PROBLEM_TEXT.userinfo}; keep credentials out of flow definitions`,
      });
    else if (verdict.problem === 'host')
      issues.push({ ...base, kind: 'insecure', message: `${at}: URL must be a literal https URL (it ${URL_PROBLEM_TEXT.host})` });
    else issues.push({ ...base, kind: 'insecure', message: `${at}: URL must be a literal https URL (${URL_PROBLEM_TEXT.unparseable})` });
  }
  flow.states.forEach((state, index) => {
    const key = REQUIRED_URL[state.type];
    if (!key) return;
    const v = state.properties[key];
    if (typeof v !== 'string' || v.trim() === '') {
      issues.push({
        state,
        index,
        pointer: propPointer(index, key),
        kind: 'unverifiable',
        message: `${state.type} has no ${key}, so https cannot be checked`,
      });
    }
  });
  return issues;
}

export const rule: FlowRule = {
  meta,
  check: (flow) => detect(flow).map((i) => flowFinding(meta, i.state, i.pointer, i.message)),
};
