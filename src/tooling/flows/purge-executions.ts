/**
 * Deletes a Studio flow's ended executions. Studio has no Message Redaction, and an execution's
 * context and steps (the message bodies, the patient's number, key presses) stay readable in the
 * Console and REST API until the execution is deleted (DELETE /v2/Flows/{FW}/Executions/{FN} removes
 * the execution and all its steps). A flow cannot delete its own execution (its last widget still
 * runs inside it), so this runs afterwards, from a scheduler. Only `ended` executions are touched:
 * an active one is a patient mid-conversation. Reports counts only.
 */
import type { Twilio } from 'twilio';

export interface ExecutionRef {
  sid: string;
  status: 'active' | 'ended';
}

/** The two Executions API calls purging needs (the twilio SDK in production, a stub in tests). */
export interface ExecutionsApi {
  listEnded(limit: number): Promise<ExecutionRef[]>;
  remove(executionSid: string): Promise<void>;
}

export function twilioExecutionsApi(client: Twilio, flowSid: string): ExecutionsApi {
  const executions = client.studio.v2.flows(flowSid).executions;
  return {
    listEnded: async (limit) => (await executions.list({ status: 'ended', limit })).map((e) => ({ sid: e.sid, status: e.status })),
    remove: async (sid) => {
      await executions(sid).remove();
    },
  };
}

export interface PurgeResult {
  deleted: number;
  failed: number;
}

/** Deletes up to `max` ended executions; a failed delete is counted and the rest continue. */
export async function purgeEndedExecutions(api: ExecutionsApi, max: number): Promise<PurgeResult> {
  const result: PurgeResult = { deleted: 0, failed: 0 };
  for (const execution of await api.listEnded(max)) {
    // The list filter asks for ended ones; check again, an active execution is never removed.
    if (execution.status !== 'ended') continue;
    try {
      await api.remove(execution.sid);
      result.deleted += 1;
    } catch {
      result.failed += 1;
    }
  }
  return result;
}
