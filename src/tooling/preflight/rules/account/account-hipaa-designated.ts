/**
 * ACCOUNT-HIPAA-DESIGNATED (API map rows 1–2). No API exposes the HIPAA designation, so the account
 * must be attested in hipaa.config.json. A subaccount is designated when attested itself, or when
 * its parent is attested with inheritNewSubaccounts and the subaccount was created after the
 * designation date (seed 004: existing subaccounts are not designated automatically).
 */
import { finding } from '../../findings';
import type { Rule, RuleMeta } from '../../types';
import { fetchAccount, parseTwilioDate } from './account-data';

export const meta: RuleMeta = {
  id: 'ACCOUNT-HIPAA-DESIGNATED',
  title: 'The account is designated for HIPAA (attested in hipaa.config.json)',
  severity: 'required',
  product: 'account',
  source: 'S4 "Designation of HIPAA accounts"; S3 step 2; API map rows 1-2',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(b)(1)', '164.314(a)(1)'],
  mode: 'account',
  remediation:
    'Designate the account (Console: Admin > Account management > HIPAA designation, or a Support ticket), then add it to hipaa.config.json "designations" with the date and method. Subaccounts that existed before the designation need their own entry.',
  fixable: false,
  messages: {
    attested: 'attested',
    accountNotAttestedHipaa: 'the account is not attested as HIPAA-designated',
    neitherSubaccountNorParent: 'neither the subaccount nor its parent is attested',
    parentDesignationDoesNot: 'the parent designation does not extend to new subaccounts',
    subaccountCreationDateUnreadable: 'the subaccount creation date is unreadable',
    subaccountPredatesParentDesignation: 'the subaccount predates the parent designation and is not attested itself',
    inheritedFromParentDesignation: 'inherited from the parent designation',
  },
};

export const rule: Rule = {
  meta,
  async check(ctx) {
    const target = ctx.account;
    if (!target) return [];
    const own = ctx.config.designations.find((d) => d.accountSid === target.sid);
    if (own)
      return [
        finding(meta, ctx, 'pass', {
          resource: target.sid,
          message: 'attested',
          evidence: { method: own.method, designatedAt: own.designatedAt },
        }),
      ];
    if (target.parentSid === null) return [finding(meta, ctx, 'fail', { resource: target.sid, message: 'accountNotAttestedHipaa' })];
    const parent = ctx.config.designations.find((d) => d.accountSid === target.parentSid);
    if (!parent) return [finding(meta, ctx, 'fail', { resource: target.sid, message: 'neitherSubaccountNorParent' })];
    if (!parent.inheritNewSubaccounts) {
      return [
        finding(meta, ctx, 'fail', { resource: target.sid, message: 'parentDesignationDoesNot', evidence: { parent: parent.accountSid } }),
      ];
    }
    const created = parseTwilioDate((await fetchAccount(ctx)).date_created);
    const designated = Date.parse(`${parent.designatedAt}T00:00:00Z`);
    if (Number.isNaN(created))
      return [finding(meta, ctx, 'unknown', { resource: target.sid, message: 'subaccountCreationDateUnreadable' })];
    if (created <= designated) {
      return [
        finding(meta, ctx, 'fail', {
          resource: target.sid,
          message: 'subaccountPredatesParentDesignation',
          evidence: {
            parent: parent.accountSid,
            createdAt: new Date(created).toISOString().slice(0, 10),
            designatedAt: parent.designatedAt,
          },
        }),
      ];
    }
    return [
      finding(meta, ctx, 'pass', {
        resource: target.sid,
        message: 'inheritedFromParentDesignation',
        evidence: { parent: parent.accountSid },
      }),
    ];
  },
};
