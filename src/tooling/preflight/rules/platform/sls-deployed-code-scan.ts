/**
 * The deployed code of EVERY Serverless service in the account, read once per account scan and
 * shared by the SLS-DEPLOYED-CODE-* rules: services → environments → the build each runs
 * (serverless-data.ts) → its Function Versions → each version's content
 * (`…/Functions/{ZH}/Versions/{ZN}/Content`). Bounded: at most MAX_SERVICES_READ services and
 * MAX_FUNCTION_VERSIONS_READ distinct versions are read (in list order; reading stops there), and
 * at most MAX_CONTENT_BYTES of each version are scanned. Whatever lies beyond a bound is counted
 * and reported `unknown` by the rules, never passed. The code is inspected in memory by
 * sls-deployed-code-detect.ts and dropped: only verdicts (booleans and pattern kinds) and SIDs are
 * kept — no code, literal, path or line ever reaches a finding, the cache or the output.
 * Assets are not read (the Serverless API has no Asset content endpoint).
 */
import pLimit from 'p-limit';
import { ApiError } from '../../api/twilio-api';
import { finding } from '../../findings';
import type { Finding, RuleContext, RuleMeta } from '../../types';
import { inspectCode, type CodeVerdict } from './sls-deployed-code-detect';
import { functionVersionContent, serverlessState } from './serverless-data';

/** Services whose deployed Functions are read (in the order the Services list returns them). */
export const MAX_SERVICES_READ = 20;
/** Distinct deployed Function Versions read across those services. */
export const MAX_FUNCTION_VERSIONS_READ = 100;
/** Bytes of one version's code that are scanned (this project's largest bundle is about 360 KB). */
export const MAX_CONTENT_BYTES = 1_048_576;
/** Content requests in flight at once (each holds up to one version's code in memory). */
const CONTENT_CONCURRENCY = 4;

export interface VersionVerdict {
  serviceSid: string;
  /** The build that lists the version (the resource named when the version has no SID). */
  buildSid: string;
  functionSid: string | null;
  versionSid: string | null;
  /** `read`: whole content scanned; `truncated`: only MAX_CONTENT_BYTES scanned; `error`: not read. */
  status: 'read' | 'truncated' | 'error';
  verdict: CodeVerdict | null;
  /** UTF-8 size of the content (0 when not read). */
  bytes: number;
  httpStatus: number | null;
  errorCode: number | null;
}

export interface DeployedCodeScan {
  services: number;
  servicesRead: number;
  /** Services beyond MAX_SERVICES_READ (their versions were not read). */
  servicesSkipped: number;
  versions: VersionVerdict[];
  /** Distinct deployed versions not read: beyond MAX_FUNCTION_VERSIONS_READ or in skipped services. */
  versionsSkipped: number;
}

interface Target {
  serviceSid: string;
  buildSid: string;
  functionSid: string | null;
  versionSid: string | null;
}

/** The first `max` bytes of `text` as UTF-8 (a split character at the cut is dropped). */
function firstBytes(text: string, max: number): string {
  return Buffer.from(text, 'utf8')
    .subarray(0, max)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
}

async function readOne(ctx: RuleContext, t: Target): Promise<VersionVerdict> {
  const base = { ...t, httpStatus: null, errorCode: null };
  if (!t.functionSid || !t.versionSid) return { ...base, status: 'error', verdict: null, bytes: 0 };
  try {
    const content = await functionVersionContent(ctx, t.serviceSid, t.functionSid, t.versionSid);
    if (content === null) return { ...base, status: 'error', verdict: null, bytes: 0 };
    const bytes = Buffer.byteLength(content, 'utf8');
    const truncated = bytes > MAX_CONTENT_BYTES;
    return {
      ...base,
      status: truncated ? 'truncated' : 'read',
      verdict: inspectCode(truncated ? firstBytes(content, MAX_CONTENT_BYTES) : content),
      bytes,
    };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return { ...base, status: 'error', verdict: null, bytes: 0, httpStatus: err.status, errorCode: err.code };
  }
}

