/** The /verify/start and /verify/check webhooks: schemas, the 400 body, and wiring to the cores. */
import { errorReply } from '../core/http';
import { invalidRequestReply } from '../core/invalid-request';
import type { WebhookSpec } from '../core/webhook';
import { validateVerifyCheck } from '../../generated/validators/validateVerifyCheck';
import { validateVerifyStart } from '../../generated/validators/validateVerifyStart';
import { checkVerification, type VerifyCheckInput } from './check';
import { verifyDeps } from './services';
import { startVerification, type VerifyStartInput } from './start';

export function verifyStartSpec(): WebhookSpec<VerifyStartInput> {
  return {
    name: 'verify_start',
    validateInput: validateVerifyStart,
    invalidReply: invalidRequestReply(['to', 'channel', 'requester']),
    handle: async (input, ctx) => {
      const deps = verifyDeps(ctx, 'verify_start');
      return deps === null ? errorReply(500) : startVerification(input, deps);
    },
  };
}

export function verifyCheckSpec(): WebhookSpec<VerifyCheckInput> {
  return {
    name: 'verify_check',
    validateInput: validateVerifyCheck,
    invalidReply: invalidRequestReply(['to', 'code', 'requester']),
    handle: async (input, ctx) => {
      const deps = verifyDeps(ctx, 'verify_check');
      return deps === null ? errorReply(500) : checkVerification(input, deps);
    },
  };
}
