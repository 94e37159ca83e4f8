/**
 * Studio flow definitions (API map row 25), fetched once per account scan. The list returns
 * `definition: null`, so each flow is fetched (N+1); the fetches run concurrently and the shared
 * TwilioApi limiter bounds them.
 */
import { HOSTS } from '../../api/twilio-api';
import { finding, type FindingInput } from '../../findings';
import type { Finding, RuleContext, RuleMeta, Status } from '../../types';
import { accountOf, arr, obj, str, type Rec } from './platform-util';

export interface FlowState {
  name: string;
  type: string;
  transitions: { event: string; next: string | null }[];
  properties: Rec;
}

export interface StudioFlow {
  sid: string;
  /** Null when the fetched flow carries no readable definition. */
  states: FlowState[] | null;
}

function parseStates(definition: unknown): FlowState[] | null {
  const def = obj(definition);
  if (!def || !Array.isArray(def.states)) return null;
  return def.states.map((raw) => {
    const s = obj(raw) ?? {};
    return {
      name: str(s.name) ?? '',
      type: str(s.type) ?? '',
      transitions: arr(s.transitions).map((t) => {
        const tr = obj(t) ?? {};
        const next = str(tr.next);
        return { event: str(tr.event) ?? '', next: next ? next : null };
      }),
      properties: obj(s.properties) ?? {},
    };
  });
}

export function studioFlows(ctx: RuleContext): Promise<StudioFlow[]> {
  const { api } = accountOf(ctx);
  return ctx.cached('studio:flows', async () => {
    const list = await api.all(`${HOSTS.studio}/v2/Flows`, 'flows');
    return Promise.all(
      list.map(async (item): Promise<StudioFlow> => {
        const sid = String(item.sid);
        const flow = obj(await api.get(`${HOSTS.studio}/v2/Flows/${sid}`)) ?? {};
        return { sid, states: parseStates(flow.definition) };
      }),
    );
  });
}

export interface FlowVerdict extends Omit<FindingInput, 'resource'> {
  status: Status;
}

/** One finding per flow; a flow without a readable definition is `unknown`; no flows is one pass. */
export async function perFlow(meta: RuleMeta, ctx: RuleContext, judge: (states: FlowState[], flow: StudioFlow) => FlowVerdict | Promise<FlowVerdict>): Promise<Finding[]> {
  const flows = await studioFlows(ctx);
  if (flows.length === 0) return [finding(meta, ctx, 'pass', { reason: 'no Studio flows' })];
  return Promise.all(
    flows.map(async (flow) => {
      if (flow.states === null) return finding(meta, ctx, 'unknown', { resource: flow.sid, reason: 'the flow definition could not be read' });
      const { status, ...rest } = await judge(flow.states, flow);
      return finding(meta, ctx, status, { resource: flow.sid, ...rest });
    }),
  );
}

/** The value of a widget property as a string (URLs, methods, addresses), or null. */
export function prop(state: FlowState, name: string): string | null {
  return str(state.properties[name]);
}
