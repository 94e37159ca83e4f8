/**
 * Studio flow definitions (API map row 25), fetched once per account scan. The list returns
 * `definition: null`, so each flow is fetched (N+1); the fetches run concurrently and the shared
 * TwilioApi limiter bounds them. Definitions are normalised to the flow linter's FlowDefinition
 * (src/tooling/lint/types.ts), so the Studio rules judge deployed flows with the flow-lint rules' own
 * detections (src/tooling/lint/flow/rules): each check exists once.
 */
import type { FlowDefinition, FlowState } from '../../../lint/types';
import { HOSTS } from '../../api/twilio-api';
import { finding, type FindingInput } from '../../findings';
import type { Finding, RuleContext, RuleMeta, Status } from '../../types';
import { accountOf, arr, obj, str } from './platform-util';

export interface StudioFlow {
  sid: string;
  /** Null when the fetched flow carries no readable definition. */
  definition: FlowDefinition | null;
}

/**
 * Lenient: a deployed definition already passed Studio's own validation, so it is not held to our
 * stricter schema; odd shapes become empty values rather than an unreadable flow.
 */
export function parseDefinition(definition: unknown): FlowDefinition | null {
  const def = obj(definition);
  if (!def || !Array.isArray(def.states)) return null;
  const states = def.states.map((raw): FlowState => {
    const s = obj(raw) ?? {};
    return {
      name: str(s.name) ?? '',
      type: str(s.type) ?? '',
      transitions: arr(s.transitions).map((t) => {
        const tr = obj(t) ?? {};
        const next = str(tr.next);
        return { event: str(tr.event) ?? '', ...(next ? { next } : {}) };
      }),
      properties: obj(s.properties) ?? {},
    };
  });
  return { initial_state: str(def.initial_state) ?? '', states };
}

export function studioFlows(ctx: RuleContext): Promise<StudioFlow[]> {
  const { api } = accountOf(ctx);
  return ctx.cached('studio:flows', async () => {
    const list = await api.all(`${HOSTS.studio}/v2/Flows`, 'flows');
    return Promise.all(
      list.map(async (item): Promise<StudioFlow> => {
        const sid = String(item.sid);
        const flow = obj(await api.get(`${HOSTS.studio}/v2/Flows/${sid}`)) ?? {};
        return { sid, definition: parseDefinition(flow.definition) };
      }),
    );
  });
}

export interface FlowVerdict extends Omit<FindingInput, 'resource'> {
  status: Status;
}

/** The reasons perFlow gives itself (each Studio rule spreads these into its messages). */
export const STUDIO_FLOW_MESSAGES = {
  noFlows: 'no Studio flows',
  definitionUnreadable: 'the flow definition could not be read',
} as const;

/** One finding per flow; a flow without a readable definition is `unknown`; no flows is one pass. */
export async function perFlow(
  meta: RuleMeta,
  ctx: RuleContext,
  judge: (definition: FlowDefinition, flow: StudioFlow) => FlowVerdict | Promise<FlowVerdict>,
): Promise<Finding[]> {
  const flows = await studioFlows(ctx);
  if (flows.length === 0) return [finding(meta, ctx, 'pass', { message: 'noFlows' })];
  return Promise.all(
    flows.map(async (flow) => {
      if (flow.definition === null) return finding(meta, ctx, 'unknown', { resource: flow.sid, message: 'definitionUnreadable' });
      const { status, ...rest } = await judge(flow.definition, flow);
      return finding(meta, ctx, status, { resource: flow.sid, ...rest });
    }),
  );
}
