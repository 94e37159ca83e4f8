/**
 * v2010 Messages routes (api.twilio.com, validated against twilio_api_v2010): create, fetch, update
 * (cancel a scheduled message / redact a body) and list (To, From, DateSent filters). Lists, fetches
 * and updates also serve records seeded into `fake.resources` under `messages` (newest first, after
 * the messages created through the API), so suites that seed messages keep working with these
 * routes registered first.
 */
import { pageOf, scoped, type CollectionDef, type ResourceStore, type WireRecord } from './collections';
import { notFound, TwilioHttpError } from './errors';
import { param } from './form-params';
import type { MessageCancel, MessagesStore, MessageUpdateRequest } from './messages-store';
import type { FakeRequest, Route, RouteHandler } from './types';

export const API_HOST = 'api.twilio.com';
const SPEC = 'twilio_api_v2010';
const ACC = '/2010-04-01/Accounts/:AccountSid';

/** Seeded messages live in this `fake.resources` collection. */
export const SEEDED_MESSAGES = 'messages';

const LIST_DEF: CollectionDef = {
  name: SEEDED_MESSAGES,
  host: API_HOST,
  spec: SPEC,
  style: 'v2010',
  list: `${ACC}/Messages.json`,
  item: `${ACC}/Messages/:Sid.json`,
  key: 'messages',
  filters: { To: 'to', From: 'from' },
};

const DATE_SENT_PARAMS = ['DateSent', 'DateSent<', 'DateSent>'] as const;

/** For paging only: every filter a page URI must carry (DateSent ones are applied by `dateSentFilter`). */
const PAGE_DEF: CollectionDef = {
  ...LIST_DEF,
  filters: { ...LIST_DEF.filters, ...Object.fromEntries(DATE_SENT_PARAMS.map((p) => [p, 'date_sent'])) },
};

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;
const SPACED_DATE_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(\.\d+)?)$/;
const RFC_2822 = /^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;

/** `YYYY-MM-DD` → that GMT day; a date-time (ISO 8601, `YYYY-MM-DD hh:mm:ss` GMT, RFC 2822) → that instant. */
function parseDateSent(name: string, raw: string): { day: boolean; ms: number } {
  let ms = NaN;
  if (DATE_ONLY.test(raw)) return { day: true, ms: Date.parse(`${raw}T00:00:00Z`) };
  if (ISO_DATE_TIME.test(raw) || RFC_2822.test(raw)) ms = Date.parse(raw);
  const spaced = SPACED_DATE_TIME.exec(raw);
  if (spaced !== null) ms = Date.parse(`${spaced[1]}T${spaced[2]}Z`);
  if (Number.isNaN(ms)) throw new TwilioHttpError(400, 20001, `Invalid ${name}`);
  return { day: false, ms };
}

/**
 * The DateSent filters of the Messages list, as the spec describes them: `DateSent` = sent on that
 * GMT day (a date-time names its day, which is what the SDK's `dateSent` sends), `DateSent<` = on
 * or before (the whole day for a date, the instant for a date-time), `DateSent>` = on or after.
 * Messages not sent yet (date_sent null) match no DateSent filter.
 */
function dateSentFilter(req: FakeRequest): (r: WireRecord) => boolean {
  const tests: ((sent: number) => boolean)[] = [];
  for (const name of DATE_SENT_PARAMS) {
    const raw = req.query.get(name);
    if (raw === null) continue;
    const { day, ms } = parseDateSent(name, raw);
    const dayStart = ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
    if (name === 'DateSent') tests.push((sent) => sent >= dayStart && sent < dayStart + DAY_MS);
    else if (name === 'DateSent<') tests.push(day ? (sent) => sent < ms + DAY_MS : (sent) => sent <= ms);
    else tests.push((sent) => sent >= ms);
  }
  if (tests.length === 0) return () => true;
  return (r) => {
    const sent = typeof r.date_sent === 'string' ? Date.parse(r.date_sent) : NaN;
    return !Number.isNaN(sent) && tests.every((t) => t(sent));
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Test access to Message updates (cancels, the update log, update-only faults). Everything handed out is a copy. */
export interface MessageUpdateHelpers {
  /** Successful cancels (Status=canceled on a scheduled message), in order. */
  cancels(): MessageCancel[];
  /**
   * Every Message update request that reached the Messages route, in order, with its answer (failed
   * ones too). Requests answered by `fake.faults` never reach the route and are not listed.
   */
  updates(): MessageUpdateRequest[];
  /** Answer the next `n` Message update requests, and only those, with `status` / `code`; the message is left untouched. */
  failNextUpdates(n: number, status: number, code: number): void;
  /**
   * Hold the next `n` Message update requests for `ms` before handling them. The update still
   * happens: a client that timed out may well have canceled the message.
   */
  delayNextUpdates(n: number, ms: number): void;
}

const storesByResources = new WeakMap<ResourceStore, MessagesStore>();

/**
 * Message update helpers of a fake started with `startFakeTwilio()`:
 * `messageUpdates(fake).cancels()`. (Found through `fake.resources`, which the fake hands to its
 * Messages routes.) `fake.messages.clear()` forgets them too.
 */
export function messageUpdates(fake: { readonly resources: ResourceStore }): MessageUpdateHelpers {
  const store = storesByResources.get(fake.resources);
  if (store === undefined) throw new Error('messageUpdates: this fake has no v2010 Messages routes');
  return {
    cancels: () => structuredClone(store.cancels()),
    updates: () => structuredClone(store.updates()),
    failNextUpdates: (n, status, code) => store.failNextUpdates(n, status, code),
    delayNextUpdates: (n, ms) => store.delayNextUpdates(n, ms),
  };
}

export function messagesRoutes(store: MessagesStore, resources: ResourceStore): Route[] {
  storesByResources.set(resources, store);
  const route = (method: string, pattern: string, handler: RouteHandler): Route => ({
    method,
    pattern,
    host: API_HOST,
    spec: SPEC,
    handler,
  });
  const seeded = (): WireRecord[] => resources.all(SEEDED_MESSAGES);
  const everything = (): WireRecord[] => [...[...store.all()].reverse(), ...seeded()];
  return [
    route('POST', LIST_DEF.list, (req) => ({ status: 201, body: store.create(param(req, 'AccountSid'), req.form) })),
    route('GET', LIST_DEF.list, (req) => {
      const sentInRange = dateSentFilter(req);
      return { status: 200, body: pageOf(PAGE_DEF, req, scoped(LIST_DEF, req, everything(), null).filter(sentInRange)) };
    }),
    route('GET', `${ACC}/Messages/:Sid.json`, (req) => {
      const sid = param(req, 'Sid');
      const hit = everything().find((m) => m.sid === sid && m.account_sid === param(req, 'AccountSid'));
      if (hit === undefined) throw notFound();
      return { status: 200, body: hit };
    }),
    route('POST', `${ACC}/Messages/:Sid.json`, async (req) => {
      const delay = store.takeUpdateDelayMs();
      if (delay > 0) await sleep(delay);
      return { status: 200, body: store.update(param(req, 'AccountSid'), param(req, 'Sid'), req.form, seeded) };
    }),
  ];
}