export function deployedCodeScan(ctx: RuleContext): Promise<DeployedCodeScan> {
  return ctx.cached('serverless:deployed-code', async () => {
    const state = await serverlessState(ctx);
    const serviceOrder = state.services.map((s) => String(s.sid));
    const allowed = new Set(serviceOrder.slice(0, MAX_SERVICES_READ));
    const seen = new Set<string>();
    const targets: Target[] = [];
    let versionsSkipped = 0;
    // serverlessState lists builds service by service, in the Services list's order.
    for (const build of state.builds) {
      build.functions.forEach((fn, i) => {
        const key = fn.sid ?? `${build.buildSid}#${i}`;
        if (seen.has(key)) return;
        seen.add(key);
        if (!allowed.has(build.serviceSid) || targets.length >= MAX_FUNCTION_VERSIONS_READ) versionsSkipped += 1;
        else targets.push({ serviceSid: build.serviceSid, buildSid: build.buildSid, functionSid: fn.resourceSid, versionSid: fn.sid });
      });
    }
    const limit = pLimit(CONTENT_CONCURRENCY);
    const versions = await Promise.all(targets.map((t) => limit(() => readOne(ctx, t))));
    return {
      services: serviceOrder.length,
      servicesRead: Math.min(serviceOrder.length, MAX_SERVICES_READ),
      servicesSkipped: Math.max(0, serviceOrder.length - MAX_SERVICES_READ),
      versions,
      versionsSkipped,
    };
  });
}

/** The reasons the scan gives for every deployed-code rule (each spreads these into its messages). */
export const DEPLOYED_CODE_MESSAGES = {
  unreadable: 'the Function Version content could not be read',
  unnamed: 'the build lists a Function version without its Function or Version SID, so its content cannot be read',
  truncated: 'the code is larger than {{bytes}} bytes: the part read is clean, the rest was not read',
  clean: 'clean',
  notRead:
    '{{versions}} deployed Function version(s) were not read (bounds: {{services}} services, {{limit}} versions); {{skipped}} service(s) not read',
  none: 'no deployed Function versions',
} as const;

/** One deployed-code rule: which verdict it reads and how it words a hit (fixed text only). */
export interface DeployedCodeCheck {
  /** The problem's kinds in this version ([] when clean). */
  kinds(v: CodeVerdict): string[];
  /** Fixed reason for a hit, built from kind names only. */
  reason(kinds: string[]): string;
}

/**
 * Findings of one deployed-code rule: per version read — fail (the kind) or pass; per version not
 * (fully) read — unknown; beyond the bounds — one unknown saying how many were not read.
 */
export async function deployedCodeFindings(meta: RuleMeta, ctx: RuleContext, check: DeployedCodeCheck): Promise<Finding[]> {
  const scan = await deployedCodeScan(ctx);
  const out: Finding[] = [];
  for (const v of scan.versions) {
    const where = { service: v.serviceSid, function: v.functionSid };
    if (v.status === 'error' || !v.verdict || !v.versionSid) {
      const named = v.functionSid !== null && v.versionSid !== null;
      out.push(
        finding(meta, ctx, 'unknown', {
          resource: v.versionSid ?? v.buildSid,
          message: named ? 'unreadable' : 'unnamed',
          evidence: { ...where, build: v.buildSid, httpStatus: v.httpStatus, errorCode: v.errorCode },
        }),
      );
      continue;
    }
    const kinds = check.kinds(v.verdict);
    if (kinds.length > 0) {
      out.push(
        finding(meta, ctx, 'fail', {
          resource: v.versionSid,
          reason: check.reason(kinds),
          evidence: {
            ...where,
            kind: kinds.join(','),
            ...(v.status === 'truncated' ? { bytesScanned: MAX_CONTENT_BYTES, bytes: v.bytes } : {}),
          },
        }),
      );
    } else if (v.status === 'truncated') {
      out.push(
        finding(meta, ctx, 'unknown', {
          resource: v.versionSid,
          message: 'truncated',
          data: { bytes: MAX_CONTENT_BYTES },
          evidence: { ...where, bytesScanned: MAX_CONTENT_BYTES, bytes: v.bytes },
        }),
      );
    } else {
      out.push(finding(meta, ctx, 'pass', { resource: v.versionSid, message: 'clean', evidence: where }));
    }
  }
  if (scan.versionsSkipped > 0 || scan.servicesSkipped > 0) {
    out.push(
      finding(meta, ctx, 'unknown', {
        message: 'notRead',
        data: {
          versions: scan.versionsSkipped,
          services: MAX_SERVICES_READ,
          limit: MAX_FUNCTION_VERSIONS_READ,
          skipped: scan.servicesSkipped,
        },
        evidence: {
          services: scan.services,
          servicesRead: scan.servicesRead,
          servicesSkipped: scan.servicesSkipped,
          versionsRead: scan.versions.length,
          versionsSkipped: scan.versionsSkipped,
        },
      }),
    );
  }
  if (out.length === 0) out.push(finding(meta, ctx, 'pass', { message: 'none', evidence: { services: scan.services } }));
  return out;
}
