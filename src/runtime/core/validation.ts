/**
 * Turns precompiled ajv validators into typed, PHI-free results: errors name the field (JSON path)
 * and the rule that failed, never the value.
 */
import type { ErrorObject } from 'ajv';

/** A precompiled ajv standalone validator (src/generated/validators/<name>.js). */
export interface StandaloneValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

export interface FieldError {
  /** JSON path of the failing field, e.g. `/From` or `/` for the object itself. */
  path: string;
  /** The schema keyword that failed: required, pattern, type, maxLength... */
  rule: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function validateWith<T>(validator: StandaloneValidator, data: unknown): Validated<T> {
  if (validator(data)) return { ok: true, value: data as T };
  const errors = (validator.errors ?? []).map((e) => {
    const missing = e.keyword === 'required' ? (e.params as { missingProperty?: string }).missingProperty : undefined;
    const path = missing !== undefined ? `${e.instancePath}/${missing}` : e.instancePath || '/';
    return { path, rule: e.keyword };
  });
  return { ok: false, errors: errors.length > 0 ? errors : [{ path: '/', rule: 'invalid' }] };
}

/** "`/From` (pattern)" — safe to show: names only, never values. */
export function describeErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => `${e.path} (${e.rule})`).join(', ');
}
