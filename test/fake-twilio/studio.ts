/**
 * Studio v2 (studio.twilio.com, twilio_studio_v2): Flows list / fetch / create / update / delete
 * and FlowValidate, over records in `fake.resources` collection `studio_flows` (full records; the
 * list shows `definition`, `valid`, `errors`, `warnings` as null, like the API). Validate, create
 * and an update carrying a Definition check it (studio-definition.ts): 400 / 81022 with
 * `details.errors[].property_path`. Create answers revision 1; an update with a Definition bumps
 * the revision and sets `commit_message`. `fake.studio.seedFlow()` adds a flow directly.
 * Executions and their steps (studio-executions.ts) are served under each flow.
 */
import { pageOf, scoped, type CollectionDef, type ResourceStore, type WireRecord } from './collections';
import { missingParam, notFound, TwilioHttpError } from './errors';
import { opt, param } from './form-params';
import { isoSeconds, makeSid } from './ids';
import type { Rng } from './prng';
import { parseDefinition } from './studio-definition';
import { SEED_DATE } from './serverless';
import {
  executionRoutes,
  seedExecution,
  STUDIO_EXECUTIONS,
  type ExecutionRequest,
  type ExecutionSeed,
  type SeededExecution,
} from './studio-executions';
import type { FakeRequest, Route, RouteHandler } from './types';

export const STUDIO_HOST = 'studio.twilio.com';
const SPEC = 'twilio_studio_v2';
const BASE = `https://${STUDIO_HOST}/v2/Flows`;
/** `fake.resources` collection holding every flow (full records). */
export const STUDIO_FLOWS = 'studio_flows';

export const STUDIO_FLOWS_LIST: CollectionDef = {
  name: STUDIO_FLOWS,
  host: STUDIO_HOST,
  spec: SPEC,
  style: 'v1',
  list: '/v2/Flows',
  key: 'flows',
  present: () => ({ definition: null, valid: null, errors: null, warnings: null }),
};

export type FlowStatus = 'draft' | 'published';

export interface FlowSeed {
  sid: string;
  accountSid: string;
  friendlyName: string;
  definition: unknown;
  status?: FlowStatus;
  revision?: number;
  commitMessage?: string | null;
  date?: string;
}

/** A Flow in wire form. */
export function flowRecord(f: FlowSeed): WireRecord {
  const date = f.date ?? SEED_DATE;
  return {
    sid: f.sid,
    account_sid: f.accountSid,
    friendly_name: f.friendlyName,
    definition: f.definition,
    status: f.status ?? 'published',
    revision: f.revision ?? 1,
    commit_message: f.commitMessage ?? null,
    valid: true,
    errors: [],
    warnings: [],
    date_created: date,
    date_updated: date,
    webhook_url: `https://webhooks.twilio.com/v1/Accounts/${f.accountSid}/Flows/${f.sid}`,
    url: `${BASE}/${f.sid}`,
    links: { test_users: `${BASE}/${f.sid}/TestUsers`, revisions: `${BASE}/${f.sid}/Revisions`, executions: `${BASE}/${f.sid}/Executions` },
  };
}

export interface StudioCall {
  op: 'validate' | 'create' | 'update' | 'delete';
  /** Flow SID (update, delete). */
  sid?: string;
  friendlyName?: string;
  /** Whether Studio accepted the request. */
  ok: boolean;
}

export interface StudioHelpers {
  /** Adds a flow without going through the API; returns its SID (a fresh one unless `sid` is given). */
  seedFlow(seed: Omit<FlowSeed, 'sid' | 'accountSid'> & { sid?: string; accountSid?: string }): string;
  /** Every flow (all accounts), full wire records, copies. */
  flows(): WireRecord[];
  /** Validate / create / update / delete requests in order, accepted or not. */
  calls(): StudioCall[];
  /** Adds an execution of a flow with its steps (context, contact address as given); returns the SIDs. */
  seedExecution(seed: ExecutionSeed): SeededExecution;
  /** Every execution (all flows), full wire records, copies. */
  executions(): WireRecord[];
  /** Requests to the Executions / Steps / Context endpoints, in order. */
  executionRequests(): ExecutionRequest[];
}

function status(req: FakeRequest, required: boolean): FlowStatus | undefined {
  const s = opt(req.form, 'Status');
  if (s === undefined) {
    if (required) throw missingParam('Status');
    return undefined;
  }
  if (s !== 'draft' && s !== 'published') throw new TwilioHttpError(400, 20001, 'Invalid parameter Status');
  return s;
}

function named(req: FakeRequest): { friendlyName?: string } {
  const friendlyName = opt(req.form, 'FriendlyName');
  return friendlyName === undefined ? {} : { friendlyName };
}

function required(req: FakeRequest, name: string): string {
  const v = opt(req.form, name);
  if (v === undefined || v === '') throw missingParam(name);
  return v;
}

