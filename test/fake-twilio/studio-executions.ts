/**
 * Studio v2 Executions and Steps (studio.twilio.com, twilio_studio_v2), over `fake.resources`
 * collections `studio_executions` and `studio_steps` (full records, context included, as a
 * fetch returns them): list executions (newest first; `status` as the SDK sends it or `Status`,
 * `DateCreatedFrom` / `DateCreatedTo`), fetch, delete (with its steps: Studio's purge), list / fetch
 * steps (newest first), and the execution and step Context endpoints. Every request is recorded
 * (`fake.studio.executionRequests()`), so a test can prove a client never read a context.
 */
import { pageOf, type CollectionDef, type ResourceStore, type WireRecord } from './collections';
import { notFound, TwilioHttpError } from './errors';
import { isoSeconds, makeSid } from './ids';
import type { Rng } from './prng';
import type { FakeRequest, Route, RouteHandler } from './types';

const HOST = 'studio.twilio.com';
const SPEC = 'twilio_studio_v2';
export const STUDIO_EXECUTIONS = 'studio_executions';
export const STUDIO_STEPS = 'studio_steps';

const FLOW = '/v2/Flows/:FlowSid';
const EXEC = `${FLOW}/Executions/:ExecutionSid`;
const EXEC_LIST: CollectionDef = {
  name: STUDIO_EXECUTIONS,
  host: HOST,
  spec: SPEC,
  style: 'v1',
  list: `${FLOW}/Executions`,
  key: 'executions',
};
const STEP_LIST: CollectionDef = { name: STUDIO_STEPS, host: HOST, spec: SPEC, style: 'v1', list: `${EXEC}/Steps`, key: 'steps' };

export type ExecutionOp = 'list' | 'fetch' | 'delete' | 'context' | 'steps' | 'step' | 'step-context';

export interface ExecutionRequest {
  op: ExecutionOp;
  flowSid: string;
  executionSid?: string;
  stepSid?: string;
}

export interface StepSeed {
  /** The event that moved the execution (e.g. `incomingMessage`, `sent`, `Success`). */
  name: string;
  transitionedFrom: string;
  transitionedTo: string;
  context?: unknown;
  date?: Date;
}

export interface ExecutionSeed {
  flowSid: string;
  accountSid?: string;
  sid?: string;
  status?: 'active' | 'ended';
  /** The contact's address (a patient's number). */
  contactChannelAddress?: string | null;
  context?: unknown;
  date?: Date;
  steps?: StepSeed[];
}

export interface SeededExecution {
  sid: string;
  stepSids: string[];
}

const base = (flowSid: string): string => `https://${HOST}/v2/Flows/${flowSid}/Executions`;

export function executionRecord(
  account: string,
  flowSid: string,
  sid: string,
  e: Pick<ExecutionSeed, 'status' | 'contactChannelAddress' | 'context'>,
  date: string,
): WireRecord {
  const url = `${base(flowSid)}/${sid}`;
  return {
    sid,
    account_sid: account,
    flow_sid: flowSid,
    contact_channel_address: e.contactChannelAddress ?? null,
    context: e.context ?? {},
    status: e.status ?? 'ended',
    date_created: date,
    date_updated: date,
    url,
    links: { steps: `${url}/Steps`, execution_context: `${url}/Context` },
  };
}

export function stepRecord(account: string, flowSid: string, executionSid: string, sid: string, s: StepSeed, date: string): WireRecord {
  const url = `${base(flowSid)}/${executionSid}/Steps/${sid}`;
  return {
    sid,
    account_sid: account,
    flow_sid: flowSid,
    execution_sid: executionSid,
    parent_step_sid: null,
    name: s.name,
    context: s.context ?? {},
    transitioned_from: s.transitionedFrom,
    transitioned_to: s.transitionedTo,
    date_created: date,
    date_updated: date,
    url,
    links: { step_context: `${url}/Context` },
  };
}

export interface ExecutionDeps {
  resources: ResourceStore;
  accountSid: string;
  rng: Rng;
  now: () => Date;
  /** Flows of the account (404 for any other flow). */
  flowExists(req: FakeRequest, flowSid: string): boolean;
}

function dateParam(req: FakeRequest, name: string): number | null {
  const raw = req.query.get(name);
  if (raw === null) return null;
  const t = Date.parse(raw);
  if (Number.isNaN(t)) throw new TwilioHttpError(400, 20001, `Invalid ${name}`);
  return t;
}

const newestFirst = (a: WireRecord, b: WireRecord): number => Date.parse(String(b.date_created)) - Date.parse(String(a.date_created));

