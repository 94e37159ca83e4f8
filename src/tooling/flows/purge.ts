/**
 * `npm run -s flows -- purge [--flow NAME] [--max N]`: deletes ended executions of this project's
 * Studio flows (`HIPAA-safe: <name>`). Studio has no Message Redaction and keeps each execution's
 * context and steps (bodies, numbers, key presses) readable until the execution is deleted; a flow
 * cannot delete its own execution, so run this from a scheduler. Active executions are never
 * touched. Output: flow SIDs and counts only.
 */
import type { Twilio } from 'twilio';
import { purgeEndedExecutions, twilioExecutionsApi, type PurgeResult } from './purge-executions';
import { flowError } from './errors';
import { friendlyName } from './templates';

export interface PurgedFlow extends PurgeResult {
  friendlyName: string;
  sid: string;
}

export async function purgeFlows(client: Twilio, templateNames: readonly string[], max: number): Promise<PurgedFlow[]> {
  let list;
  try {
    list = await client.studio.v2.flows.list();
  } catch {
    throw flowError('could not list Studio flows; nothing was deleted');
  }
  const wanted = new Set(templateNames.map((name) => friendlyName({ name })));
  const out: PurgedFlow[] = [];
  for (const flow of list.filter((f) => wanted.has(f.friendlyName))) {
    let result: PurgeResult;
    try {
      result = await purgeEndedExecutions(twilioExecutionsApi(client, flow.sid), max);
    } catch {
      throw flowError(`could not list the executions of ${flow.sid}; ${out.length} flow(s) purged before it`);
    }
    out.push({ friendlyName: flow.friendlyName, sid: flow.sid, ...result });
  }
  return out;
}
