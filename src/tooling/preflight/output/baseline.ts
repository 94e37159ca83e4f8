/**
 * Reading an earlier JSON report as a drift baseline. Only what drift needs is read (rule id,
 * account, resource, status, title, product), validated with ajv; a file that is not a version-1
 * preflight report is refused with a generic message that never echoes its content.
 */
import Ajv from 'ajv';
import type { Baseline, DriftInput } from './drift';
import { REPORT_VERSION } from './report';

export type { Baseline };

export class BaselineError extends Error {}

const schema = {
  type: 'object',
  required: ['version', 'tool', 'generatedAt', 'account', 'profile', 'results'],
  properties: {
    version: { const: REPORT_VERSION },
    tool: { type: 'object', required: ['name'], properties: { name: { const: 'hipaa-preflight' } } },
    generatedAt: { type: 'string', maxLength: 64 },
    account: { type: ['string', 'null'], pattern: '^AC[0-9a-fA-F]{32}$' },
    profile: { enum: ['redaction', 'studio'] },
    results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'account', 'resource', 'status'],
        properties: {
          id: { type: 'string', pattern: '^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$' },
          account: { type: ['string', 'null'], pattern: '^AC[0-9a-fA-F]{32}$' },
          resource: { type: ['string', 'null'], maxLength: 300 },
          status: { enum: ['pass', 'fail', 'warn', 'unknown', 'skip'] },
          title: { type: 'string', maxLength: 300 },
          product: { type: 'string', maxLength: 40 },
        },
      },
    },
  },
} as const;

const validate = new Ajv({ strict: false }).compile(schema);

/** Parses a baseline report; `expectAccount` is this run's target (null offline): another account's report is refused. */
export function parseBaseline(text: string, expectAccount: string | null): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new BaselineError('the --baseline file is not JSON (it must be an earlier `--format json` report)');
  }
  if (!validate(data)) throw new BaselineError('the --baseline file is not a version-1 preflight JSON report');
  const report = data as unknown as Baseline & { results: (DriftInput & Record<string, unknown>)[] };
  if (report.account !== expectAccount) {
    throw new BaselineError('the --baseline report is for another account (or an offline run): compare runs of the same account');
  }
  return {
    generatedAt: report.generatedAt,
    account: report.account,
    profile: report.profile,
    results: report.results.map((r) => ({
      id: r.id,
      account: r.account,
      resource: r.resource,
      status: r.status,
      ...(typeof r.title === 'string' ? { title: r.title } : {}),
      ...(typeof r.product === 'string' ? { product: r.product } : {}),
    })),
  };
}
