/**
 * FLOW-RUN-FUNCTION-PROTECTED: a Run Function widget calls a protected Function of this project:
 * its URL is on the Functions domain (`__DOMAIN__`, or *.twil.io once rendered), its literal path
 * is one of `opts.protectedFunctionPaths` (from functions/**\/*.protected.ts), and its service,
 * environment and function SIDs are the render placeholders (`__SERVICE_SID__`, …) or well-formed
 * SIDs. A URL whose path is not literal cannot be checked (error). The target extraction is shared
 * with preflight STUDIO-RUN-FUNCTION-NOT-PUBLIC, which judges the deployed Functions' visibility.
 */
import type { FlowDefinition, FlowRule, FlowState, LintFinding, LintRuleMeta } from '../../types';
import { hasLiquid } from '../liquid';
import { FUNCTIONS_HOSTS, hostAllowed } from '../../../../runtime/core/url-policy';
import { DOMAIN_PLACEHOLDER, parseUrl } from '../urls';
import { flowFinding, propPointer, propString } from '../walk';

export const meta: LintRuleMeta = {
  id: 'FLOW-RUN-FUNCTION-PROTECTED',
  title: 'Run Function widgets call protected Functions of this project',
  severity: 'error',
  source: 'S4 "Signed Webhook Requests", "Functions" (Studio signs requests to protected Functions); issue 5 flow linter',
  remediation:
    'Point the widget at https://__DOMAIN__/<path> of a Function deployed as functions/<path>.protected.ts, with __SERVICE_SID__, __ENVIRONMENT_SID__ and __FUNCTION_SID__ (filled by npm run -s flows -- render).',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
  messages: {
    notLiteral: 'Run Function URL must be a literal https URL with a literal path',
    notFunctionsDomain: "Run Function URL must be on the project's Functions domain (https://__DOMAIN__/…, rendered as *.twil.io)",
    notProtected: 'Run Function calls {{path}}, which is not a protected Function of this project',
    sid: 'Run Function {{property}} must be {{placeholder}} or a {{prefix}} SID',
  },
};

export interface RunFunctionTarget {
  state: FlowState;
  index: number;
  /** Lower-case host as written (may be `__domain__` or contain Liquid), or null. */
  host: string | null;
  /** Literal path without trailing slash, or null when the URL is not a literal URL or its path has Liquid. */
  path: string | null;
  functionSid: string | null;
}

export function runFunctionTargets(flow: FlowDefinition): RunFunctionTarget[] {
  return flow.states.flatMap((state, index) => {
    if (state.type !== 'run-function') return [];
    const url = parseUrl(propString(state, 'url') ?? '');
    const path = url.path !== null && !hasLiquid(url.path) ? url.path.replace(/(.)\/+$/, '$1') : null;
    return [{ state, index, host: url.host, path, functionSid: propString(state, 'function_sid') }];
  });
}

/** `__DOMAIN__` (the render placeholder) or a literal *.twil.io domain (rendered output). */
function isFunctionsHost(host: string | null): boolean {
  return host === DOMAIN_PLACEHOLDER.toLowerCase() || (host !== null && !hasLiquid(host) && hostAllowed(host, FUNCTIONS_HOSTS));
}

const SIDS: readonly [property: string, placeholder: string, prefix: string][] = [
  ['service_sid', '__SERVICE_SID__', 'ZS'],
  ['environment_sid', '__ENVIRONMENT_SID__', 'ZE'],
  ['function_sid', '__FUNCTION_SID__', 'ZH'],
];

export const rule: FlowRule = {
  meta,
  check(flow, opts) {
    const out: LintFinding[] = [];
    for (const t of runFunctionTargets(flow)) {
      const at = propPointer(t.index, 'url');
      if (t.path === null) out.push(flowFinding(meta, t.state, at, 'Run Function URL must be a literal https URL with a literal path'));
      else if (!isFunctionsHost(t.host))
        out.push(
          flowFinding(
            meta,
            t.state,
            at,
            "Run Function URL must be on the project's Functions domain (https://__DOMAIN__/…, rendered as *.twil.io)",
          ),
        );
      else if (!opts.protectedFunctionPaths.has(t.path))
        out.push(
          flowFinding(meta, t.state, at, `Run Function calls ${t.path.slice(0, 80)}, which is not a protected Function of this project`),
        );
      for (const [property, placeholder, prefix] of SIDS) {
        const v = propString(t.state, property);
        if (v !== null && v !== placeholder && !new RegExp(`^${prefix}[0-9a-f]{32}$`).test(v)) {
          out.push(
            flowFinding(
              meta,
              t.state,
              propPointer(t.index, property),
              `Run Function ${property} must be ${placeholder} or a ${prefix} SID`,
            ),
          );
        }
      }
    }
    return out;
  },
};