export interface StudioDeps {
  resources: ResourceStore;
  accountSid: string;
  rng: Rng;
  now: () => Date;
  /** Where the Executions routes record their requests. */
  executionLog: ExecutionRequest[];
}

export function studioRoutes(deps: StudioDeps, log: StudioCall[]): Route[] {
  const { resources } = deps;
  const account = (req: FakeRequest): string => req.authAccountSid ?? deps.accountSid;
  const find = (req: FakeRequest): WireRecord => {
    const hit = resources.all(STUDIO_FLOWS).find((r) => r.sid === param(req, 'Sid') && r.account_sid === account(req));
    if (!hit) throw notFound();
    return hit;
  };
  const logged = (entry: Omit<StudioCall, 'ok'>, handler: () => ReturnType<RouteHandler>): ReturnType<RouteHandler> => {
    try {
      const r = handler();
      log.push({ ...entry, ok: true });
      return r;
    } catch (e) {
      log.push({ ...entry, ok: false });
      throw e;
    }
  };
  const route = (method: string, pattern: string, handler: RouteHandler): Route => ({
    method,
    pattern,
    host: STUDIO_HOST,
    spec: SPEC,
    handler,
  });
  const flowExists = (req: FakeRequest, sid: string): boolean =>
    resources.all(STUDIO_FLOWS).some((r) => r.sid === sid && r.account_sid === account(req));
  return [
    ...executionRoutes({ ...deps, flowExists }, deps.executionLog),
    route('POST', '/v2/Flows/Validate', (req) =>
      logged({ op: 'validate', ...named(req) }, () => {
        required(req, 'FriendlyName');
        status(req, true);
        parseDefinition(required(req, 'Definition'));
        return { status: 200, body: { valid: true } };
      }),
    ),
    route('GET', '/v2/Flows', (req) => ({
      status: 200,
      body: pageOf(STUDIO_FLOWS_LIST, req, scoped(STUDIO_FLOWS_LIST, req, resources.all(STUDIO_FLOWS), null)),
    })),
    route('POST', '/v2/Flows', (req) =>
      logged({ op: 'create', ...named(req) }, () => {
        const friendlyName = required(req, 'FriendlyName');
        const flowStatus = status(req, true);
        const definition = parseDefinition(required(req, 'Definition'));
        const record = flowRecord({
          sid: makeSid('FW', deps.rng),
          accountSid: account(req),
          friendlyName,
          definition,
          status: flowStatus,
          revision: 1,
          commitMessage: opt(req.form, 'CommitMessage') ?? null,
          date: isoSeconds(deps.now()),
        });
        resources.add(STUDIO_FLOWS, record);
        return { status: 201, body: record };
      }),
    ),
    route('GET', '/v2/Flows/:Sid', (req) => ({ status: 200, body: find(req) })),
    route('POST', '/v2/Flows/:Sid', (req) =>
      logged({ op: 'update', sid: param(req, 'Sid') }, () => {
        const flow = find(req);
        const flowStatus = status(req, true);
        const raw = opt(req.form, 'Definition');
        const definition = raw === undefined ? undefined : parseDefinition(raw);
        const friendlyName = opt(req.form, 'FriendlyName');
        if (friendlyName !== undefined) flow.friendly_name = friendlyName;
        flow.status = flowStatus;
        if (definition !== undefined) {
          flow.definition = definition;
          flow.revision = Number(flow.revision) + 1;
          flow.commit_message = opt(req.form, 'CommitMessage') ?? null;
        }
        flow.date_updated = isoSeconds(deps.now());
        return { status: 200, body: flow };
      }),
    ),
    route('DELETE', '/v2/Flows/:Sid', (req) =>
      logged({ op: 'delete', sid: param(req, 'Sid') }, () => {
        const flow = find(req);
        const rest = resources.all(STUDIO_FLOWS).filter((r) => r !== flow);
        resources.clear(STUDIO_FLOWS);
        for (const r of rest) resources.add(STUDIO_FLOWS, r);
        return { status: 204 };
      }),
    ),
  ];
}

export function studioHelpers(deps: StudioDeps, log: StudioCall[]): StudioHelpers {
  return {
    seedFlow(seed): string {
      const sid = seed.sid ?? makeSid('FW', deps.rng);
      deps.resources.add(STUDIO_FLOWS, flowRecord({ ...seed, sid, accountSid: seed.accountSid ?? deps.accountSid }));
      return sid;
    },
    flows: () => structuredClone(deps.resources.all(STUDIO_FLOWS)),
    calls: () => log.map((c) => ({ ...c })),
    seedExecution: (seed) => seedExecution(deps, seed),
    executions: () => structuredClone(deps.resources.all(STUDIO_EXECUTIONS)),
    executionRequests: () => deps.executionLog.map((r) => ({ ...r })),
  };
}
