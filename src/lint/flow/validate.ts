/**
 * Input validation before any rule runs: the definition must match schemas/studio-flow.schema.json
 * (ajv, compiled once on first use) and hang together (unique state names, `initial_state` and
 * every `next` naming a state). Problems are reported with the JSON pointer and the failed rule,
 * never the offending value.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWith } from '../../core/validation';
import type { FlowDefinition } from '../types';
import { pointer } from './walk';

export const FLOW_SCHEMA_PATH = join(__dirname, '..', '..', '..', 'schemas', 'studio-flow.schema.json');

/** Invalid or unusable input: exit 2. `pointer` is the JSON pointer of the first problem ('' = the document). */
export class FlowInputError extends Error {
  constructor(
    readonly pointer: string,
    readonly rule: string,
  ) {
    super(`invalid flow definition at ${pointer || '/'} (${rule})`);
    this.name = 'FlowInputError';
  }
}

/** The linter itself cannot run (the flow schema is missing or unreadable): exit 2, nothing was checked. */
export class FlowLinterSetupError extends Error {}

let compiled: ValidateFunction | null = null;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  let schema: object;
  try {
    schema = JSON.parse(readFileSync(FLOW_SCHEMA_PATH, 'utf8')) as object;
  } catch {
    throw new FlowLinterSetupError('schemas/studio-flow.schema.json is missing or not JSON');
  }
  compiled = addFormats(new Ajv({ allErrors: false, strict: false })).compile(schema);
  return compiled;
}

function checkGraph(flow: FlowDefinition): void {
  const names = new Map<string, number>();
  flow.states.forEach((s, i) => {
    if (names.has(s.name)) throw new FlowInputError(pointer('states', i, 'name'), 'duplicate state name');
    names.set(s.name, i);
  });
  if (!names.has(flow.initial_state)) throw new FlowInputError('/initial_state', 'names no state');
  flow.states.forEach((s, i) =>
    s.transitions.forEach((t, j) => {
      if (t.next !== undefined && t.next !== '' && !names.has(t.next)) throw new FlowInputError(pointer('states', i, 'transitions', j, 'next'), 'names no state');
    }),
  );
}

/** The definition as a FlowDefinition, or a FlowInputError naming the first problem. */
export function validateFlow(definition: unknown): FlowDefinition {
  const result = validateWith<FlowDefinition>(validator(), definition);
  if (!result.ok) {
    const first = result.errors[0];
    throw new FlowInputError(first && first.path !== '/' ? first.path : '', first?.rule ?? 'invalid');
  }
  checkGraph(result.value);
  return result.value;
}