export function executionRoutes(deps: ExecutionDeps, log: ExecutionRequest[]): Route[] {
  const { resources } = deps;
  const ids = (req: FakeRequest): ExecutionRequest => ({
    op: 'list',
    flowSid: req.params.FlowSid ?? '',
    ...(req.params.ExecutionSid ? { executionSid: req.params.ExecutionSid } : {}),
    ...(req.params.StepSid ? { stepSid: req.params.StepSid } : {}),
  });
  const execution = (req: FakeRequest): WireRecord => {
    const { FlowSid: flow, ExecutionSid: sid } = req.params;
    if (!flow || !deps.flowExists(req, flow)) throw notFound();
    const hit = resources.all(STUDIO_EXECUTIONS).find((e) => e.sid === sid && e.flow_sid === flow);
    if (!hit) throw notFound();
    return hit;
  };
  const step = (req: FakeRequest, idParam: string): WireRecord => {
    const exec = execution(req);
    const hit = resources.all(STUDIO_STEPS).find((s) => s.sid === req.params[idParam] && s.execution_sid === exec.sid);
    if (!hit) throw notFound();
    return hit;
  };
  const route = (method: string, pattern: string, op: ExecutionOp, handler: RouteHandler): Route => ({
    method,
    pattern,
    host: HOST,
    spec: SPEC,
    handler: (req) => {
      log.push({ ...ids(req), op });
      return handler(req);
    },
  });
  return [
    route('GET', `${FLOW}/Executions`, 'list', (req) => {
      const flow = req.params.FlowSid ?? '';
      if (!deps.flowExists(req, flow)) throw notFound();
      const status = req.query.get('status') ?? req.query.get('Status');
      if (status !== null && status !== 'active' && status !== 'ended') throw new TwilioHttpError(400, 20001, 'Invalid Status');
      const from = dateParam(req, 'DateCreatedFrom');
      const to = dateParam(req, 'DateCreatedTo');
      const hits = resources.all(STUDIO_EXECUTIONS).filter((e) => {
        const t = Date.parse(String(e.date_created));
        return e.flow_sid === flow && (status === null || e.status === status) && (from === null || t >= from) && (to === null || t <= to);
      });
      return { status: 200, body: pageOf(EXEC_LIST, req, [...hits].sort(newestFirst)) };
    }),
    route('GET', EXEC, 'fetch', (req) => ({ status: 200, body: execution(req) })),
    route('DELETE', EXEC, 'delete', (req) => {
      const exec = execution(req);
      const keepExecs = resources.all(STUDIO_EXECUTIONS).filter((e) => e !== exec);
      const keepSteps = resources.all(STUDIO_STEPS).filter((s) => s.execution_sid !== exec.sid);
      resources.clear(STUDIO_EXECUTIONS);
      resources.clear(STUDIO_STEPS);
      for (const e of keepExecs) resources.add(STUDIO_EXECUTIONS, e);
      for (const s of keepSteps) resources.add(STUDIO_STEPS, s);
      return { status: 204 };
    }),
    route('GET', `${EXEC}/Context`, 'context', (req) => {
      const exec = execution(req);
      return {
        status: 200,
        body: {
          account_sid: exec.account_sid,
          context: exec.context,
          flow_sid: exec.flow_sid,
          execution_sid: exec.sid,
          url: `${String(exec.url)}/Context`,
        },
      };
    }),
    route('GET', `${EXEC}/Steps`, 'steps', (req) => {
      const exec = execution(req);
      const steps = resources.all(STUDIO_STEPS).filter((s) => s.execution_sid === exec.sid);
      return { status: 200, body: pageOf(STEP_LIST, req, [...steps].sort(newestFirst)) };
    }),
    route('GET', `${EXEC}/Steps/:Sid`, 'step', (req) => ({ status: 200, body: step(req, 'Sid') })),
    route('GET', `${EXEC}/Steps/:StepSid/Context`, 'step-context', (req) => {
      const s = step(req, 'StepSid');
      return {
        status: 200,
        body: {
          account_sid: s.account_sid,
          context: s.context,
          execution_sid: s.execution_sid,
          flow_sid: s.flow_sid,
          step_sid: s.sid,
          url: `${String(s.url)}/Context`,
        },
      };
    }),
  ];
}

/** Adds an execution and its steps (one second apart, in the given order) without the API. */
export function seedExecution(deps: Pick<ExecutionDeps, 'resources' | 'accountSid' | 'rng' | 'now'>, seed: ExecutionSeed): SeededExecution {
  const account = seed.accountSid ?? deps.accountSid;
  const sid = seed.sid ?? makeSid('FN', deps.rng);
  const start = seed.date ?? deps.now();
  deps.resources.add(STUDIO_EXECUTIONS, executionRecord(account, seed.flowSid, sid, seed, isoSeconds(start)));
  const stepSids = (seed.steps ?? []).map((s, i) => {
    const stepSid = makeSid('FT', deps.rng);
    deps.resources.add(
      STUDIO_STEPS,
      stepRecord(account, seed.flowSid, sid, stepSid, s, isoSeconds(s.date ?? new Date(start.getTime() + (i + 1) * 1000))),
    );
    return stepSid;
  });
  return { sid, stepSids };
}
