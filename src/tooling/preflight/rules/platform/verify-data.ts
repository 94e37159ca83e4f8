/** Verify services, as raw JSON (the `mailer_sid` field is not in the spec schema), fetched once per scan. */
import { HOSTS } from '../../api/twilio-api';
import type { RuleContext } from '../../types';
import { accountOf, type Rec } from './platform-util';

export function verifyServices(ctx: RuleContext): Promise<Rec[]> {
  const { api } = accountOf(ctx);
  return ctx.cached('verify:services', () => api.all(`${HOSTS.verify}/v2/Services`, 'services'));
}
