/**
 * FT: a Studio execution Step. A step is only reachable under its execution, so FT needs
 * `--execution FN…` (and `--flow FW…` to skip the flow search). Shows the event, the widgets it
 * moved between with their types, and dates. Never the step's context.
 */
import { show, type KindModule } from '../kind';
import { CouldNotCheck, failure, fetchOne } from '../lookup';
import { iso } from '../present';
import { describeWidget, findExecution, toStepView, widgetTypes, type StepView } from './studio-common';

export interface StudioStepView extends StepView {
  kind: 'studio-step';
  sid: string;
  executionSid: string;
  flowSid: string;
  dateUpdated: string | null;
  flowSearch: string;
}

export const studioStepKind: KindModule<StudioStepView> = {
  kind: 'studio-step',
  title: 'Studio step',
  prefixes: ['FT'],
  async lookup(ctx, stepSid) {
    const executionSid = ctx.executionSid;
    // The CLI refuses FT without --execution; this guards direct callers.
    if (executionSid === undefined) throw new CouldNotCheck('a step needs --execution FN…');
    const found = await findExecution(ctx, executionSid);
    const s = await fetchOne(
      () => ctx.client.studio.v2.flows(found.flowSid).executions(executionSid).steps(stepSid).fetch(),
      'fetching the step',
    );
    const types = await widgetTypes(ctx, found.flowSid).catch((err: unknown) => {
      throw failure(err, 'fetching the flow');
    });
    const view = toStepView(
      { sid: stepSid, name: s.name, transitionedFrom: s.transitionedFrom, transitionedTo: s.transitionedTo, dateCreated: s.dateCreated },
      types,
    );
    return {
      ...view,
      kind: 'studio-step',
      sid: stepSid,
      executionSid,
      flowSid: found.flowSid,
      dateUpdated: iso(s.dateUpdated),
      flowSearch: found.flowSearch,
    };
  },
  lines: (v) => [
    ['execution', v.executionSid],
    ['flow', `${v.flowSid} (${v.flowSearch})`],
    ['event', show(v.event)],
    ['from widget', describeWidget(v.from)],
    ['to widget', describeWidget(v.to)],
    ['created', show(v.dateCreated)],
    ['updated', show(v.dateUpdated)],
  ],
  snippet: (v) => [
    ['execution', v.executionSid],
    ['flow', v.flowSid],
    ['created', v.dateCreated],
  ],
};
