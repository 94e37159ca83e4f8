/**
 * SLS-DEPLOYED-CODE-NO-TAGS (API map row 14): Message Tags are not HIPAA-eligible (S4
 * "Messaging": "Message Tagging is not HIPAA eligible at this time"), and MSG-NO-MESSAGE-TAGS
 * checks only this project's build. This rule reads the deployed code of every Serverless service
 * in the account (bounded: sls-deployed-code-scan.ts) with the same detection — a Function that
 * calls `messages.create` and has a `tags`/`Tags` key. Per Function Version: fail naming the
 * service, Function and Version SIDs; the code is never shown.
 */
import type { Rule, RuleMeta } from '../../types';
import { DEPLOYED_CODE_MESSAGES, deployedCodeFindings } from './sls-deployed-code-scan';

export const meta: RuleMeta = {
  id: 'SLS-DEPLOYED-CODE-NO-TAGS',
  title: 'No deployed Function of any Serverless service passes Message Tags to messages.create',
  severity: 'required',
  product: 'serverless',
  source: 'S4 "Messaging" (tagging not eligible); S3; API map row 14 (static scan of deployed Function Version content)',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.308(b)(1)'],
  mode: 'account',
  remediation:
    'In the named service, remove the tags/Tags parameter from messages.create (keep correlation data in your own store, keyed by the Message SID), then build and deploy a new version (versions are immutable). Console: Functions and Assets > Services > the service SID.',
  fixable: false,
  messages: {
    ...DEPLOYED_CODE_MESSAGES,
    deployedFunctionCallsMessages: 'the deployed Function calls messages.create with a tags/Tags key',
  },
};

export const rule: Rule = {
  meta,
  check: (ctx) =>
    deployedCodeFindings(meta, ctx, {
      kinds: (v) => (v.messageTags ? ['message-tags'] : []),
      reason: () => 'the deployed Function calls messages.create with a tags/Tags key',
    }),
};
