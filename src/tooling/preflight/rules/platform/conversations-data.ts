/** Conversations address configurations, fetched once per account scan. */
import { HOSTS } from '../../api/twilio-api';
import type { RuleContext } from '../../types';
import { accountOf, type Rec } from './platform-util';

export function conversationAddresses(ctx: RuleContext): Promise<Rec[]> {
  const { api } = accountOf(ctx);
  // Addresses pages hold at most 50 records.
  return ctx.cached('conversations:addresses', () =>
    api.all(`${HOSTS.conversations}/v1/Configuration/Addresses`, 'address_configurations', { PageSize: 50 }),
  );
}

export const ADDRESS_TYPES = ['sms', 'whatsapp', 'messenger', 'gbm', 'email', 'rcs', 'apple', 'chat'] as const;

/** The address type as a known enum value, or `other` (never echo unexpected API text). */
export function addressType(value: unknown): string {
  const t = typeof value === 'string' ? value.toLowerCase() : '';
  return (ADDRESS_TYPES as readonly string[]).includes(t) ? t : 'other';
}
