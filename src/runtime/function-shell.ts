/**
 * Adapts a WebhookSpec to the Twilio Functions handler signature. This is the only code that
 * touches the runtime's globals; everything it calls is unit-tested without twilio-run.
 */
import type { Twilio as TwilioClient } from 'twilio';
import type { Context, ServerlessCallback, ServerlessFunctionSignature } from '@twilio-labs/serverless-runtime-types/types';
import type { HttpReply } from './core/http';
import { runWebhook, type WebhookSpec } from './core/webhook';

export function toTwilioResponse(reply: HttpReply): unknown {
  const response = new Twilio.Response();
  response.setStatusCode(reply.status);
  response.appendHeader('Content-Type', reply.contentType);
  // The runtime serialises a JSON reply's body itself: hand it the object, not a string it would quote again.
  response.setBody(reply.contentType === 'application/json' ? (JSON.parse(reply.body) as object) : reply.body);
  return response;
}

/** Private assets through the runtime (`Runtime.getAssets()` lists private ones only). */
function readAsset(path: string): string | null {
  const asset = Runtime.getAssets()[path];
  return asset ? asset.open() : null;
}

export function serverlessHandler<I>(spec: WebhookSpec<I>): ServerlessFunctionSignature {
  return async (context: Context, event: object, callback: ServerlessCallback): Promise<void> => {
    const reply = await runWebhook(spec, {
      domainName: context.DOMAIN_NAME,
      path: context.PATH,
      env: context as unknown as Record<string, unknown>,
      event: event as Record<string, unknown>,
      getTwilioClient: () => context.getTwilioClient() as unknown as TwilioClient,
      readAsset,
    });
    callback(null, toTwilioResponse(reply) as object);
  };
}
