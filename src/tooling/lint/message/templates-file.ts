/**
 * Reads a reminder-templates JSON file for the message linter: parsed, validated with ajv (shape
 * only; placeholders are the linter's business), and turned into texts with their JSON pointers
 * (`/templates/N/text`). Errors name a JSON path or a line and column, never file content.
 */
import Ajv from 'ajv';
import JSON5 from 'json5';
import { describeErrors, validateWith } from '../../../runtime/core/validation';
import schema from './templates-file.schema.json';

export interface PointedText {
  pointer: string;
  text: string;
}

interface TemplatesFile {
  templates: { text: string }[];
}

export class TemplatesFileError extends Error {}

const validate = new Ajv({ allErrors: false, strictRequired: false }).compile<TemplatesFile>(schema);

/**
 * "not valid JSON (line 3, column 7)": the position only. Node's JSON.parse message quotes the text
 * around the error, so it is never shown; the position comes from json5's parser (which exposes
 * line and column as numbers), when it also fails there.
 */
function jsonError(content: string): string {
  try {
    JSON5.parse(content);
  } catch (e) {
    const { lineNumber, columnNumber } = e as { lineNumber?: unknown; columnNumber?: unknown };
    if (typeof lineNumber === 'number' && typeof columnNumber === 'number')
      return `not valid JSON (line ${lineNumber}, column ${columnNumber})`;
  }
  return 'not valid JSON';
}

export function readTemplatesFile(content: string): PointedText[] {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch {
    throw new TemplatesFileError(jsonError(content));
  }
  const result = validateWith<TemplatesFile>(validate, data);
  if (!result.ok) throw new TemplatesFileError(`invalid templates file: ${describeErrors(result.errors)}`);
  return result.value.templates.map((t, i) => ({ pointer: `/templates/${i}/text`, text: t.text }));
}
