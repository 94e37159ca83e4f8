/** The account an account-mode rule is scanning; the engine never runs such a rule without one. */
import type { AccountTarget, RuleContext } from '../types';

export function scannedAccount(ctx: RuleContext): AccountTarget {
  if (!ctx.account) throw new Error('account rule without an account');
  return ctx.account;
}
