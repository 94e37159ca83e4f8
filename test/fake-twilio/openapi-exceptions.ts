/**
 * Known deviations of the live Twilio API from its published OpenAPI specs, which the strict
 * response check (`openapi-strict.ts`) tolerates. Every entry says why, with a source. Keep this
 * list short: a field missing from a fake response is a fake bug unless the live API omits it too.
 *
 * `where` is a component schema name, or `<operationId> <status>` for an inline response schema,
 * with `.<property>` for nested objects and `[]` for array items.
 */
import type { Json } from './openapi-schema';

export interface SchemaException {
  spec: string;
  where: string;
  property: string;
  /**
   * `absent`: a documented property the live API may leave out.
   * `extra`: an undocumented property the live API returns (`schema` says what it holds).
   */
  kind: 'absent' | 'extra';
  schema?: Json;
  why: string;
}

export const SCHEMA_EXCEPTIONS: readonly SchemaException[] = [
  {
    spec: 'twilio_verify_v2',
    where: 'verify.v2.service',
    property: 'mailer_sid',
    kind: 'extra',
    schema: { type: ['string', 'null'] },
    why:
      'The live Verify Service resource carries mailer_sid (the SendGrid mailer of the Email channel, MD...; null without one): ' +
      "Twilio's Verify Email setup (https://www.twilio.com/docs/verify/email) attaches a mailer to the service, and public " +
      'clients built from live responses (Terraform twilio_verify_service, SDK data classes) read it. The spec omits it. ' +
      'Preflight VERIFY-NO-EMAIL depends on it and treats its absence as unknown, so it stays optional here.',
  },
];

/**
 * Request parameters whose spec schema is narrower than what the parameter's own description (and
 * the live API) accepts: the value may also match `alsoAccepts`.
 */
export interface ParamException {
  spec: string;
  operationId: string;
  param: string;
  alsoAccepts: Json;
  why: string;
}

const GMT_DATE: Json = { type: 'string', format: 'date' };

export const PARAM_EXCEPTIONS: readonly ParamException[] = [
  // The spec types these as date-time, but its own parameter description (and Twilio's Message resource
  // page, https://www.twilio.com/docs/messaging/api/message-resource#read-multiple-message-resources) says
  // "Accepts GMT dates in the following formats: YYYY-MM-DD ...": a whole-day filter.
  ...(['DateSent', 'DateSent<', 'DateSent>'] as const).map((param) => ({
    spec: 'twilio_api_v2010',
    operationId: 'ListMessage',
    param,
    alsoAccepts: GMT_DATE,
    why: 'documented to accept YYYY-MM-DD (GMT day)',
  })),
  // Monitor Alerts: "Specify the date and time in GMT and format as `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ssZ`"
  // (the parameter descriptions in twilio_monitor_v1, https://www.twilio.com/docs/usage/monitor-alert).
  ...(['StartDate', 'EndDate'] as const).map((param) => ({
    spec: 'twilio_monitor_v1',
    operationId: 'ListAlert',
    param,
    alsoAccepts: GMT_DATE,
    why: 'documented to accept YYYY-MM-DD',
  })),
];

/**
 * Request parameters the twilio SDK (6.2.0) sends and the live API documents, but the spec shipped in
 * @twilio-alpha/mcp 0.7.0 predates: checked as if the operation documented them.
 */
export interface ParamAddition {
  spec: string;
  operationId: string;
  param: string;
  in: 'query' | 'form';
  schema: Json;
  why: string;
}

export const PARAM_ADDITIONS: readonly ParamAddition[] = [
  {
    spec: 'twilio_studio_v2',
    operationId: 'ListExecution',
    param: 'status',
    in: 'query',
    schema: { type: 'string', enum: ['active', 'ended'] },
    why:
      'twilio-node 6.2.0 sends `status` (lower case) for executions.list({ status }) (lib/rest/studio/v2/flow/execution.js), ' +
      'and the current twilio-oai spec and Studio Execution docs (https://www.twilio.com/docs/studio/rest-api/v2/execution) ' +
      'document it: "Only show Execution resources with the given status. Can be: `active` or `ended`."',
  },
];

export function paramAlsoAccepts(spec: string, operationId: string, param: string): Json | undefined {
  return PARAM_EXCEPTIONS.find((e) => e.spec === spec && e.operationId === operationId && e.param === param)?.alsoAccepts;
}

const applied = new Set<SchemaException>();

/** Schema exceptions of `spec` that no schema location matched (a typo in `where`): loading the spec fails on them. */
export function unappliedSchemaExceptions(spec: string): SchemaException[] {
  return SCHEMA_EXCEPTIONS.filter((e) => e.spec === spec && !applied.has(e));
}

export function exceptionsFor(spec: string, where: string): { absent: string[]; extra: Record<string, Json> } {
  const absent: string[] = [];
  const extra: Record<string, Json> = {};
  for (const e of SCHEMA_EXCEPTIONS) {
    if (e.spec !== spec || e.where !== where) continue;
    applied.add(e);
    if (e.kind === 'absent') absent.push(e.property);
    else extra[e.property] = e.schema ?? {};
  }
  return { absent, extra };
}
