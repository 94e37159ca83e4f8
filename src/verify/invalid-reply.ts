/**
 * The 400 for /verify/* input that fails its schema: `{"error":"invalid_request","fields":[...]}`,
 * naming only the endpoint's own fields, never a value and never an unknown key (its name is
 * caller-chosen text). Meant to move to src/core/validation.ts next to the /reminders/send one.
 */
import { jsonReply, type HttpReply } from '../core/http';
import type { FieldError } from '../core/validation';

/** The top-level field a schema error is about (`/to` → `to`), or null for the object itself. */
function topField(path: string): string | null {
  const name = path.split('/')[1];
  return name === undefined || name === '' ? null : name;
}

/** Builds a WebhookSpec `invalidReply` that names only fields from `known`, sorted and deduplicated. */
export function invalidRequestReply(known: readonly string[]): (errors: readonly FieldError[]) => HttpReply {
  return (errors) => {
    const fields = new Set<string>();
    for (const e of errors) {
      const name = topField(e.path);
      if (name !== null && known.includes(name)) fields.add(name);
    }
    return jsonReply(400, { error: 'invalid_request', fields: [...fields].sort() });
  };
}
