/**
 * FN: a Studio Execution. Status, flow, dates, the masked contact address, and the widgets it went
 * through (from its Steps: event, from → to widget with the widget type from the flow's
 * definition), oldest first. Never the execution's or a step's context: the Context endpoints are
 * not called and the context fields of the resources are not read.
 */
import { show, type KindModule } from '../kind';
import { failure, listBounded } from '../lookup';
import { iso, maskAddress, sid, word } from '../present';
import { describeStep, findExecution, toStepView, widgetTypes, type StepRecord, type StepView } from './studio-common';

export interface StudioExecutionView {
  kind: 'studio-execution';
  sid: string;
  flowSid: string;
  status: string | null;
  contact: string | null;
  dateCreated: string | null;
  dateUpdated: string | null;
  /** Oldest first; `stepsMore`: more steps than the bound exist. */
  steps: StepView[];
  stepsMore: boolean;
  /** `given` (--flow) or how many flows were searched. */
  flowSearch: string;
}

export interface ExecutionRecord {
  status?: unknown;
  contactChannelAddress?: unknown;
  dateCreated?: unknown;
  dateUpdated?: unknown;
}

export function toExecutionView(
  executionSid: string,
  flowSid: string,
  e: ExecutionRecord,
  steps: StepView[],
  stepsMore: boolean,
  flowSearch: string,
): StudioExecutionView {
  const ordered = [...steps].sort((a, b) => (a.dateCreated ?? '').localeCompare(b.dateCreated ?? ''));
  return {
    kind: 'studio-execution',
    sid: executionSid,
    flowSid: sid(flowSid, 'FW') ?? '-',
    status: word(e.status),
    contact: maskAddress(e.contactChannelAddress),
    dateCreated: iso(e.dateCreated),
    dateUpdated: iso(e.dateUpdated),
    steps: ordered,
    stepsMore,
    flowSearch,
  };
}

export const studioExecutionKind: KindModule<StudioExecutionView> = {
  kind: 'studio-execution',
  title: 'Studio execution',
  prefixes: ['FN'],
  async lookup(ctx, executionSid) {
    const found = await findExecution(ctx, executionSid);
    const steps = await listBounded(
      (page) => ctx.client.studio.v2.flows(found.flowSid).executions(executionSid).steps.list(page),
      ctx.bounds.items,
      'listing the steps',
    );
    const types = await widgetTypes(ctx, found.flowSid).catch((err: unknown) => {
      throw failure(err, 'fetching the flow');
    });
    const { status, contactChannelAddress, dateCreated, dateUpdated } = found.execution;
    const views = steps.items.map((s) =>
      toStepView(
        {
          sid: s.sid,
          name: s.name,
          transitionedFrom: s.transitionedFrom,
          transitionedTo: s.transitionedTo,
          dateCreated: s.dateCreated,
        } satisfies StepRecord,
        types,
      ),
    );
    return toExecutionView(
      executionSid,
      found.flowSid,
      { status, contactChannelAddress, dateCreated, dateUpdated },
      views,
      steps.more,
      found.flowSearch,
    );
  },
  lines: (v) => [
    ['status', show(v.status)],
    ['flow', `${v.flowSid} (${v.flowSearch})`],
    ['contact', show(v.contact)],
    ['created', show(v.dateCreated)],
    ['updated', show(v.dateUpdated)],
    ['steps', `${v.steps.length}${v.stepsMore ? ` (only the first ${v.steps.length} read)` : ''}`],
    ...v.steps.map((s, i): [string, string] => [`  ${i + 1}`, `${s.sid ?? '-'}  ${describeStep(s)}`]),
  ],
  snippet: (v) => [
    ['flow', v.flowSid],
    ['status', v.status],
    ['created', v.dateCreated],
    ['updated', v.dateUpdated],
  ],
};
