/**
 * FLOW-HTTP-GET: Make HTTP Request widgets use POST. A GET (or a missing or other method), the
 * `parameters` of a GET, and Liquid variables in any HTTP widget's URL query string all put data in
 * the URL, which is logged and kept in step context. The method check is also the detection behind
 * preflight STUDIO-HTTP-POST-HTTPS.
 */
import type { FlowDefinition, FlowRule, FlowState, LintRuleMeta } from '../../types';
import { hasLiquid } from '../liquid';
import { parseUrl } from '../urls';
import { flowFinding, keyValues, pointer, propPointer, propString } from '../walk';

export const meta: LintRuleMeta = {
  id: 'FLOW-HTTP-GET',
  title: 'HTTP widgets send data with POST, never in the URL',
  severity: 'error',
  source:
    'S3 (GET parameters are logged); studio-and-optout A3 (fail: make-http-request with GET or parameters on a GET); issue 5 flow linter',
  remediation:
    'Set the Make HTTP Request method to POST and send data in the request body (or as parameters of a POST); keep Liquid variables out of URL query strings.',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
  messages: {
    post: 'Make HTTP Request must use POST (GET requests put data in the URL, which is logged)',
    parameters: 'parameters of a GET request are sent in the URL query string',
    query: '{{widget}} URL query string carries Liquid variables; send data in a POST body',
  },
};

const URL_WIDGETS = new Set(['make-http-request', 'run-function', 'add-twiml-redirect']);

export interface HttpIssue {
  state: FlowState;
  index: number;
  pointer: string;
  kind: 'method' | 'parameters' | 'query';
  message: string;
}

export function isPostMethod(state: FlowState): boolean {
  return (propString(state, 'method') ?? '').trim().toUpperCase() === 'POST';
}

export function detect(flow: FlowDefinition): HttpIssue[] {
  const issues: HttpIssue[] = [];
  flow.states.forEach((state, index) => {
    if (!URL_WIDGETS.has(state.type)) return;
    if (state.type === 'make-http-request' && !isPostMethod(state)) {
      const method = propString(state, 'method');
      issues.push({
        state,
        index,
        kind: 'method',
        pointer: method === null ? pointer('states', index, 'properties') : propPointer(index, 'method'),
        message: 'Make HTTP Request must use POST (GET requests put data in the URL, which is logged)',
      });
      if (keyValues(state, 'parameters').length > 0) {
        issues.push({
          state,
          index,
          kind: 'parameters',
          pointer: propPointer(index, 'parameters'),
          message: 'parameters of a GET request are sent in the URL query string',
        });
      }
    }
    const url = propString(state, 'url');
    const query = url === null ? null : parseUrl(url).query;
    if (query !== null && hasLiquid(query)) {
      issues.push({
        state,
        index,
        kind: 'query',
        pointer: propPointer(index, 'url'),
        message: `${state.type} URL query string carries Liquid variables; send data in a POST body`,
      });
    }
  });
  return issues;
}

export const rule: FlowRule = {
  meta,
  check: (flow) => detect(flow).map((i) => flowFinding(meta, i.state, i.pointer, i.message)),
};
