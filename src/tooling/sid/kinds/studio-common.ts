/**
 * Studio helpers shared by the FN, FT and FW kinds: finding an execution's flow (given with
 * `--flow`, else tried under every flow of the account, bounded), the widget types of a flow's
 * definition (name → type; nothing else of the definition is kept), and the PHI-free view of a
 * step (event and widget names and types, date). No Context endpoint is ever called, and the
 * context the execution and step resources carry is never read.
 */
import type { Twilio } from 'twilio';
import { fetchOne, fetchOrNull, listBounded, searchUnder, type LookupContext } from '../lookup';
import { identifier, iso, sid, word } from '../present';

export interface WidgetRef {
  widget: string | null;
  type: string | null;
}

export interface StepView {
  sid: string | null;
  /** The event that moved the execution (e.g. `incomingMessage`). */
  event: string | null;
  from: WidgetRef;
  to: WidgetRef;
  dateCreated: string | null;
}

type ExecutionInstance = Awaited<ReturnType<ReturnType<ReturnType<Twilio['studio']['v2']['flows']>['executions']>['fetch']>>;

export interface FoundExecution {
  flowSid: string;
  execution: ExecutionInstance;
  /** How the flow was found: `given` or `searched N Studio flows`. */
  flowSearch: string;
}

/** An event name: letters, digits, spaces, `_` and `-`. */
export function eventName(value: unknown): string | null {
  return typeof value === 'string' && /^[A-Za-z][A-Za-z0-9 _-]{0,39}$/.test(value) ? value : null;
}

export async function findExecution(ctx: LookupContext, executionSid: string): Promise<FoundExecution> {
  const flows = ctx.client.studio.v2.flows;
  if (ctx.flowSid !== undefined) {
    const flowSid = ctx.flowSid;
    const execution = await fetchOne(() => flows(flowSid).executions(executionSid).fetch(), 'fetching the execution');
    return { flowSid, execution, flowSearch: 'given' };
  }
  const list = await listBounded((page) => flows.list(page), ctx.bounds.parents, 'listing Studio flows');
  let searched = 0;
  const hit = await searchUnder(
    list,
    async (flow) => {
      searched += 1;
      const execution = await fetchOrNull(() => flows(flow.sid).executions(executionSid).fetch(), 'fetching the execution');
      return execution === null ? null : { flowSid: flow.sid, execution };
    },
    'Studio flows',
  );
  return { ...hit, flowSearch: `searched ${searched} of ${list.items.length} Studio flows` };
}

/** Widget name → widget type, from the flow's definition. */
export async function widgetTypes(ctx: LookupContext, flowSid: string): Promise<Map<string, string>> {
  const flow = await fetchOne(() => ctx.client.studio.v2.flows(flowSid).fetch(), 'fetching the flow');
  return widgetTypesOf(flow.definition);
}

export function widgetTypesOf(definition: unknown): Map<string, string> {
  const types = new Map<string, string>();
  const states = (definition as { states?: unknown } | null)?.states;
  if (!Array.isArray(states)) return types;
  for (const s of states as { name?: unknown; type?: unknown }[]) {
    const name = identifier(s?.name);
    const type = word(s?.type);
    if (name !== null && type !== null) types.set(name, type);
  }
  return types;
}

export interface StepRecord {
  sid?: unknown;
  name?: unknown;
  transitionedFrom?: unknown;
  transitionedTo?: unknown;
  dateCreated?: unknown;
}

export function toStepView(s: StepRecord, types: ReadonlyMap<string, string>): StepView {
  const ref = (name: unknown): WidgetRef => {
    const widget = identifier(name);
    return { widget, type: widget === null ? null : (types.get(widget) ?? null) };
  };
  return {
    sid: sid(s.sid, 'FT'),
    event: eventName(s.name),
    from: ref(s.transitionedFrom),
    to: ref(s.transitionedTo),
    dateCreated: iso(s.dateCreated),
  };
}

export const describeWidget = (w: WidgetRef): string => (w.widget === null ? '-' : `${w.widget}${w.type ? ` (${w.type})` : ''}`);

export function describeStep(s: StepView): string {
  return `${s.dateCreated ?? '-'}  ${describeWidget(s.from)} -> ${describeWidget(s.to)}  on ${s.event ?? '-'}`;
}
