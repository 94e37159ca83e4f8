/**
 * Values of the placeholders that are the same in every widget, resolved only when a template uses
 * them: `__CLINIC_NAME__` and `__CLINIC_HELP_PHONE__` from the target's Function variables (the
 * deployed environment's, or .env.local for --local) and `__FRONT_DESK_NUMBER__` from
 * assets/clinic.private.json. Each value is checked with ajv against the schema the Functions use
 * (schemas/env.schema.json, clinic-config.schema.json), so a flow never carries a value the
 * Functions would refuse. Errors name the variable and the rule, never the value.
 */
import Ajv from 'ajv';
import { describeErrors, validateWith } from '../../runtime/core/validation';
import envSchema from '../../../schemas/env.schema.json';
import { flowError } from './errors';
import { KNOWN } from './placeholders';
import type { RenderTarget } from './target';

/** Placeholder → Function variable it comes from. */
export const VARIABLE_PLACEHOLDERS: Readonly<Record<string, 'CLINIC_NAME' | 'CLINIC_HELP_PHONE'>> = {
  [KNOWN.clinicName]: 'CLINIC_NAME',
  [KNOWN.clinicHelpPhone]: 'CLINIC_HELP_PHONE',
};

const validateVariables = new Ajv({ allErrors: true }).compile({
  type: 'object',
  properties: { CLINIC_NAME: envSchema.properties.CLINIC_NAME, CLINIC_HELP_PHONE: envSchema.properties.CLINIC_HELP_PHONE },
});

export interface ValueSources {
  target: RenderTarget;
  frontDeskNumber: () => string;
}

/** Values for the `needed` placeholders that are neither per-widget nor per-target (those render.ts fills). */
export async function resolveValues(needed: ReadonlySet<string>, sources: ValueSources): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  const wanted = Object.entries(VARIABLE_PLACEHOLDERS).filter(([placeholder]) => needed.has(placeholder));
  if (wanted.length > 0) {
    const vars = await sources.target.variables();
    const picked: Record<string, string> = {};
    for (const [placeholder, key] of wanted) {
      const value = vars[key];
      if (value === undefined || value === '') throw flowError(`${placeholder}: ${key} is not set in ${sources.target.variablesSource}`);
      picked[key] = value;
      values.set(placeholder, value);
    }
    const checked = validateWith(validateVariables, picked);
    if (!checked.ok)
      throw flowError(`${sources.target.variablesSource}: ${describeErrors(checked.errors)} does not match schemas/env.schema.json`);
  }
  if (needed.has(KNOWN.frontDesk)) values.set(KNOWN.frontDesk, sources.frontDeskNumber());
  return values;
}
