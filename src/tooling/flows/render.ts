/**
 * Renders one flow template for a target: every run-function widget whose url is
 * `https://__DOMAIN__/<path>` gets the target's url, service, environment and function SIDs for
 * that path — only a protected Function qualifies (a missing, public or private one is an error:
 * a flow must never call a public Function) — then `__DOMAIN__`, `__SERVICE_SID__`,
 * `__ENVIRONMENT_SID__` and the resolved values (values.ts) are substituted everywhere. A flow with
 * any placeholder left, or that no longer matches schemas/studio-flow.schema.json, is refused.
 * Errors name the file, state, pointer and placeholder, never values.
 */
import { describeFlowErrors, validateFlowDefinition } from '../lint/flow/schema';
import { flowError } from './errors';
import { KNOWN, leftovers, mapStrings } from './placeholders';
import type { RenderTarget } from './target';
import type { FlowTemplate, TemplateDefinition, TemplateState } from './templates';

const FUNCTION_URL = /^https:\/\/__DOMAIN__(\/[^\s?#]*)$/;

export interface RenderedFlow {
  template: FlowTemplate;
  definition: TemplateDefinition;
  /** Function paths the flow's run-function widgets call (all protected). */
  functionPaths: string[];
}

export interface RenderInputs {
  target: RenderTarget;
  /** Placeholder → value, for every other placeholder the templates use (values.ts). */
  values: ReadonlyMap<string, string>;
}

function fillRunFunction(template: FlowTemplate, state: TemplateState, target: RenderTarget): string | null {
  const url = state.properties.url;
  const m = typeof url === 'string' ? FUNCTION_URL.exec(url) : null;
  if (!m) return null;
  const path = m[1] as string;
  const where = `${template.file} state "${state.name}"`;
  const fn = target.functions.get(path);
  if (!fn) throw flowError(`${where}: run-function ${path} is not a Function of ${target.label}`);
  if (fn.visibility !== 'protected') {
    throw flowError(
      `${where}: run-function ${path} is ${fn.visibility}, not protected; a flow must never call a public Function (rename it to *.protected.ts and redeploy)`,
    );
  }
  state.properties.url = `${target.baseUrl}${path}`;
  state.properties.service_sid = target.serviceSid;
  state.properties.environment_sid = target.environmentSid;
  state.properties.function_sid = fn.sid;
  return path;
}

export function renderFlow(template: FlowTemplate, inputs: RenderInputs): RenderedFlow {
  const definition = structuredClone(template.definition);
  const functionPaths: string[] = [];
  for (const state of definition.states) {
    if (state.type !== 'run-function') continue;
    const path = fillRunFunction(template, state, inputs.target);
    if (path !== null) functionPaths.push(path);
  }
  const { target } = inputs;
  const substitutions: [string, string][] = [
    [`https://${KNOWN.domain}`, target.baseUrl],
    [KNOWN.domain, new URL(target.baseUrl).host],
    [KNOWN.serviceSid, target.serviceSid],
    [KNOWN.environmentSid, target.environmentSid],
    ...inputs.values,
  ];
  const rendered = mapStrings(definition, (s) =>
    substitutions.reduce((out, [from, to]) => out.split(from).join(to), s),
  ) as TemplateDefinition;
  const left = leftovers(rendered);
  if (left.length > 0) {
    const list = left.map((l) => `${l.placeholder} at ${l.pointer}${l.state ? ` (state "${l.state}")` : ''}`).join('; ');
    throw flowError(`${template.file}: placeholder left after rendering: ${list}`);
  }
  const schema = validateFlowDefinition(rendered);
  if (!schema.ok)
    throw flowError(
      `${template.file}: the rendered flow does not match schemas/studio-flow.schema.json: ${describeFlowErrors(schema.errors).join('; ')}`,
    );
  return { template, definition: rendered, functionPaths: [...new Set(functionPaths)] };
}
