/**
 * Runs a Studio Function spec through the shared wrapper (runWebhook) as Studio's Run Function
 * would call it: form parameters signed with X-Twilio-Signature, the local profile (file-backed
 * ledger and state in a temp dir), the shipped private assets, and a capturing PHI-free logger.
 */
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import type { Twilio } from 'twilio';
import { createLogger } from '../../src/runtime/core/log';
import type { HttpReply } from '../../src/runtime/core/http';
import { runWebhook, type WebhookSpec } from '../../src/runtime/core/webhook';
import { localEnv, TEST_AUTH_TOKEN } from '../helpers/env';
import { shippedAssets } from '../helpers/reminder-deps';

export const DOMAIN = 'localhost:3000';

export interface CallOptions {
  /** Sign with this token instead of the test one (a wrong signature). */
  authToken?: string;
  unsigned?: boolean;
  contentType?: string;
  readAsset?: (path: string) => string | null;
}

export interface SpecHarness {
  lines: string[];
  call(params: Record<string, string>, opts?: CallOptions): Promise<HttpReply>;
}

export function specHarness<I>(spec: WebhookSpec<I>, path: string, dir: string, extraEnv: Record<string, string> = {}): SpecHarness {
  const lines: string[] = [];
  const log = createLogger((level, line) => lines.push(`${level} ${line}`));
  const env = localEnv(dir, extraEnv);
  return {
    lines,
    call: (params, opts = {}) => {
      const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/x-www-form-urlencoded' };
      if (!opts.unsigned)
        headers['x-twilio-signature'] = getExpectedTwilioSignature(opts.authToken ?? TEST_AUTH_TOKEN, `http://${DOMAIN}${path}`, params);
      return runWebhook(
        spec,
        {
          domainName: DOMAIN,
          path,
          env,
          event: { ...params, request: { headers, cookies: {} } },
          getTwilioClient: (): Twilio => {
            throw new Error('the local profile needs no Twilio client');
          },
          readAsset: opts.readAsset ?? shippedAssets,
        },
        log,
      );
    },
  };
}

export const json = (reply: HttpReply): unknown => JSON.parse(reply.body);
