/**
 * FLOW-LIQUID-PHI: Liquid in widget properties (text, parameters, bodies, attributes, variables)
 * must not name PHI-like keys (phi-keys.json: name, dob, diagnosis, provider, reason, …) and must
 * not pass whole objects: `{{flow.data}}`, `{{trigger…}}`, `{{contact}}`, a widget's `inbound` or
 * `outbound` carry whatever the caller sent, so only named fields may cross widgets; any other
 * object (e.g. a Function's `parsed` result) crosses only as `| to_json`, never as the raw
 * object string. Message text placeholders are also checked by the text rules.
 */
import type { FlowDefinition, FlowRule, LintFinding, LintRuleMeta } from '../../types';
import { liquidRefs, type LiquidRef } from '../liquid';
import { phiKeyOf } from '../phi-keys';
import { flowFinding, stringLeaves, type StringLeaf } from '../walk';

export const meta: LintRuleMeta = {
  id: 'FLOW-LIQUID-PHI',
  title: 'Liquid variables name no PHI and pass no whole objects',
  severity: 'error',
  source:
    'S3 (Message Redaction does not cover Studio: PHI-free by content); studio-and-optout A3 (fail: Liquid naming PHI-like keys or {{flow.data}} whole); issue 5 ("| to_json, never the raw {{flow.data}} string")',
  remediation:
    'Pass only the named, PHI-free fields a widget needs (appointment id, date, time, clinic); keep names, birth dates, diagnoses, providers and free-text reasons out of the flow; serialise objects with | to_json.',
  docs: 'docs/controls.md#lint-rules',
  fixable: false,
  messages: {
    phiKey: '{{where}}: Liquid variable {{{{variable}}}} names a PHI-like key ("{{key}}")',
    wholeObject: '{{where}}: {{{{variable}}}} passes a whole object; pass named PHI-free fields instead',
    rawObject: '{{where}}: {{{{variable}}}} passes an object as a raw string; use | to_json',
  },
};

const MAX_SHOWN = 80;

/** Objects whose content is whatever the caller or patient sent: never passed whole. */
function isOpaqueObject(path: readonly string[]): boolean {
  const [root, a, b, c] = path;
  if (root === 'flow') return path.length === 1 || (path.length === 2 && (a === 'data' || a === 'variables' || a === 'channel'));
  if (root === 'trigger') return path.length <= 2 || (path.length === 3 && b === 'parameters');
  if (root === 'contact') return path.length <= 2;
  if (root === 'widgets')
    return (
      path.length <= 2 ||
      (path.length === 3 && (b === 'inbound' || b === 'outbound')) ||
      (path.length === 4 && b === 'inbound' && c === 'Media')
    );
  return false;
}

/** Objects a widget produced (a Function's or HTTP request's parsed result): fine as `| to_json`. */
function isProducedObject(path: readonly string[]): boolean {
  return path.length === 3 && path[0] === 'widgets' && path[2] === 'parsed';
}

/** The path without the widget's own name (`widgets.<name>.parsed.x` → widgets.parsed.x), which authors choose freely. */
function keyPath(path: readonly string[]): string[] {
  return path[0] === 'widgets' ? [path[0], ...path.slice(2)] : [...path];
}

function show(ref: LiquidRef): string {
  const text = ref.path.join('.');
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

function check(leaf: StringLeaf): LintFinding[] {
  const out: LintFinding[] = [];
  for (const ref of liquidRefs(leaf.value)) {
    const at = `${leaf.state.type} ${leaf.key}`;
    const key = phiKeyOf(keyPath(ref.path));
    if (key)
      out.push(flowFinding(meta, leaf.state, leaf.pointer, `${at}: Liquid variable {{${show(ref)}}} names a PHI-like key ("${key}")`));
    else if (ref.kind === 'output' && isOpaqueObject(ref.path))
      out.push(
        flowFinding(meta, leaf.state, leaf.pointer, `${at}: {{${show(ref)}}} passes a whole object; pass named PHI-free fields instead`),
      );
    else if (ref.kind === 'output' && isProducedObject(ref.path) && !ref.filters.includes('to_json'))
      out.push(flowFinding(meta, leaf.state, leaf.pointer, `${at}: {{${show(ref)}}} passes an object as a raw string; use | to_json`));
  }
  return out;
}

export const rule: FlowRule = {
  meta,
  check: (flow: FlowDefinition) => stringLeaves(flow).flatMap(check),
};
