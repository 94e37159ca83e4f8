/**
 * `npm run -s sid -- SID...`: looks each SID up by its prefix in the account of the credentials
 * (found as the preflight finds them: environment, else the deploy env file, never `.env.local`),
 * lists the Monitor alerts about it, and prints a ticket-safe report: text or JSON, ending with the
 * ticket snippet. Every outside dependency is injected (environment, Twilio client factory, output
 * streams, clock) so tests drive it end to end against the fake. Exit codes: see args.ts USAGE.
 */
import { join } from 'node:path';
import type { ClientFactory } from '../preflight/cli/accounts';
import { findCredentials } from '../preflight/cli/credentials';
import { readAlerts, type AlertsResult } from './alerts';
import { parseSidArgs, USAGE, UsageError, type SidArgs } from './args';
import { formatJson, formatText } from './format';
import { CouldNotCheck, DEFAULT_BOUNDS, NotFound, type Bounds, type LookupContext } from './lookup';
import { describePrefixes, kindNamed, kindOf, SUPPORTED_PREFIXES, type AnyKind } from './registry';
import { resultCode, worst, type AlertsSection, type ExitCode, type Rejection, type SidReport, type SidResult } from './result';
import { parseSid } from './sid';
import { buildSnippet } from './snippet';

export interface SidDeps {
  /** Project root: `--env` is relative to it. */
  root: string;
  env: Record<string, string | undefined>;
  makeClient: ClientFactory;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  now?: () => Date;
  bounds?: Partial<Bounds>;
}

export interface SidOutcome {
  exitCode: ExitCode;
  report: SidReport | null;
}

function alertsFor(sid: string, alerts: AlertsResult): AlertsSection {
  if (!alerts.checked) return { checked: false, detail: alerts.detail };
  return {
    checked: true,
    windowDays: alerts.windowDays,
    scanned: alerts.scanned,
    truncated: alerts.truncated,
    items: alerts.bySid.get(sid) ?? [],
  };
}

function describeRejection(r: Rejection): string {
  const what = r.problem === 'unknown-prefix' ? 'not a supported SID prefix' : 'not a SID (two letters and 32 hex digits)';
  return `argument ${r.argument}: ${what}: ${r.length} characters, starting with ${r.prefixClass}`;
}

async function lookUp(ctx: LookupContext, sid: string, kind: AnyKind, alerts: AlertsSection): Promise<SidResult> {
  try {
    return { sid, kind: kind.kind, outcome: 'found', resource: await kind.lookup(ctx, sid), alerts };
  } catch (err) {
    if (err instanceof NotFound) return { sid, kind: kind.kind, outcome: 'not_found', searched: err.searched ?? null, alerts };
    // Never an error's message: it may quote the API's text. Unexpected errors fail closed.
    return { sid, kind: kind.kind, outcome: 'unknown', detail: err instanceof CouldNotCheck ? err.detail : 'unexpected error', alerts };
  }
}

function parse(argv: readonly string[], deps: SidDeps): SidArgs | null {
  try {
    return parseSidArgs(argv);
  } catch (err) {
    deps.stderr(`${err instanceof UsageError ? err.message : 'invalid arguments'}\n${USAGE}\nsupported prefixes: ${describePrefixes()}\n`);
    return null;
  }
}

export async function runSidCli(argv: readonly string[], deps: SidDeps): Promise<SidOutcome> {
  const args = parse(argv, deps);
  if (args === null) return { exitCode: 2, report: null };
  return runSid(args, deps);
}

/** The sid lookup on typed arguments (npm run sid and `twilio hipaa:sid`). */
export async function runSid(args: SidArgs, deps: SidDeps): Promise<SidOutcome> {
  const rejected: Rejection[] = [];
  const wanted: { sid: string; prefix: string; kind: AnyKind }[] = [];
  args.sids.forEach((raw, i) => {
    const parsed = parseSid(raw, SUPPORTED_PREFIXES);
    const kind = parsed.ok ? kindOf(parsed.prefix) : undefined;
    if (!parsed.ok || kind === undefined)
      rejected.push({
        argument: i + 1,
        problem: parsed.ok ? 'unknown-prefix' : parsed.problem,
        length: parsed.ok ? raw.trim().length : parsed.length,
        prefixClass: parsed.ok ? 'letters' : parsed.prefixClass,
      });
    else if (!wanted.some((w) => w.sid === parsed.sid)) wanted.push({ sid: parsed.sid, prefix: parsed.prefix, kind });
  });
  if (rejected.length > 0) deps.stderr(`${rejected.map(describeRejection).join('\n')}\nsupported prefixes: ${describePrefixes()}\n`);
  if (wanted.some((w) => w.prefix === 'FT') && args.execution === undefined) {
    deps.stderr(`a Studio step (FT) is only reachable under its execution: add --execution FN…\n${USAGE}\n`);
    return { exitCode: 2, report: null };
  }
  if (wanted.length === 0) return { exitCode: 2, report: null };

  const creds = findCredentials(deps.env, join(deps.root, args.env));
  if (!creds) {
    deps.stderr(
      'could not check: no Twilio credentials (ACCOUNT_SID + AUTH_TOKEN, or TWILIO_API_KEY + TWILIO_API_SECRET with ACCOUNT_SID) in the environment or the deploy env file\n',
    );
    return { exitCode: 3, report: null };
  }
  const client = deps.makeClient(creds.username, creds.password, creds.accountSid);
  const ctx: LookupContext = {
    client,
    accountSid: creds.accountSid,
    bounds: { ...DEFAULT_BOUNDS, ...deps.bounds },
    ...(args.flow ? { flowSid: args.flow } : {}),
    ...(args.execution ? { executionSid: args.execution } : {}),
  };
  const now = deps.now?.() ?? new Date();
  // The alert list is read once for every SID, alongside the lookups (which run one after another).
  const alerts = readAlerts(client, new Set(wanted.map((w) => w.sid)), now, ctx.bounds.alerts);
  const pending: AlertsSection = { checked: false, detail: 'not read yet' };
  const looked: SidResult[] = [];
  for (const w of wanted) looked.push(await lookUp(ctx, w.sid, w.kind, pending));
  const alertsRead = await alerts;
  const results = looked.map((r): SidResult => ({ ...r, alerts: alertsFor(r.sid, alertsRead) }));

  const byKind = (r: SidResult) => kindNamed(r.kind);
  const exitCode = worst([...results.map(resultCode), ...(rejected.length > 0 ? [2 as const] : [])]);
  const report: SidReport = {
    account: creds.accountSid,
    results,
    rejected,
    ticketSnippet: buildSnippet({ account: creds.accountSid, results }, byKind),
    exitCode,
  };
  deps.stdout(`${args.format === 'json' ? formatJson(report) : formatText(report, byKind)}\n`);
  return { exitCode, report };
}
