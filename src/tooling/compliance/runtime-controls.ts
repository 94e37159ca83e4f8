/**
 * The runtime controls built into the Functions and CLIs: one row per control, the HIPAA Security
 * Rule sections it supports, where it lives and the tests that hold it. docs/controls.md's runtime
 * table is generated from this list (npm run -s docs:controls), and the safeguard invariant test
 * checks every row cites at least one known section.
 */
import type { SafeguardId } from './hipaa-safeguards';

export interface RuntimeControl {
  /** Stable id, `RT-…`. */
  id: string;
  /** The requirement and its source (Markdown). */
  requirement: string;
  safeguards: readonly SafeguardId[];
  /** Modules that implement it (Markdown). */
  where: string;
  /** Tests that hold it (Markdown). */
  tests: string;
}

export const RUNTIME_CONTROLS: readonly RuntimeControl[] = [
  {
    id: 'RT-WEBHOOK-SIGNATURE',
    requirement: 'Verify that requests come from Twilio (S4 "Signed Webhook Requests")',
    safeguards: ['164.312(d)', '164.312(c)(1)', '164.312(e)(2)(i)'],
    where: '`src/runtime/core/webhook.ts`, `src/runtime/core/signature.ts`',
    tests:
      '`test/unit/signature.test.ts` (variants + 10,000-mutation property), `test/unit/webhook.test.ts`, `test/e2e/sms-inbound.e2e.test.ts`',
  },
  {
    id: 'RT-SIGNED-URL-HTTPS',
    requirement: 'HTTPS for Twilio → customer requests (S4 "Encrypted Communication")',
    safeguards: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
    where: '`src/runtime/core/signature.ts` `signedUrl` (https for every non-loopback domain)',
    tests: '`test/unit/signature.test.ts` "deployed domains are https"',
  },
  {
    id: 'RT-FUNCTIONS-PROTECTED',
    requirement: 'Functions protected, never public (S4 Functions; S3)',
    safeguards: ['164.312(a)(1)', '164.312(d)'],
    where: 'file naming `functions/**/*.protected.ts`, `src/runtime/function-shell.ts`',
    tests: '`test/unit/project-invariants.test.ts`',
  },
  {
    id: 'RT-ASSETS-PRIVATE',
    requirement: 'PHI only in Private Assets (S4 Assets)',
    safeguards: ['164.312(a)(1)'],
    where: '`scripts/build.ts` (no `.ts`, no dotfiles in `dist/assets`)',
    tests: '`test/unit/project-invariants.test.ts`',
  },
  {
    id: 'RT-FORM-POST-ONLY',
    requirement: 'Webhooks over POST, form-encoded (S3 "Set all webhooks to POST"); only this account\'s requests',
    safeguards: ['164.312(e)(1)', '164.312(d)'],
    where: '`src/runtime/core/webhook.ts` (415 for JSON, 403 for another AccountSid)',
    tests: '`test/unit/webhook.test.ts`, `test/e2e/sms-inbound.e2e.test.ts`',
  },
  {
    id: 'RT-INPUT-SCHEMA',
    requirement: 'Schema-locked inputs; bad input → 4xx, nothing echoed',
    safeguards: ['164.312(c)(1)'],
    where: '`schemas/*.schema.json` precompiled by `scripts/compile-schemas.ts`; `src/runtime/core/validation.ts`',
    tests: '`test/unit/webhook.test.ts`, `test/unit/config.test.ts`',
  },
  {
    id: 'RT-LOG-ALLOWLIST',
    requirement: 'No PHI in logs (S4: no PHI in support tickets; toolkit)',
    safeguards: ['164.312(a)(1)', '164.312(b)'],
    where: '`src/runtime/core/log.ts`; ESLint `no-console`',
    tests: '`test/unit/log.test.ts`; every test via `test/helpers/no-phi-in-console.ts`; E2E scan of twilio-run output',
  },
  {
    id: 'RT-OPTOUT-KEYWORDS',
    requirement: 'Custom STOP handling when built-in filtering is disabled for redaction (S3)',
    safeguards: ['164.308(a)(1)(ii)(B)'],
    where: '`src/runtime/core/keywords.ts`, `src/runtime/core/normalize.ts`, `docs/keywords.md`',
    tests: '`test/unit/keywords.test.ts`, `test/unit/normalize.test.ts`',
  },
  {
    id: 'RT-OPTOUT-ONE-CONFIRMATION',
    requirement: 'Revocation by reasonable means; one confirmation, no marketing (FCC)',
    safeguards: ['164.308(a)(1)(ii)(B)'],
    where: '`src/runtime/sms/handle-inbound.ts`, `src/runtime/sms/inbound-replies.ts`, `src/runtime/ledger/record.ts`',
    tests: '`test/unit/handle-inbound.test.ts`, `test/unit/ledger-record.test.ts`, `test/consent/consent-model.test.ts`',
  },
  {
    id: 'RT-OPTOUT-ANY-LENGTH',
    requirement:
      'Revocation in a message of any length, up to Twilio\'s 1,600 characters; ordinary uses of stop/cancel/end/quit/baja are not (FCC "any reasonable means")',
    safeguards: ['164.308(a)(1)(ii)(B)'],
    where: '`src/runtime/core/keywords.ts`, `src/runtime/core/keyword-lists.ts`, `docs/keywords.md` §9',
    tests:
      '`test/unit/revocation-corpus.test.ts` (443 labelled messages: recall on clear revocations ≥ 0.99, precision floor), `test/unit/keywords.test.ts`',
  },
  {
    id: 'RT-OPTOUT-LEDGER-FIRST',
    requirement: 'Never acknowledge an opt-out that was not stored',
    safeguards: ['164.312(c)(1)'],
    where: '`src/runtime/sms/handle-inbound.ts`, `src/runtime/ledger/ledger.ts`',
    tests: '`test/unit/handle-inbound.test.ts`, `test/e2e/sms-inbound-sync.e2e.test.ts`',
  },
  {
    id: 'RT-LEDGER-SYNC-HMAC',
    requirement: 'Durable ledger in an eligible store, no raw numbers (S3/S4: Sync eligible)',
    safeguards: ['164.308(b)(1)', '164.312(a)(1)'],
    where: '`src/runtime/ledger/sync-store.ts`, `src/runtime/ledger/key.ts`',
    tests: '`test/unit/sync-ledger.test.ts` (incl. 500 concurrent events), `test/unit/ledger.test.ts`',
  },
  {
    id: 'RT-OPTOUT-GATE-FAIL-CLOSED',
    requirement: 'Unreadable ledger means no send (fail closed)',
    safeguards: ['164.312(c)(1)', '164.308(a)(1)(ii)(B)'],
    where: '`src/runtime/ledger/ledger.ts` `sendGate`, `isOptedOut`',
    tests: '`test/unit/ledger.test.ts`, `test/unit/sync-ledger.test.ts` (a missing map or service is unreadable, never "no record")',
  },
  {
    id: 'RT-LEDGER-IDENTITY',
    requirement:
      'The ledger has an identity (layout + keyed secret fingerprint, optional pinned `LEDGER_ID`), verified before any read; missing or mismatched = unreadable; changes only through `optout migrate`',
    safeguards: ['164.312(c)(1)', '164.312(c)(2)'],
    where:
      '`src/runtime/ledger/identity.ts`, `src/runtime/ledger/factory.ts`, `src/runtime/ledger/migrate.ts`, `scripts/optout.ts` (`init`, `migrate`)',
    tests: '`test/unit/ledger-identity.test.ts`, `test/unit/ledger-migrate.test.ts`, `test/consent/consent-model.test.ts` (config drift)',
  },
  {
    id: 'RT-OPTOUT-ARRIVAL-ORDER',
    requirement:
      'Order is arrival order (CAS sequence), never a clock; a MessageSid already applied is a replay and changes nothing; a STOP is never stale',
    safeguards: ['164.312(c)(1)'],
    where: '`src/runtime/ledger/record.ts`, `src/runtime/ledger/ledger.ts` `applyByKey`',
    tests:
      '`test/unit/ledger-record.test.ts`, `test/unit/sync-ledger.test.ts`, `test/consent/consent-model.test.ts` (replays, staff clock an hour fast)',
  },
  {
    id: 'RT-OPTOUT-SCOPES',
    requirement:
      'One scope model: a keyword covers the Messaging Service and the receiving number; every send gate checks every related scope (the configured pool) and all-senders',
    safeguards: ['164.312(c)(1)'],
    where:
      '`src/runtime/ledger/scopes.ts`, `src/runtime/sms/handle-inbound.ts` `scopesOf`, `src/tooling/cli/optout-core.ts` (per-scope status)',
    tests:
      '`test/studio/can-send.test.ts`, `test/unit/handle-inbound.test.ts`, `test/unit/optout-cli.test.ts`, `test/consent/consent-model.test.ts`',
  },
  {
    id: 'RT-OPTOUT-CANCELS-SCHEDULED',
    requirement:
      'An opt-out cancels still-scheduled reminders it covers; a failed cancel (or 21610 write) is retried from a durable queue until done (FCC revocation; Twilio does not filter scheduled sends when STOP filtering is off)',
    safeguards: ['164.308(a)(1)(ii)(B)', '164.312(c)(1)'],
    where:
      '`src/runtime/reminders/consent-effects.ts`, `src/runtime/consent/jobs.ts`, `src/runtime/consent/cancel-message.ts`, `src/runtime/reminders/send.ts` `scheduledOvertaken`, `src/runtime/events/flush-spec.ts`',
    tests:
      '`test/unit/consent-jobs.test.ts`, `test/unit/reminder-send.test.ts`, `test/unit/fake-twilio-messages.test.ts`, `test/consent/consent-model.test.ts`',
  },
  {
    id: 'RT-OPTOUT-SILENCE',
    requirement:
      'Nothing but the one confirmation and HELP is texted to an opted-out sender; their appointment answers still reach the clinic as events',
    safeguards: ['164.308(a)(1)(ii)(B)'],
    where: '`src/runtime/sms/handle-inbound.ts` (gate before routing), `src/runtime/reminders/reply-router.ts`',
    tests: '`test/unit/reply-router.test.ts`, `test/consent/consent-model.test.ts`',
  },
  {
    id: 'RT-NO-FILE-LEDGER-DEPLOYED',
    requirement: 'Local-only file ledger never deployed',
    safeguards: ['164.312(c)(1)', '164.308(a)(7)(ii)(A)'],
    where: '`src/runtime/core/config.ts`',
    tests: '`test/unit/config.test.ts`',
  },
  {
    id: 'RT-DEPLOY-ENV-SEPARATE',
    requirement: 'Deploys never carry the local profile or test seams',
    safeguards: ['164.312(a)(1)'],
    where: '`.twilioserverlessrc` (`deploy.env` = `.env.deploy`); the fake-API seam is a test-only `--require` preload',
    tests: '`test/unit/project-invariants.test.ts` ("deploys never read the local profile")',
  },
  {
    id: 'RT-DEPLOY-ONE-ENV-MAP',
    requirement:
      "One variable map: the deploy env file is read once (strict, cross-checked with dotenv 16 and twilio-run's dotenv 6.2.0; ambiguous files refused by line), and exactly that map is uploaded (canonical `dist/gated/deploy.env`, read back by every parser)",
    safeguards: ['164.312(c)(1)'],
    where:
      '`src/runtime/core/env-parse.ts`, `src/runtime/core/env-file.ts`, `src/tooling/deploy/guards.ts`, `src/tooling/deploy/gated-build.ts`',
    tests:
      '`test/deploy/env-parse.test.ts` (fast-check over both real parsers), `test/deploy/gate.test.ts`, `test/deploy/guards.test.ts`, `test/deploy/hook.test.ts`',
  },
  {
    id: 'RT-CLI-FIRST-RUN',
    requirement:
      'Every CLI answers `--help`/`-h` with its usage (exit 0); a first preflight runs without `hipaa.config.json` (`unknown`, exit 3) and `preflight -- init` writes it',
    safeguards: ['164.308(a)(8)'],
    where: '`scripts/*.ts`, `src/tooling/preflight/init/*`, `src/tooling/config/hipaa-config.ts`',
    tests:
      '`test/unit/cli-help.test.ts`, `test/docs/commands.test.ts` (every command the README and docs/ show), `test/preflight/init.test.ts`, `test/preflight/cli.test.ts`',
  },
  {
    id: 'RT-DEPLOY-GATE',
    requirement:
      'Checks before `twilio serverless:deploy`, in order, stopping at the first failure; `unknown` blocks (S4; toolkit fail-closed)',
    safeguards: ['164.308(a)(1)(ii)(B)', '164.308(a)(8)'],
    where: '`src/tooling/deploy/run-steps.ts`, `scripts/deploy.ts`',
    tests: '`test/deploy/gate.test.ts`',
  },
  {
    id: 'RT-DEPLOY-ACCEPT-RISK',
    requirement: 'A named required failure may pass only by `--accept-risk RULE_ID`, audited (time, rule, account, OS user)',
    safeguards: ['164.312(b)', '164.308(a)(1)(ii)(D)'],
    where: '`src/tooling/deploy/audit.ts`',
    tests: '`test/deploy/guards.test.ts`, `test/deploy/gate.test.ts`',
  },
  {
    id: 'RT-DEPLOY-HOOK',
    requirement: 'Direct `twilio-run deploy` / `twilio serverless:deploy` cannot skip the gate (within documented limits)',
    safeguards: ['164.308(a)(1)(ii)(B)'],
    where: '`src/tooling/deploy/hook.ts`, `.twilioserverlessrc`',
    tests: '`test/deploy/hook.test.ts`, `test/unit/project-invariants.test.ts`',
  },
  {
    id: 'RT-DEPLOY-VERIFY',
    requirement:
      "The live build is verified after upload: Functions protected, assets private, variables exactly the checked map (digest in the gated manifest), `WEBHOOK_BASE_URL` absent or the environment's own domain; unsigned webhooks refused, a correctly signed request accepted and a wrongly signed one refused (S4 Functions, Assets, Signed Webhook Requests)",
    safeguards: ['164.308(a)(8)', '164.312(a)(1)', '164.312(d)'],
    where: '`src/tooling/deploy/verify.ts`, `src/tooling/deploy/smoke.ts`',
    tests: '`test/deploy/verify.test.ts`, `test/deploy/smoke-twilio-run.test.ts` (real twilio-run on dist/), `test/deploy/gate.test.ts`',
  },
  {
    id: 'RT-SID-PHI-FREE',
    requirement:
      'Support works by SID without PHI: no bodies, context, URLs with tokens or env values; numbers masked; a ticket snippet of SIDs, codes and timestamps only (S4 "Support")',
    safeguards: ['164.308(a)(4)(i)', '164.308(a)(6)(ii)'],
    where: '`src/tooling/sid/*`, `src/tooling/sid/snippet.ts`',
    tests: '`test/sid/messages-calls.test.ts`, `test/sid/studio.test.ts`, `test/sid/serverless.test.ts`, `test/sid/cli.test.ts`',
  },
  {
    id: 'RT-REMINDER-INPUT-LOCKED',
    requirement:
      'Reminder input schema-locked: no names, no free text; 400 names the field, never the value or an unknown key (toolkit; S4 "no PHI" in logs/errors)',
    safeguards: ['164.312(c)(1)', '164.312(a)(1)'],
    where: '`schemas/reminder-send.schema.json`, `src/runtime/reminders/send-spec.ts`, `src/runtime/core/invalid-request.ts`',
    tests: '`test/e2e/reminders.e2e.test.ts` ("bad input"), `test/unit/reminder-send.test.ts`',
  },
  {
    id: 'RT-REMINDER-TEMPLATES',
    requirement:
      'PHI-free reminder text: allowlisted templates in a Private Asset, four allowlisted placeholders, numeric replies, no reserved keyword as an instruction (seed 000; studio-and-optout B5)',
    safeguards: ['164.312(e)(1)'],
    where: '`assets/reminder-templates.private.json`, `schemas/reminder-templates.schema.json`, `src/runtime/reminders/format.ts`',
    tests: '`test/unit/reminder-assets.test.ts`',
  },
  {
    id: 'RT-SEND-GATE-FIRST',
    requirement: 'Opt-out gate before every send; unreadable ledger → no send (FCC; toolkit fail-closed)',
    safeguards: ['164.308(a)(1)(ii)(B)'],
    where: '`src/runtime/reminders/send.ts` (`isOptedOut` first), `src/runtime/ledger/ledger.ts`',
    tests: '`test/unit/reminder-send.test.ts`, `test/e2e/reminders.e2e.test.ts` ("never messaged", "Sync unavailable")',
  },
  {
    id: 'RT-SEND-ONCE-CAPPED',
    requirement: 'A retried request never double-sends; daily cap per number',
    safeguards: ['164.312(c)(1)'],
    where:
      '`src/runtime/reminders/send-state.ts` (claim, cap and pending reply in one conditional write), `src/runtime/reminders/pending.ts`',
    tests: '`test/unit/reminder-send.test.ts`, `test/e2e/reminders.e2e.test.ts` ("sends once")',
  },
  {
    id: 'RT-ALLOWED-COUNTRIES',
    requirement: 'US (and configured territories) only, by libphonenumber-js (S4 Geo Permissions)',
    safeguards: ['164.308(a)(1)(ii)(B)'],
    where: '`src/runtime/core/phone.ts`, `assets/clinic.private.json` `countries`',
    tests: '`test/unit/reminder-send.test.ts`, `test/unit/verify-start.test.ts`, `test/e2e/reminders.e2e.test.ts`',
  },
  {
    id: 'RT-SEND-PARAMS',
    requirement: 'No message tags; retention overrides only when configured (S4 "Messaging": tagging not eligible; API map rows 12, 14)',
    safeguards: ['164.308(b)(1)', '164.310(d)(2)(i)'],
    where: '`src/runtime/reminders/send-message.ts`',
    tests:
      '`test/e2e/reminders.e2e.test.ts` (no `Tags` sent), `test/unit/reminder-send.test.ts` ("retention overrides"); preflight `PROJECT-RETENTION-NEEDS-REDACTION`',
  },
  {
    id: 'RT-STATUS-21610',
    requirement:
      "Twilio's opt-out block and ours agree: 21610 recorded in the ledger, queued durably when it cannot be stored at once (status callbacks are never retried by Twilio) (FCC; studio-and-optout B4)",
    safeguards: ['164.312(c)(1)'],
    where: '`src/runtime/sms/message-status.ts`, `src/runtime/reminders/carrier-optout.ts` `recordCarrierOptOut`',
    tests: '`test/unit/sms-status.test.ts`, `test/unit/consent-jobs.test.ts`, `test/e2e/reminders.e2e.test.ts` ("21610")',
  },
  {
    id: 'RT-CLINIC-EVENTS',
    requirement:
      'Replies reach the clinic: https only, HMAC-signed, durable outbox (never lost while the clinic is down), at-least-once with eventId',
    safeguards: ['164.312(e)(1)', '164.312(e)(2)(i)', '164.312(d)'],
    where: '`src/runtime/events/*`, `src/runtime/core/config.ts` (https check)',
    tests: '`test/unit/clinic-events.test.ts`, `test/unit/reply-router.test.ts`, `test/e2e/reminders.e2e.test.ts` ("clinic endpoint down")',
  },
  {
    id: 'RT-EVENTS-DEAD-LETTER',
    requirement:
      'Events the clinic refuses (4xx) never block newer ones: backoff, then a PHI-free dead-letter list that support lists and requeues',
    safeguards: ['164.312(c)(1)', '164.308(a)(7)(i)'],
    where: '`src/runtime/events/outbox.ts`, `src/runtime/events/dead-letter.ts`, `src/tooling/cli/events-core.ts`, `scripts/events.ts`',
    tests: '`test/unit/events-dead-letter.test.ts`, `test/unit/events-cli.test.ts`',
  },
  {
    id: 'RT-REPLY-SENT-ONLY',
    requirement: 'A reply is credited only to a reminder already sent and not canceled (the most recently sent)',
    safeguards: ['164.312(c)(1)'],
    where: '`src/runtime/reminders/pending.ts` `latest`',
    tests: '`test/unit/reminder-send.test.ts`, `test/unit/reply-router.test.ts`',
  },
  {
    id: 'RT-REPLY-ACKS',
    requirement: 'Acknowledgements and the one clarification are PHI-free (FCC one clarification)',
    safeguards: ['164.312(e)(1)'],
    where: '`src/runtime/reminders/acks.ts`, `src/runtime/reminders/reply-router.ts`',
    tests: '`test/unit/reply-router.test.ts`, `test/unit/reminder-assets.test.ts`',
  },
  {
    id: 'RT-IVR',
    requirement:
      "PHI-free IVR; no `<Record>` unless voicemail is on and recording HTTP auth passes; Twilio's own transcription only (S4 Voice/Recordings)",
    safeguards: ['164.312(e)(1)', '164.312(a)(1)'],
    where: '`src/runtime/voice/*`; preflight `PROJECT-VOICEMAIL-RECORDING-AUTH`',
    tests:
      '`test/unit/voice-twiml.test.ts`, `test/unit/voice-menu.test.ts`, `test/unit/voice-spec.test.ts`, `test/e2e/voice.e2e.test.ts`, `test/preflight/voicemail-gate.test.ts`',
  },
  {
    id: 'RT-IVR-CALLER-VERIFIED',
    requirement:
      'Appointments are acted on by phone only for calls Twilio attests A-level (`StirVerstat` = `TN-Validation-Passed-A`); everyone else gets the same answer as a caller with no appointment',
    safeguards: ['164.312(d)'],
    where: '`src/runtime/voice/verification.ts`, `src/runtime/voice/menu.ts`, `src/runtime/studio/ivr-reply-spec.ts`, `flows/ivr.json`',
    tests:
      '`test/unit/voice-verification.test.ts`, `test/unit/voice-menu.test.ts`, `test/unit/voice-spec.test.ts`, `test/studio/ivr-reply.test.ts`, `test/e2e/voice.e2e.test.ts`',
  },
  {
    id: 'RT-VERIFY-CHANNELS',
    requirement: 'Verify over SMS and voice only (S3; API map row 26)',
    safeguards: ['164.308(b)(1)'],
    where: '`schemas/verify-start.schema.json`',
    tests: '`test/unit/verify-start.test.ts`, `test/e2e/verify.e2e.test.ts`',
  },
  {
    id: 'RT-VERIFY-NO-ENUMERATION',
    requirement: 'Verify answers reveal nothing about a number; rate-limited per number and requester',
    safeguards: ['164.312(a)(1)', '164.312(d)'],
    where: '`src/runtime/verify/start.ts`, `src/runtime/verify/check.ts`, `src/runtime/verify/limits.ts`',
    tests:
      '`test/unit/verify-start.test.ts`, `test/unit/verify-check.test.ts`, `test/unit/verify-limits.test.ts`, `test/e2e/verify.e2e.test.ts`',
  },
  {
    id: 'RT-STATE-HMAC-KEYS',
    requirement: 'State never holds a raw number: HMAC keys for pending replies, caps, send-once, limits',
    safeguards: ['164.312(a)(1)'],
    where: '`src/runtime/ledger/key.ts` `stateKey`, `src/runtime/state/*`',
    tests: '`test/unit/reminder-send.test.ts` ("no canary … stored state"), `test/unit/state-stores.test.ts`',
  },
  {
    id: 'RT-STUDIO-OPTOUT-GUARD',
    requirement:
      'Studio: every incoming message passes the opt-out guard first; the guard is the same keyword + ledger logic as `/sms/inbound` (FCC; B5)',
    safeguards: ['164.308(a)(1)(ii)(B)'],
    where: '`functions/optout/guard.protected.ts`, `src/runtime/optout/guard-spec.ts`, `src/runtime/sms/handle-inbound.ts` `applyKeywords`',
    tests: '`test/studio/optout-guard.test.ts`, `test/studio/studio.e2e.test.ts`; lint `FLOW-OPTOUT-GUARD-FIRST`',
  },
  {
    id: 'RT-STUDIO-CAN-SEND',
    requirement: 'Studio sends check the opt-out ledger first (unreadable → no send)',
    safeguards: ['164.308(a)(1)(ii)(B)', '164.312(c)(1)'],
    where: '`functions/studio/can-send.protected.ts`, `src/runtime/studio/can-send-spec.ts`',
    tests: '`test/studio/can-send.test.ts`',
  },
  {
    id: 'RT-STUDIO-EVENTS',
    requirement: 'Studio replies reach the clinic by the same signed, durable event path',
    safeguards: ['164.312(e)(1)', '164.312(d)'],
    where:
      '`functions/studio/reply.protected.ts`, `functions/studio/ivr-reply.protected.ts`, `src/runtime/studio/reply-spec.ts`, `src/runtime/studio/ivr-reply-spec.ts`',
    tests: '`test/studio/studio-reply.test.ts`, `test/studio/ivr-reply.test.ts`, `test/studio/studio.e2e.test.ts`',
  },
  {
    id: 'RT-STUDIO-TEMPLATES',
    requirement: 'Studio templates: valid definitions, PHI-free text, every branch ends (Studio has no Message Redaction: S3)',
    safeguards: ['164.312(e)(1)'],
    where: '`flows/*.json`, `schemas/studio-flow.schema.json`, `src/tooling/lint/flow/schema.ts`, `src/tooling/lint/flow/graph.ts`',
    tests: '`test/flows/flow-templates.test.ts`, `test/lint/lint-invariants.test.ts`, `test/flows/shipped-templates.test.ts`',
  },
];
