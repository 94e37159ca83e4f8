/**
 * `.twiliodeployinfo`, written by `twilio-run deploy`: `{ "<AccountSid>:<region>": { serviceSid,
 * latestBuild } }` (older versions keyed by the bare Account SID). Validated with ajv (the shape
 * twilio-run itself checks); the entry used is the one of the account the credentials belong to.
 */
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeErrors, validateWith } from '../../core/validation';
import { usageError } from './errors';

export const DEPLOY_INFO_FILE = '.twiliodeployinfo';
/** The region twilio-run deploys to unless told otherwise (the only one Studio flows here target). */
export const DEFAULT_REGION = 'us1';

export interface DeployInfo {
  serviceSid: string;
  latestBuild: string;
}

const schema = {
  type: 'object',
  propertyNames: { pattern: '^AC[0-9a-fA-F]{32}(:[a-z0-9]+)?$' },
  additionalProperties: {
    type: 'object',
    required: ['serviceSid', 'latestBuild'],
    additionalProperties: false,
    properties: {
      serviceSid: { type: 'string', pattern: '^ZS[0-9a-fA-F]{32}$' },
      latestBuild: { type: 'string', pattern: '^ZB[0-9a-fA-F]{32}$' },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true }).compile(schema);

export function readDeployInfo(root: string, accountSid: string): DeployInfo {
  let text: string;
  try {
    text = readFileSync(join(root, DEPLOY_INFO_FILE), 'utf8');
  } catch {
    throw usageError(`no ${DEPLOY_INFO_FILE}: deploy the Functions first (twilio-run deploy writes it), or render with --local`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw usageError(`${DEPLOY_INFO_FILE} is not valid JSON`);
  }
  const result = validateWith<Record<string, DeployInfo>>(validate, data);
  if (!result.ok) throw usageError(`${DEPLOY_INFO_FILE} is invalid: ${describeErrors(result.errors)}`);
  const entries = result.value;
  const hit = entries[`${accountSid}:${DEFAULT_REGION}`] ?? entries[accountSid];
  if (!hit) {
    const have = Object.keys(entries);
    throw usageError(
      `${DEPLOY_INFO_FILE} has no ${DEFAULT_REGION} deployment for account ${accountSid} (the account of the credentials); ` +
        `it has: ${have.length > 0 ? have.join(', ') : 'nothing'}. Deploy to this account, or use that account's credentials.`,
    );
  }
  return hit;
}
