/**
 * Deploying rendered flows to Studio: every flow is checked with FlowValidate first (a rejection
 * lists the `property_path`s Studio reports, never its messages) and nothing is changed unless all
 * pass; then each flow is created, or updated when one with its friendly name exists, with a
 * commit message naming the template, its version and the git commit. Two flows sharing a friendly
 * name stop the deploy before any change (which one to update would be a guess).
 */
import Ajv from 'ajv';
import twilio, { type Twilio } from 'twilio';
import { apiError, flowError } from './errors';
import type { RenderedFlow } from './render';
import { friendlyName, type FlowTemplate } from './templates';

export type FlowStatus = 'draft' | 'published';

export interface DeployedFlow {
  name: string;
  friendlyName: string;
  sid: string;
  revision: number;
  status: string;
  webhookUrl: string;
  action: 'created' | 'updated';
}

/** e.g. `appointment-reminder v1.0.0 (3f2c1ab)`. */
export function commitMessage(template: FlowTemplate, gitSha: string | null): string {
  return `${template.name} v${template.version}${gitSha ? ` (${gitSha})` : ''}`;
}

const validateDetails = new Ajv().compile({
  type: 'object',
  required: ['errors'],
  properties: {
    errors: { type: 'array', items: { type: 'object', required: ['property_path'], properties: { property_path: { type: 'string' } } } },
  },
});

/** Studio's property paths from a FlowValidate rejection, or null when it carried none. */
function propertyPaths(details: unknown): string[] | null {
  if (!validateDetails(details)) return null;
  const paths = (details as { errors: { property_path: string }[] }).errors.map((e) => e.property_path.replace(/[^\w#/.[\]-]/g, '?'));
  return paths.length > 0 ? paths : null;
}

/** Problems Studio's FlowValidate reports, one line per rejected flow (empty: all valid). */
export async function validateFlows(
  client: Twilio,
  flows: readonly RenderedFlow[],
  status: FlowStatus,
  gitSha: string | null,
): Promise<string[]> {
  const problems: string[] = [];
  for (const f of flows) {
    try {
      const r = await client.studio.v2.flowValidate.update({
        friendlyName: friendlyName(f.template),
        status,
        definition: f.definition,
        commitMessage: commitMessage(f.template, gitSha),
      });
      if (r.valid !== true) problems.push(`${f.template.file}: Studio's FlowValidate did not accept the definition`);
    } catch (err) {
      if (!(err instanceof twilio.RestException) || err.status !== 400) throw apiError(`validating ${f.template.file}`, err);
      const paths = propertyPaths(err.details);
      problems.push(
        `${f.template.file}: Studio's FlowValidate rejected the definition (error ${err.code ?? '?'})${paths ? ` at ${paths.join(', ')}` : ''}`,
      );
    }
  }
  return problems;
}

async function existingFlows(client: Twilio, names: readonly string[]): Promise<Map<string, string>> {
  let list;
  try {
    list = await client.studio.v2.flows.list();
  } catch (err) {
    throw apiError('listing Studio flows', err);
  }
  const bySid = new Map<string, string>();
  for (const name of names) {
    const hits = list.filter((f) => f.friendlyName === name);
    if (hits.length > 1)
      throw flowError(
        `${hits.length} Studio flows are named "${name}" (${hits.map((h) => h.sid).join(', ')}); rename or delete all but one, then deploy again`,
      );
    if (hits[0]) bySid.set(name, hits[0].sid);
  }
  return bySid;
}

/** Creates or updates every flow (call validateFlows first). */
export async function applyFlows(
  client: Twilio,
  flows: readonly RenderedFlow[],
  status: FlowStatus,
  gitSha: string | null,
): Promise<DeployedFlow[]> {
  const existing = await existingFlows(
    client,
    flows.map((f) => friendlyName(f.template)),
  );
  const done: DeployedFlow[] = [];
  for (const f of flows) {
    const name = friendlyName(f.template);
    const params = { status, definition: f.definition, commitMessage: commitMessage(f.template, gitSha) };
    const sid = existing.get(name);
    try {
      const flow =
        sid === undefined
          ? await client.studio.v2.flows.create({ friendlyName: name, ...params })
          : await client.studio.v2.flows(sid).update(params);
      done.push({
        name: f.template.name,
        friendlyName: name,
        sid: flow.sid,
        revision: flow.revision,
        status: flow.status,
        webhookUrl: flow.webhookUrl,
        action: sid === undefined ? 'created' : 'updated',
      });
    } catch (err) {
      const prior = done.map((d) => `${d.name} ${d.action} (${d.sid})`).join(', ');
      const e = apiError(`${sid === undefined ? 'creating' : 'updating'} the flow of ${f.template.file}`, err);
      throw prior ? flowError(`${e.message}; already deployed: ${prior}`) : e;
    }
  }
  return done;
}
