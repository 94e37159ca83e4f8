/**
 * The Studio flow templates in flows/*.json: read, parsed and validated with ajv against
 * schemas/studio-flow.schema.json (src/tooling/lint/flow/schema.ts), with the version the description
 * carries ("hipaa-safe-messaging appointment-reminder v1.0.0", src/tooling/flows/template-catalog.ts) naming the
 * file's own template. Errors name the file and JSON pointer, never template text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describeFlowErrors, validateFlowDefinition } from '../lint/flow/schema';
import { templateVersion } from './template-catalog';
import type { FlowDefinition, FlowState } from '../lint/types';
import { FlowsError, flowError, usageError } from './errors';

export const TEMPLATES_DIR = 'flows';

export type TemplateState = FlowState;
export type TemplateDefinition = FlowDefinition;

export interface FlowTemplate {
  /** File name without `.json`, e.g. `appointment-reminder`. */
  name: string;
  /** Project-relative path, for messages: `flows/appointment-reminder.json`. */
  file: string;
  /** From the description, e.g. `1.0.0`. */
  version: string;
  definition: TemplateDefinition;
}

/** Friendly name of a template's flow in Studio, e.g. `HIPAA-safe: appointment-reminder`. */
export function friendlyName(template: Pick<FlowTemplate, 'name'>): string {
  return `HIPAA-safe: ${template.name}`;
}

export function parseTemplate(file: string, text: string): FlowTemplate {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw flowError(`${file} is not valid JSON`);
  }
  const result = validateFlowDefinition(data);
  if (!result.ok) throw flowError(`${file} is not a valid flow definition: ${describeFlowErrors(result.errors).join('; ')}`);
  const name = basename(file, '.json');
  const version = templateVersion(result.flow);
  if (version === null || version.name !== name) {
    throw flowError(
      `${file}: the description must be "hipaa-safe-messaging ${name} v<major.minor.patch>" (the version goes into the deploy commit message)`,
    );
  }
  return { name, file, version: version.version, definition: result.flow };
}

/** Every template in `<root>/flows`, by name; `only` keeps one (a usage error when there is none of that name). All files are read and every problem reported. */
export function loadTemplates(root: string, only?: string): FlowTemplate[] {
  let files: string[];
  try {
    files = readdirSync(join(root, TEMPLATES_DIR))
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    throw usageError(`no ${TEMPLATES_DIR}/ directory in the project`);
  }
  const names = files.map((f) => basename(f, '.json'));
  const wanted = only === undefined ? files : files.filter((f) => basename(f, '.json') === only);
  if (wanted.length === 0) {
    throw usageError(
      only === undefined
        ? `no flow templates in ${TEMPLATES_DIR}/`
        : `--flow names no template in ${TEMPLATES_DIR}/ (templates: ${names.join(', ') || 'none'})`,
    );
  }
  const templates: FlowTemplate[] = [];
  const problems: string[] = [];
  for (const f of wanted) {
    const file = `${TEMPLATES_DIR}/${f}`;
    try {
      let text: string;
      try {
        text = readFileSync(join(root, file), 'utf8');
      } catch {
        throw flowError(`${file} could not be read`);
      }
      templates.push(parseTemplate(file, text));
    } catch (err) {
      if (!(err instanceof FlowsError)) throw err;
      problems.push(err.message);
    }
  }
  if (problems.length > 0) throw flowError(problems.join('\n'));
  return templates;
}
