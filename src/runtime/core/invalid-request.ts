/**
 * The 400 for server-to-server endpoints (reminders, Verify): names the failing fields so the
 * caller can fix its request, but only fields the schema defines. A value is never echoed, and an
 * unknown field is reported without its name (a key can carry data too).
 */
import { jsonReply, type HttpReply } from './http';
import type { FieldError } from './validation';

export function invalidRequestReply(knownFields: readonly string[]): (errors: readonly FieldError[]) => HttpReply {
  return (errors) => {
    const fields = new Set<string>();
    let unknownFields = false;
    for (const e of errors) {
      const name = e.path.replace(/^\//, '').split('/')[0] ?? '';
      if (e.rule === 'additionalProperties') unknownFields = true;
      else if (knownFields.includes(name)) fields.add(name);
    }
    return jsonReply(400, { error: 'invalid_request', fields: [...fields].sort(), ...(unknownFields ? { unknownFields: true } : {}) });
  };
}
