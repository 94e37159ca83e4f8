/**
 * Validates requests and response bodies against a Twilio OpenAPI spec (twilio-oai JSON files
 * shipped in @twilio-alpha/mcp). Reusable per spec: `OpenApiResponseValidator.forSpec('twilio_sync_v1')`.
 * Responses are checked strictly (`openapi-strict.ts`: every documented property present, nothing
 * undocumented, save `openapi-exceptions.ts`); requests against the operation's parameters
 * (`openapi-request.ts`). Violation strings name the operation, the instancePath / parameter and
 * ajv's message — never data values.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { checkRequest, kindOf, type ParamLocation, type ParamSpec, type RequestParts } from './openapi-request';
import { collectFormats, convertSchema, isObject, type Json, type JsonObject } from './openapi-schema';
import { PARAM_ADDITIONS, PARAM_EXCEPTIONS, paramAlsoAccepts, unappliedSchemaExceptions } from './openapi-exceptions';
import { responseWhere, strictify } from './openapi-strict';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Operation {
  template: string;
  method: string;
  operationId: string;
  /** status code → converted JSON body schema (undefined when the status has no JSON body). */
  responses: Map<number, Json | undefined>;
  /** Documented request parameters (path, query, header, form body). */
  params: ParamSpec[];
}

interface CompiledTemplate {
  template: string;
  regex: RegExp;
  /** Names of the template's `{Param}`s, in capture-group order. */
  names: string[];
  literalSegments: number;
}

export function defaultSpecDir(): string {
  const pkg = require.resolve('@twilio-alpha/mcp/package.json', { paths: [process.cwd(), __dirname] });
  return path.join(path.dirname(pkg), 'twilio-oai', 'spec', 'json');
}

export function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictTuples: false, strictRequired: false, logger: false });
  addFormats(ajv);
  return ajv;
}

export function formatErrors(label: string, errors: readonly ErrorObject[] | null | undefined): string[] {
  // An undocumented property is named (a key, never a value) so the fix is obvious.
  const extra = (e: ErrorObject): string =>
    e.keyword === 'additionalProperties' ? ` '${String((e.params as { additionalProperty?: unknown }).additionalProperty)}'` : '';
  return (errors ?? []).map((e) => `${label}: ${e.instancePath === '' ? '/' : e.instancePath} ${e.message ?? e.keyword}${extra(e)}`);
}

function compileTemplate(template: string): CompiledTemplate {
  const segs = template.split('/').filter((s) => s.length > 0);
  const literalSegments = segs.filter((s) => !s.startsWith('{')).length;
  const names: string[] = [];
  const escape = (lit: string): string => lit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // A segment may mix a parameter and a literal suffix: v2010's `{Sid}.json`.
  const body = segs
    .map((s) =>
      s.replace(/\{([^}]+)\}|[^{]+/g, (part, name: string | undefined) => {
        if (name === undefined) return escape(part);
        names.push(name);
        return '([^/]+?)';
      }),
    )
    .join('/');
  return { template, regex: new RegExp(`^/${body}/?$`), names, literalSegments };
}

export class OpenApiResponseValidator {
  private static readonly cache = new Map<string, OpenApiResponseValidator>();

