/**
 * Validates a Studio flow definition against schemas/studio-flow.schema.json (draft-07, written
 * from Twilio's published flow-definition schema) with ajv, compiled on first use: no Function
 * validates flows, so this schema stays out of the precompiled Function validators (it would add
 * ~145 KB of generated code to every Function bundle). Used by the template tests, the flow linter
 * and the flows CLI before FlowValidate. Errors name a JSON pointer and the rule, never a value.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../../../schemas/studio-flow.schema.json';
import type { FlowDefinition } from '../types';

export interface FlowSchemaError {
  /** RFC 6901 pointer into the definition, e.g. `/states/3/properties/url`. */
  pointer: string;
  /** The schema keyword that failed: required, enum, type, minItems... */
  rule: string;
  /** ajv's fixed wording ("must have required property 'url'"), which names keys, never values. */
  message: string;
}

export type FlowSchemaResult = { ok: true; flow: FlowDefinition } | { ok: false; errors: FlowSchemaError[] };

let compiled: ValidateFunction | null = null;

function validator(): ValidateFunction {
  if (compiled === null) {
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** Wrapper keywords (if/then, anyOf...) that only repeat what a deeper error already says. */
const WRAPPERS = new Set(['if', 'anyOf', 'oneOf', 'allOf', 'not']);

function toError(e: ErrorObject): FlowSchemaError {
  const params = e.params as { missingProperty?: string; additionalProperty?: string };
  const extra =
    e.keyword === 'required' ? params.missingProperty : e.keyword === 'additionalProperties' ? params.additionalProperty : undefined;
  const pointer = extra !== undefined ? `${e.instancePath}/${extra.replace(/~/g, '~0').replace(/\//g, '~1')}` : e.instancePath;
  const message = e.keyword === 'additionalProperties' ? 'must NOT have additional properties' : (e.message ?? 'is invalid');
  return { pointer, rule: e.keyword, message };
}

/** The most specific errors: wrappers dropped when a real error exists, duplicates removed. */
function specific(errors: readonly ErrorObject[]): FlowSchemaError[] {
  const real = errors.filter((e) => !WRAPPERS.has(e.keyword));
  const chosen = (real.length > 0 ? real : errors).map(toError);
  const seen = new Set<string>();
  return chosen.filter((e) => {
    const key = `${e.pointer} ${e.rule} ${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function validateFlowDefinition(data: unknown): FlowSchemaResult {
  const validate = validator();
  if (validate(data)) return { ok: true, flow: data as FlowDefinition };
  const errors = specific(validate.errors ?? []);
  return { ok: false, errors: errors.length > 0 ? errors : [{ pointer: '', rule: 'invalid', message: 'is invalid' }] };
}

/** "`/states/3/properties` must have required property 'url'" lines, for CLIs. */
export function describeFlowErrors(errors: readonly FlowSchemaError[]): string[] {
  return errors.map((e) => `${e.pointer === '' ? '/' : e.pointer}: ${e.message} (${e.rule})`);
}
