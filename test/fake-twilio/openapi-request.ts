/**
 * Request checking against an operation's documented parameters (path, query, header and the
 * `application/x-www-form-urlencoded` body). Values arrive as strings; they are read the way the
 * twilio SDK writes them (`serialize.*` in twilio-node): integers and numbers as decimal text,
 * booleans as `true` / `false`, dates as ISO 8601, arrays as a repeated key, objects (Sync `Data`)
 * as JSON text. A parameter the operation does not document, a repeated non-array parameter, a
 * value of the wrong shape and a missing required parameter are violations. Messages name the
 * parameter, never its value.
 */
import { isObject, type Json, type JsonObject } from './openapi-schema';

export type ParamLocation = 'path' | 'query' | 'header' | 'form';

type ValueKind = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'any';

export interface ParamSpec {
  name: string;
  in: ParamLocation;
  required: boolean;
  /** Converted (JSON Schema) schema of one value (the array schema for arrays). */
  schema: Json;
  /** What the live API also accepts beyond `schema` (openapi-exceptions.ts), if anything. */
  alsoAccepts?: Json;
  kind: ValueKind;
  /** For arrays: the kind of each item. */
  itemKind: ValueKind;
}

export interface RequestParts {
  pathParams: ReadonlyMap<string, string>;
  query: URLSearchParams;
  form: URLSearchParams;
  headers: Readonly<Record<string, string | undefined>>;
}

/** Checks one value against a param's schema; returns ajv-style messages (never the value). */
export type ValueCheck = (param: ParamSpec, value: unknown) => string[];

/** Headers that address the Twilio API itself: if sent, the operation must document them. */
export function isTwilioHeader(lowerName: string): boolean {
  return lowerName === 'if-match' || lowerName === 'if-none-match' || lowerName.startsWith('x-twilio-');
}

/** Kind of a raw (unconverted) spec schema, following `#/components/schemas/...` refs. */
export function kindOf(raw: Json | undefined, components: JsonObject): ValueKind {
  if (!isObject(raw)) return 'any';
  if (typeof raw.$ref === 'string' && raw.$ref.startsWith('#/components/schemas/')) {
    return kindOf(components[raw.$ref.slice('#/components/schemas/'.length)], components);
  }
  const t = raw.type;
  if (t === 'string' || t === 'integer' || t === 'number' || t === 'boolean' || t === 'array' || t === 'object') return t;
  return 'any';
}

/** The value as the API reads it; a string that does not parse is kept, so the schema reports it. */
export function coerce(raw: string, kind: ValueKind): unknown {
  switch (kind) {
    case 'integer':
      return /^-?\d+$/.test(raw) ? Number(raw) : raw;
    case 'number':
      return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw) ? Number(raw) : raw;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'object':
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return raw;
      }
    default:
      return raw;
  }
}

function checkLocation(params: readonly ParamSpec[], where: 'query' | 'form', values: URLSearchParams, check: ValueCheck): string[] {
  const out: string[] = [];
  const documented = new Map(params.filter((p) => p.in === where).map((p) => [p.name, p]));
  for (const name of new Set(values.keys())) {
    const p = documented.get(name);
    if (p === undefined) {
      out.push(`unknown ${where} parameter ${name}`);
      continue;
    }
    const all = values.getAll(name);
    if (p.kind === 'array') {
      out.push(
        ...check(
          p,
          all.map((v) => coerce(v, p.itemKind)),
        ).map((m) => `malformed ${where} parameter ${name}: ${m}`),
      );
    } else if (all.length > 1) {
      out.push(`${where} parameter ${name} repeated (not an array parameter)`);
    } else {
      out.push(...check(p, coerce(all[0] as string, p.kind)).map((m) => `malformed ${where} parameter ${name}: ${m}`));
    }
  }
  for (const p of documented.values()) {
    if (p.required && !values.has(p.name)) out.push(`missing required ${where} parameter ${p.name}`);
  }
  return out;
}

/** Every problem with a request, given the operation's parameters. */
export function checkRequest(params: readonly ParamSpec[], req: RequestParts, check: ValueCheck): string[] {
  const out: string[] = [];
  for (const p of params.filter((q) => q.in === 'path')) {
    const v = req.pathParams.get(p.name);
    if (v === undefined) continue;
    out.push(...check(p, coerce(v, p.kind)).map((m) => `malformed path parameter ${p.name}: ${m}`));
  }
  out.push(...checkLocation(params, 'query', req.query, check));
  out.push(...checkLocation(params, 'form', req.form, check));
  const headerParams = new Map(params.filter((p) => p.in === 'header').map((p) => [p.name.toLowerCase(), p]));
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || !isTwilioHeader(name)) continue;
    const p = headerParams.get(name);
    if (p === undefined) out.push(`unknown header ${name}`);
    else out.push(...check(p, coerce(value, p.kind)).map((m) => `malformed header ${p.name}: ${m}`));
  }
  for (const p of headerParams.values()) {
    if (p.required && req.headers[p.name.toLowerCase()] === undefined) out.push(`missing required header ${p.name}`);
  }
  return out;
}
