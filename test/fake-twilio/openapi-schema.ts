/**
 * Converts OpenAPI 3.0 schema fragments into JSON Schema that ajv (draft-07 mode) accepts:
 * `nullable` → `type: [t, 'null']`, vendor keys stripped, `$ref`s re-homed into one document,
 * Twilio's `format: uri-map` turned into a string-valued map, and v2010's relative `uri` /
 * `*_uri` fields accepted as URI references (what the live API returns).
 */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const DROPPED_KEYS = new Set(['example', 'xml', 'externalDocs', 'discriminator']);

/**
 * @param refBase id of the ajv document that holds the converted components, e.g. `openapi:twilio_sync_v1`.
 */
export function convertSchema(schema: Json, refBase: string): Json {
  if (Array.isArray(schema)) return schema.map((s) => convertSchema(s, refBase));
  if (!isObject(schema)) return schema;

  const out: JsonObject = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k.startsWith('x-') || DROPPED_KEYS.has(k) || k === 'nullable') continue;
    if (k === '$ref' && typeof v === 'string') {
      out.$ref = v.startsWith('#/components/schemas/') ? `${refBase}#/definitions/${v.slice('#/components/schemas/'.length)}` : v;
      continue;
    }
    if (k === 'enum' || k === 'default' || k === 'const') {
      out[k] = v;
      continue;
    }
    if ((k === 'properties' || k === 'patternProperties') && isObject(v)) {
      const props: JsonObject = {};
      for (const [name, sub] of Object.entries(v)) {
        props[name] = convertSchema(sub, refBase);
        // v2010 documents `uri`, `*_uri` as format uri, but the live API returns them relative
        // ("/2010-04-01/Accounts/AC....json"), and clients must follow relative next_page_uri.
        const converted = props[name];
        if (/(^|_)uri$/.test(name) && isObject(converted) && converted.format === 'uri') converted.format = 'uri-reference';
      }
      out[k] = props;
      continue;
    }
    out[k] = convertSchema(v, refBase);
  }

  if (out.format === 'uri-map') {
    delete out.format;
    out.additionalProperties = { type: 'string', format: 'uri-reference' };
  }

  if (schema.nullable === true) return makeNullable(out);
  return out;
}

function makeNullable(s: JsonObject): JsonObject {
  if (typeof s.type === 'string') {
    const r: JsonObject = { ...s, type: [s.type, 'null'] };
    if (Array.isArray(s.enum) && !s.enum.includes(null)) r.enum = [...s.enum, null];
    return r;
  }
  if (Array.isArray(s.type)) {
    return s.type.includes('null') ? s : { ...s, type: [...s.type, 'null'] };
  }
  // $ref / allOf / oneOf / untyped: accept null alongside the original schema.
  return { anyOf: [s, { type: 'null' }] };
}

/** Every `format` name used anywhere in `schema`. */
export function collectFormats(schema: Json, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(schema)) {
    for (const s of schema) collectFormats(s, into);
  } else if (isObject(schema)) {
    for (const [k, v] of Object.entries(schema)) {
      if (k === 'format' && typeof v === 'string') into.add(v);
      else collectFormats(v, into);
    }
  }
  return into;
}
