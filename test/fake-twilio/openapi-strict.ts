/**
 * Strict response schemas. Twilio's specs mark no response property required and allow extra
 * properties, so as published they accept `{}` or misspelled fields. `strictify` closes every object
 * schema that documents `properties`: each documented property is required (a nullable one may be
 * null but must be present) and no undocumented property is allowed, except what
 * `openapi-exceptions.ts` lists for the live API's known deviations. A schema with its own `required`
 * list keeps it (it says which properties are optional), and an explicit `additionalProperties` stays.
 */
import { isObject, type Json } from './openapi-schema';
import { exceptionsFor } from './openapi-exceptions';

/**
 * Closes, in place, every object schema under `schema` that lists `properties`.
 * @param where names the schema for the exception list: a component name (`api.v2010.account.message`)
 *   or `<operationId> <status>` for an inline response schema; nested objects append `.<property>`
 *   (`ListSyncMapItem 200.meta`), array items `[]`.
 */
export function strictify(spec: string, schema: Json, where: string): void {
  if (Array.isArray(schema)) {
    for (const s of schema) strictify(spec, s, where);
    return;
  }
  if (!isObject(schema)) return;
  const props = schema.properties;
  if (isObject(props)) {
    const { absent, extra } = exceptionsFor(spec, where);
    for (const [name, s] of Object.entries(extra)) {
      if (props[name] !== undefined)
        throw new Error(`openapi-exceptions: ${spec} ${where}.${name} is documented; remove the 'extra' exception`);
      props[name] = s;
    }
    for (const name of absent) {
      if (props[name] === undefined)
        throw new Error(`openapi-exceptions: ${spec} ${where}.${name} is not documented; remove the 'absent' exception`);
    }
    // A schema that lists `required` itself (a few Twilio specs, the local ones in test fixtures) has
    // said which properties are optional; otherwise every documented property is expected.
    if (!Array.isArray(schema.required))
      schema.required = Object.keys(props).filter((name) => !absent.includes(name) && extra[name] === undefined);
    // An explicit `additionalProperties` (e.g. from `format: uri-map`) is the spec's own statement; keep it.
    if (schema.additionalProperties === undefined) schema.additionalProperties = false;
    for (const [name, s] of Object.entries(props)) strictify(spec, s, `${where}.${name}`);
  }
  if (schema.items !== undefined) strictify(spec, schema.items, `${where}[]`);
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = schema[k];
    if (Array.isArray(list)) strictify(spec, list, where);
  }
}

/** `where` of an inline response schema (a list envelope, usually). */
export function responseWhere(operationId: string, status: number): string {
  return `${operationId} ${status}`;
}
