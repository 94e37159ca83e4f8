/**
 * Walking a Studio flow definition for the flow rules: states with their index, every string leaf
 * of a state's properties with its RFC 6901 pointer, typed property accessors, and the one way
 * flow findings are built (rule, state name, pointer, fixed message).
 */
import type { FlowDefinition, FlowState, LintFinding, LintRuleMeta } from '../types';

export type PathSegment = string | number;

/** RFC 6901 pointer from segments (`~` → `~0`, `/` → `~1`). */
export function pointer(...segments: readonly PathSegment[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** Pointer to a state, or to something inside its `properties`. */
export function propPointer(index: number, ...path: readonly PathSegment[]): string {
  return pointer('states', index, 'properties', ...path);
}

export interface IndexedState {
  state: FlowState;
  index: number;
}

export function statesOf(flow: FlowDefinition, ...types: readonly string[]): IndexedState[] {
  const all = flow.states.map((state, index) => ({ state, index }));
  return types.length === 0 ? all : all.filter(({ state }) => types.includes(state.type));
}

export interface StringLeaf extends IndexedState {
  /** Path below `properties`, e.g. `['parameters', 0, 'value']`. */
  path: PathSegment[];
  /** The top-level property name, e.g. `parameters`. */
  property: string;
  /** The nearest object key, e.g. `value`. */
  key: string;
  value: string;
  pointer: string;
}

function collect(value: unknown, path: PathSegment[], key: string, visit: (path: PathSegment[], key: string, value: string) => void): void {
  if (typeof value === 'string') visit(path, key, value);
  else if (Array.isArray(value)) value.forEach((v, i) => collect(v, [...path, i], key, visit));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) collect(v, [...path, k], k, visit);
  }
}

/** Every string inside every state's properties (the editor-only `offset` is skipped). */
export function stringLeaves(flow: FlowDefinition): StringLeaf[] {
  const out: StringLeaf[] = [];
  flow.states.forEach((state, index) => {
    for (const [property, value] of Object.entries(state.properties)) {
      if (property === 'offset') continue;
      collect(value, [property], property, (path, key, v) =>
        out.push({ state, index, path, property, key, value: v, pointer: propPointer(index, ...path) }),
      );
    }
  });
  return out;
}

/** A property as a string (numbers and booleans stringified, as Studio accepts both), or null. */
export function propString(state: FlowState, name: string): string | null {
  const v = state.properties[name];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

/** Studio flags are booleans or the strings "true"/"false". */
export function propTrue(state: FlowState, name: string): boolean {
  const v = state.properties[name];
  return v === true || (typeof v === 'string' && v.trim().toLowerCase() === 'true');
}

/** `parameters` / `variables` style lists of `{key, value}` with their index. */
export function keyValues(state: FlowState, name: string): { index: number; key: string; value: string }[] {
  const list = state.properties[name];
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown, index) => {
    if (typeof item !== 'object' || item === null) return [];
    const { key, value } = item as { key?: unknown; value?: unknown };
    return [
      {
        index,
        key: typeof key === 'string' ? key : '',
        value: typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '',
      },
    ];
  });
}

export function flowFinding(meta: LintRuleMeta, state: FlowState | null, at: string, message: string): LintFinding {
  return { ruleId: meta.id, severity: meta.severity, message, state: state ? state.name : null, pointer: at };
}
