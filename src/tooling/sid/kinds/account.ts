/**
 * AC: an Account (the credentials' account or one of its subaccounts). Status, type, parent and
 * dates. Never the friendly name (free text, often the organisation's or a person's name) and
 * never the auth token v2010 returns for a subaccount.
 */
import { show, type KindModule } from '../kind';
import { fetchOne } from '../lookup';
import { iso, sid, word } from '../present';

export interface AccountView {
  kind: 'account';
  sid: string;
  status: string | null;
  type: string | null;
  /** The parent account, for a subaccount (null for a main account). */
  parentAccountSid: string | null;
  dateCreated: string | null;
  dateUpdated: string | null;
}

export interface AccountRecord {
  status?: unknown;
  type?: unknown;
  ownerAccountSid?: unknown;
  dateCreated?: unknown;
  dateUpdated?: unknown;
}

export function toAccountView(accountSid: string, a: AccountRecord): AccountView {
  const owner = sid(a.ownerAccountSid, 'AC');
  return {
    kind: 'account',
    sid: accountSid,
    status: word(a.status),
    type: word(a.type),
    parentAccountSid: owner === accountSid ? null : owner,
    dateCreated: iso(a.dateCreated),
    dateUpdated: iso(a.dateUpdated),
  };
}

export const accountKind: KindModule<AccountView> = {
  kind: 'account',
  title: 'Account',
  prefixes: ['AC'],
  async lookup(ctx, accountSid) {
    const { status, type, ownerAccountSid, dateCreated, dateUpdated } = await fetchOne(
      () => ctx.client.api.v2010.accounts(accountSid).fetch(),
      'fetching the account',
    );
    return toAccountView(accountSid, { status, type, ownerAccountSid, dateCreated, dateUpdated });
  },
  lines: (v) => [
    ['status', show(v.status)],
    ['type', show(v.type)],
    ['parent account', v.parentAccountSid ?? 'none (main account)'],
    ['created', show(v.dateCreated)],
    ['updated', show(v.dateUpdated)],
  ],
  snippet: (v) => [
    ['status', v.status],
    ['type', v.type],
    ['created', v.dateCreated],
  ],
};
