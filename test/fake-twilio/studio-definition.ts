/**
 * The fake's stand-in for Studio's server-side definition check (FlowValidate, Flow create and
 * update): the structural part of the published flow-definition schema (initial_state, 1–1000
 * states of {name, type, transitions[{event, next?}], properties}) plus what error 81022 lists as
 * causes (duplicate widget names, transitions to missing widgets). Widget properties are not
 * checked: the real FlowValidate remains the ground truth. Errors carry Studio's `property_path`
 * (`#` + JSON pointer) and a message that never quotes the definition.
 */
import { newAjv } from './openapi-validator';
import { TwilioHttpError } from './errors';

/** https://www.twilio.com/docs/api/errors/81022 — Flow definition validation failed (HTTP 400). */
export const FLOW_INVALID = 81022;

export interface FlowDefinitionError {
  message: string;
  property_path: string;
}

const SCHEMA = {
  type: 'object',
  required: ['initial_state', 'states'],
  properties: {
    description: { type: 'string' },
    flags: { type: 'object', properties: { allow_concurrent_calls: { type: 'boolean' } } },
    initial_state: { type: 'string', minLength: 1 },
    states: {
      type: 'array',
      minItems: 1,
      maxItems: 1000,
      items: {
        type: 'object',
        required: ['name', 'type', 'transitions', 'properties'],
        properties: {
          name: { type: 'string', minLength: 1 },
          type: { type: 'string', minLength: 1 },
          properties: { type: 'object' },
          transitions: {
            type: 'array',
            items: {
              type: 'object',
              required: ['event'],
              properties: { event: { type: 'string', minLength: 1 }, next: { type: 'string' } },
            },
          },
        },
      },
    },
  },
} as const;

const validateShape = newAjv().compile(SCHEMA);

interface ShapedDefinition {
  initial_state: string;
  states: { name: string; transitions: { event: string; next?: string }[] }[];
}

/** Studio's errors for `definition` (empty when it passes). */
export function definitionErrors(definition: unknown): FlowDefinitionError[] {
  if (!validateShape(definition)) {
    return (validateShape.errors ?? []).map((e) => {
      const missing = e.keyword === 'required' ? (e.params as { missingProperty?: string }).missingProperty : undefined;
      return { message: e.message ?? e.keyword, property_path: `#${e.instancePath}${missing !== undefined ? `/${missing}` : ''}` };
    });
  }
  const def = definition as unknown as ShapedDefinition;
  const errors: FlowDefinitionError[] = [];
  const names = new Set<string>();
  def.states.forEach((s, i) => {
    if (names.has(s.name)) errors.push({ message: 'widget names must be unique', property_path: `#/states/${i}/name` });
    names.add(s.name);
  });
  if (!names.has(def.initial_state)) errors.push({ message: 'initial_state must name a widget', property_path: '#/initial_state' });
  def.states.forEach((s, i) =>
    s.transitions.forEach((t, j) => {
      if (t.next !== undefined && t.next !== '' && !names.has(t.next))
        errors.push({ message: 'transition to a widget that does not exist', property_path: `#/states/${i}/transitions/${j}/next` });
    }),
  );
  return errors;
}

/** The 400 / 81022 answer Studio gives for an invalid definition, with `details.errors`. */
export class FlowDefinitionInvalid extends TwilioHttpError {
  constructor(readonly errors: FlowDefinitionError[]) {
    super(400, FLOW_INVALID, 'Flow definition validation failed');
  }

  override toResponse(): ReturnType<TwilioHttpError['toResponse']> {
    const base = super.toResponse();
    return { ...base, body: { ...(base.body as object), details: { errors: this.errors, warnings: [] } } };
  }
}

/** Parses the `Definition` form field (JSON) and checks it; throws FlowDefinitionInvalid. */
export function parseDefinition(raw: string): unknown {
  let definition: unknown;
  try {
    definition = JSON.parse(raw);
  } catch {
    throw new FlowDefinitionInvalid([{ message: 'definition is not valid JSON', property_path: '#' }]);
  }
  const errors = definitionErrors(definition);
  if (errors.length > 0) throw new FlowDefinitionInvalid(errors);
  return definition;
}
