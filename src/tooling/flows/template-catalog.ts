/**
 * The shipped Studio flow templates (flows/*.json): their names, the version each carries in its
 * `description` ("hipaa-safe-messaging <name> v<semver>", used as the deploy commit message), and
 * the placeholders `npm run -s flows -- render` must fill before a flow is imported or deployed.
 */
import type { FlowDefinition } from '../lint/types';

export const FLOW_TEMPLATES = ['appointment-reminder', 'inbound-sms', 'ivr'] as const;
export type FlowTemplateName = (typeof FLOW_TEMPLATES)[number];

const DESCRIPTION = /^hipaa-safe-messaging ([a-z0-9][a-z0-9-]*) v([0-9]+\.[0-9]+\.[0-9]+)$/;

/** The template name and version a definition's description carries, or null for any other flow. */
export function templateVersion(flow: Pick<FlowDefinition, 'description'>): { name: string; version: string } | null {
  const m = DESCRIPTION.exec(flow.description ?? '');
  return m ? { name: m[1] as string, version: m[2] as string } : null;
}

/**
 * Every placeholder a template may contain, and where render takes its value from. Placeholders
 * are whole tokens inside strings; nothing else in a template is rewritten.
 */
export const FLOW_PLACEHOLDERS = {
  /** Host of the deployed Service environment (`.twiliodeployinfo` domain), in run-function `url`s: `https://__DOMAIN__/optout/guard`. */
  __DOMAIN__: 'deployed environment domain',
  /** Run-function `service_sid`: the deployed Service (ZS…). */
  __SERVICE_SID__: 'deployed Service SID',
  /** Run-function `environment_sid`: the deployed Environment (ZE…). */
  __ENVIRONMENT_SID__: 'deployed Environment SID',
  /** Run-function `function_sid`: the deployed Function (ZH…) whose path is the widget URL's path (one per widget, not one value). */
  __FUNCTION_SID__: 'Function SID matching the widget URL path',
  /** Static texts of flows that are not REST-triggered (inbound, IVR greeting): CLINIC_NAME of the deployment. */
  __CLINIC_NAME__: 'CLINIC_NAME environment variable',
  /** Static acknowledgements ("call us at …"): CLINIC_HELP_PHONE of the deployment, as in the Functions acks. */
  __CLINIC_HELP_PHONE__: 'CLINIC_HELP_PHONE environment variable',
  /** The IVR's connect-call-to target: `voice.frontDeskNumber` in assets/clinic.private.json. */
  __FRONT_DESK_NUMBER__: 'assets/clinic.private.json voice.frontDeskNumber',
} as const;

export type FlowPlaceholder = keyof typeof FLOW_PLACEHOLDERS;

/** The placeholder tokens (`__UPPER_CASE__`) found anywhere in a definition's strings. */
export function placeholdersIn(definition: unknown): string[] {
  const found = JSON.stringify(definition).match(/__[A-Z][A-Z0-9_]*?__/g) ?? [];
  return [...new Set(found)].sort();
}
