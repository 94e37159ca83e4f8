/**
 * Validates response bodies against a Twilio OpenAPI spec (twilio-oai JSON files shipped
 * in @twilio-alpha/mcp). Reusable per spec: `OpenApiResponseValidator.forSpec('twilio_sync_v1')`.
 * Violation strings name the operation, the instancePath and ajv's message — never data values.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { collectFormats, convertSchema, isObject, type Json, type JsonObject } from './openapi-schema';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Operation {
  template: string;
  method: string;
  operationId: string;
  /** status code → converted JSON body schema (undefined when the status has no JSON body). */
  responses: Map<number, Json | undefined>;
}

interface CompiledTemplate {
  template: string;
  regex: RegExp;
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
  return (errors ?? []).map((e) => `${label}: ${e.instancePath === '' ? '/' : e.instancePath} ${e.message ?? e.keyword}`);
}

function compileTemplate(template: string): CompiledTemplate {
  const segs = template.split('/').filter((s) => s.length > 0);
  const literalSegments = segs.filter((s) => !s.startsWith('{')).length;
  const body = segs.map((s) => (s.startsWith('{') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
  return { template, regex: new RegExp(`^/${body}/?$`), literalSegments };
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

  constructor(readonly specName: string, spec: unknown) {
    if (!isObject(spec) || !isObject(spec.paths)) throw new Error(`${specName}: not an OpenAPI document`);
    this.refBase = `openapi:${specName}`;
    const components = isObject(spec.components) && isObject(spec.components.schemas) ? spec.components.schemas : {};
    const definitions: JsonObject = {};
    for (const [name, s] of Object.entries(components)) definitions[name] = convertSchema(s, this.refBase);
    const doc: JsonObject = { $id: this.refBase, definitions };

    for (const [template, item] of Object.entries(spec.paths)) {
      if (!isObject(item)) continue;
      this.templates.push(compileTemplate(template));
      for (const method of METHODS) {
        const op = item[method];
        if (!isObject(op)) continue;
        const responses = new Map<number, Json | undefined>();
        if (isObject(op.responses)) {
          for (const [status, resp] of Object.entries(op.responses)) {
            const content = isObject(resp) && isObject(resp.content) ? resp.content['application/json'] : undefined;
            const schema = isObject(content) ? content.schema : undefined;
            responses.set(Number(status), schema === undefined ? undefined : convertSchema(schema, this.refBase));
          }
        }
        const operationId = typeof op.operationId === 'string' ? op.operationId : `${method.toUpperCase()} ${template}`;
        this.operations.set(`${method} ${template}`, { template, method, operationId, responses });
      }
    }
    // Register unknown formats (Twilio uses e.g. phone-number, currency) as annotation-only.
    const knownFormats = this.ajv.formats;
    for (const f of collectFormats([doc, ...[...this.operations.values()].flatMap((o) => [...o.responses.values()].filter((s): s is Json => s !== undefined))])) {
      if (knownFormats[f] === undefined) this.ajv.addFormat(f, true);
    }
    this.ajv.addSchema(doc);
    this.templates.sort((a, b) => b.literalSegments - a.literalSegments);
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

  private compile(key: string, schema: Json): ValidateFunction {
    let fn = this.compiled.get(key);
    if (fn === undefined) {
      fn = this.ajv.compile(isObject(schema) ? schema : {});
      this.compiled.set(key, fn);
    }
    return fn;
  }
}