  private readonly ajv = newAjv();
  private readonly refBase: string;
  private readonly operations = new Map<string, Operation>();
  private readonly templates: CompiledTemplate[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  /** Loads (once per process) `<specDir>/<specName>.json`. */
  static forSpec(specName: string, specDir: string = defaultSpecDir()): OpenApiResponseValidator {
    const file = path.join(specDir, specName.endsWith('.json') ? specName : `${specName}.json`);
    let v = OpenApiResponseValidator.cache.get(file);
    if (v === undefined) {
      const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      v = new OpenApiResponseValidator(path.basename(file, '.json'), parsed);
      OpenApiResponseValidator.cache.set(file, v);
    }
    return v;
  }

  constructor(
    readonly specName: string,
    spec: unknown,
  ) {
    if (!isObject(spec) || !isObject(spec.paths)) throw new Error(`${specName}: not an OpenAPI document`);
    this.refBase = `openapi:${specName}`;
    const components = isObject(spec.components) && isObject(spec.components.schemas) ? spec.components.schemas : {};
    const definitions: JsonObject = {};
    for (const [name, s] of Object.entries(components)) {
      definitions[name] = convertSchema(s, this.refBase);
      strictify(specName, definitions[name], name);
    }
    const doc: JsonObject = { $id: this.refBase, definitions };

    for (const [template, item] of Object.entries(spec.paths)) {
      if (!isObject(item)) continue;
      this.templates.push(compileTemplate(template));
      for (const method of METHODS) {
        const op = item[method];
        if (!isObject(op)) continue;
        const operationId = typeof op.operationId === 'string' ? op.operationId : `${method.toUpperCase()} ${template}`;
        const responses = new Map<number, Json | undefined>();
        if (isObject(op.responses)) {
          for (const [status, resp] of Object.entries(op.responses)) {
            const content = isObject(resp) && isObject(resp.content) ? resp.content['application/json'] : undefined;
            const schema = isObject(content) ? content.schema : undefined;
            const converted = schema === undefined ? undefined : convertSchema(schema, this.refBase);
            if (converted !== undefined) strictify(specName, converted, responseWhere(operationId, Number(status)));
            responses.set(Number(status), converted);
          }
        }
        const params = this.readParams(operationId, op, [...(Array.isArray(item.parameters) ? item.parameters : [])], components);
        this.operations.set(`${method} ${template}`, { template, method, operationId, responses, params });
      }
    }
    for (const e of unappliedSchemaExceptions(specName))
      throw new Error(`openapi-exceptions: ${specName} has no schema ${e.where}; fix the exception for ${e.property}`);
    for (const e of PARAM_EXCEPTIONS) {
      if (e.spec !== specName) continue;
      const known = [...this.operations.values()].some((o) => o.operationId === e.operationId && o.params.some((p) => p.name === e.param));
      if (!known) throw new Error(`openapi-exceptions: ${specName} ${e.operationId} has no parameter ${e.param}; remove the exception`);
    }
    for (const a of PARAM_ADDITIONS) {
      if (a.spec === specName && ![...this.operations.values()].some((o) => o.operationId === a.operationId)) {
        throw new Error(`openapi-exceptions: ${specName} has no operation ${a.operationId}; remove the addition`);
      }
    }
    // Register unknown formats (Twilio uses e.g. phone-number, currency) as annotation-only.
    const knownFormats = this.ajv.formats;
    for (const f of collectFormats(spec)) {
      if (knownFormats[f] === undefined) this.ajv.addFormat(f, true);
    }
    this.ajv.addSchema(doc);
    this.templates.sort((a, b) => b.literalSegments - a.literalSegments);
  }

  private readParams(operationId: string, op: JsonObject, pathLevel: Json[], components: JsonObject): ParamSpec[] {
    const out: ParamSpec[] = [];
    const add = (name: string, where: ParamLocation, required: boolean, raw: Json | undefined): void => {
      const kind = kindOf(raw, components);
      const items = isObject(raw) ? raw.items : undefined;
      const alsoAccepts = paramAlsoAccepts(this.specName, operationId, name);
      const schema = convertSchema(raw ?? {}, this.refBase);
      out.push({
        name,
        in: where,
        required,
        schema,
        ...(alsoAccepts === undefined ? {} : { alsoAccepts }),
        kind,
        itemKind: kindOf(items, components),
      });
    };
    for (const p of [...pathLevel, ...(Array.isArray(op.parameters) ? op.parameters : [])]) {
      if (!isObject(p) || typeof p.name !== 'string') continue;
      if (p.in === 'path' || p.in === 'query' || p.in === 'header') add(p.name, p.in, p.required === true, p.schema);
    }
    const body =
      isObject(op.requestBody) && isObject(op.requestBody.content)
        ? op.requestBody.content['application/x-www-form-urlencoded']
        : undefined;
    const bodySchema = isObject(body) && isObject(body.schema) ? body.schema : undefined;
    if (bodySchema !== undefined && isObject(bodySchema.properties)) {
      const required = Array.isArray(bodySchema.required) ? bodySchema.required : [];
      for (const [name, raw] of Object.entries(bodySchema.properties)) add(name, 'form', required.includes(name), raw);
    }
    for (const a of PARAM_ADDITIONS) {
      if (a.spec !== this.specName || a.operationId !== operationId) continue;
      if (out.some((p) => p.name === a.param))
        throw new Error(`openapi-exceptions: ${this.specName} ${operationId} documents ${a.param}; remove the addition`);
      add(a.param, a.in, false, a.schema);
    }
    return out;
  }

  /** The spec path template matching a raw request path, most specific first. */
  findTemplate(requestPath: string): string | undefined {
    return this.templates.find((t) => t.regex.test(requestPath))?.template;
  }

  /** Human-readable operation name for a request, for messages. */
  describe(method: string, requestPath: string): string {
    const template = this.findTemplate(requestPath);
    const op = template === undefined ? undefined : this.operations.get(`${method.toLowerCase()} ${template}`);
    return op?.operationId ?? `${method.toUpperCase()} ${template ?? '(unknown path)'}`;
  }

  /**
   * Validates a successful (2xx) response. Returns violation strings; empty means valid.
   * `body` is undefined for responses sent without a body (e.g. 204).
   */
  validate(method: string, requestPath: string, status: number, body: unknown): string[] {
    const template = this.findTemplate(requestPath);
    if (template === undefined) return [`${this.specName}: no path template matches ${method.toUpperCase()} request`];
    const op = this.operations.get(`${method.toLowerCase()} ${template}`);
    if (op === undefined) return [`${this.specName}: ${method.toUpperCase()} ${template} is not a documented operation`];
    const label = `${op.operationId} (${method.toUpperCase()} ${template} -> ${status})`;
    if (!op.responses.has(status)) return [`${label}: status ${status} is not documented for this operation`];
    const schema = op.responses.get(status);
    if (schema === undefined) return body === undefined ? [] : [`${label}: a body was sent but the spec documents none`];
    if (body === undefined) return [`${label}: no body was sent but the spec documents one`];
    const validateFn = this.compile(`${op.method} ${op.template} ${status}`, schema);
    return validateFn(body) ? [] : formatErrors(label, validateFn.errors);
  }

  /**
   * Checks a request against the operation's documented parameters. Returns violation strings
   * (parameter names and ajv messages, never values); empty means valid.
   */
  validateRequest(method: string, requestPath: string, req: Omit<RequestParts, 'pathParams'>): string[] {
    const compiled = this.templates.find((t) => t.regex.test(requestPath));
    if (compiled === undefined) return [`${this.specName}: no path template matches ${method.toUpperCase()} request`];
    const op = this.operations.get(`${method.toLowerCase()} ${compiled.template}`);
    if (op === undefined) return [`${this.specName}: ${method.toUpperCase()} ${compiled.template} is not a documented operation`];
    const pathParams = new Map<string, string>();
    const m = compiled.regex.exec(requestPath);
    compiled.names.forEach((name, i) => {
      const raw = m?.[i + 1];
      if (raw === undefined) return;
      try {
        pathParams.set(name, decodeURIComponent(raw));
      } catch {
        pathParams.set(name, raw);
      }
    });
    const label = `${op.operationId} (${method.toUpperCase()} ${op.template}) request`;
    const check = (p: ParamSpec, value: unknown): string[] => {
      const key = `${op.method} ${op.template} ${p.in} ${p.name}`;
      const fn = this.compile(key, p.schema);
      if (fn(value)) return [];
      const errors = (fn.errors ?? []).map((e) => `${e.instancePath === '' ? '' : `${e.instancePath} `}${e.message ?? e.keyword}`);
      return p.alsoAccepts !== undefined && this.compile(`${key} also`, p.alsoAccepts)(value) ? [] : errors;
    };
    return checkRequest(op.params, { ...req, pathParams }, check).map((v) => `${label}: ${v}`);
  }

  private compile(key: string, schema: Json): ValidateFunction {
    let fn = this.compiled.get(key);
    if (fn === undefined) {
      fn = this.ajv.compile(isObject(schema) ? schema : {});
      this.compiled.set(key, fn);
    }
    return fn;
  }
}
