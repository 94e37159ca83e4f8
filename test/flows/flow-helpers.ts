/** Loads the shipped Studio templates (flows/*.json) and picks states and Liquid out of them, for the studio tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FlowDefinition, FlowState } from '../../src/tooling/lint/types';
import { FLOW_TEMPLATES, type FlowTemplateName } from '../../src/tooling/flows/template-catalog';

export const ROOT = join(__dirname, '..', '..');

export function loadTemplate(name: FlowTemplateName): FlowDefinition {
  return JSON.parse(readFileSync(join(ROOT, 'flows', `${name}.json`), 'utf8')) as FlowDefinition;
}

export const TEMPLATES: readonly (readonly [FlowTemplateName, FlowDefinition])[] = FLOW_TEMPLATES.map((n) => [n, loadTemplate(n)] as const);

export function stateNamed(flow: FlowDefinition, name: string): FlowState {
  const s = flow.states.find((x) => x.name === name);
  if (s === undefined) throw new Error(`no state ${name}`);
  return s;
}

export function prop(state: FlowState, key: string): string {
  const v = state.properties[key];
  return typeof v === 'string' ? v : '';
}

export function nextOf(state: FlowState, event: string): string | undefined {
  return state.transitions.find((t) => t.event === event)?.next || undefined;
}

/** The path of a run-function URL (`https://__DOMAIN__/optout/guard` → `/optout/guard`). */
export function pathOf(url: string): string {
  return new URL(url).pathname;
}

export function parameters(state: FlowState): Record<string, string> {
  const list = (state.properties.parameters ?? []) as { key: string; value: string }[];
  return Object.fromEntries(list.map((p) => [p.key, p.value]));
}

/** Every `{{ … }}` Liquid expression in a text, trimmed. */
export function liquidIn(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(.*?)\s*\}\}/g)].map((m) => m[1] as string);
}

/** Texts a patient reads or hears: message bodies and spoken lines, with their pointers. */
export function patientTexts(flow: FlowDefinition): { pointer: string; state: FlowState; text: string }[] {
  const out: { pointer: string; state: FlowState; text: string }[] = [];
  flow.states.forEach((s, i) => {
    for (const key of ['body', 'say']) {
      const v = s.properties[key];
      if (typeof v === 'string') out.push({ pointer: `/states/${i}/properties/${key}`, state: s, text: v });
    }
  });
  return out;
}
