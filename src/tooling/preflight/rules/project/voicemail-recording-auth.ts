/**
 * PROJECT-VOICEMAIL-RECORDING-AUTH (API map row 22; the IVR's voicemail gate): the IVR records a
 * voicemail only when assets/clinic.private.json enables it, and then recording media must require
 * HTTP auth on the account the project deploys to. Voicemail off (or no clinic config) passes.
 * Rules run independently, so with voicemail on this rule runs VOICE-RECORDING-HTTP-AUTH's own
 * check (same memoised recordings fetch, same probe and attestation) and restates its verdict.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLINIC_ASSET, loadClinicConfig, type ClinicConfig } from '../../../../runtime/clinic/clinic-config';
import { finding } from '../../findings';
import type { Finding, Rule, RuleMeta, Status } from '../../types';
import { rule as recordingHttpAuth } from '../voice/recording-http-auth';

/** The clinic config source in the project (deployed as the private asset /clinic.json). */
export const CLINIC_CONFIG_PATH = 'assets/clinic.private.json';

export const meta: RuleMeta = {
  id: 'PROJECT-VOICEMAIL-RECORDING-AUTH',
  title: 'IVR voicemail is enabled only where recording media requires HTTP authentication',
  severity: 'required',
  product: 'project',
  source: 'S4 "HTTP Auth for Accessing Recordings" (required) for the IVR voicemail (clinic.private.json voice.voicemail); API map row 22',
  profiles: ['redaction', 'studio'],
  safeguards: ['164.312(a)(1)', '164.312(d)'],
  mode: 'account',
  remediation:
    'Make VOICE-RECORDING-HTTP-AUTH pass for this account (Console: Voice > Settings > General > Enforce HTTP Auth on Media URLs: Enabled), or set voice.voicemail.enabled to false in assets/clinic.private.json.',
  fixable: false,
  messages: {
    onlyCheckedTargetAccount: 'only checked for the target account (the project deploys there)',
    noClinicConfigIvrHas: 'no clinic config: the IVR has no voicemail',
    clinicConfigInvalidSo: 'the clinic config is invalid, so whether voicemail is on cannot be told',
    voicemailDisabledIvrNever: 'voicemail is disabled: the IVR never records',
    voicemailEnabled: 'voicemail is enabled; {{rule}} is {{status}}: {{reason}}',
  },
};

const RESOURCE = `project:${CLINIC_CONFIG_PATH}`;

/** The project's clinic config: null when there is none, 'invalid' when it fails its schema. */
function readClinicConfig(root: string): ClinicConfig | null | 'invalid' {
  const path = join(root, CLINIC_CONFIG_PATH);
  if (!existsSync(path)) return null;
  try {
    return loadClinicConfig((asset) => (asset === CLINIC_ASSET ? readFileSync(path, 'utf8') : null));
  } catch {
    return 'invalid';
  }
}

function restated(status: Status): Status {
  if (status === 'pass') return 'pass';
  return status === 'fail' || status === 'warn' ? 'fail' : 'unknown';
}

export const rule: Rule = {
  meta,
  async check(ctx) {
    const account = ctx.account;
    if (!account || account.parentSid !== null) return [finding(meta, ctx, 'skip', { message: 'onlyCheckedTargetAccount' })];
    const clinic = readClinicConfig(ctx.project.root);
    if (clinic === null)
      return [finding(meta, ctx, 'pass', { resource: RESOURCE, message: 'noClinicConfigIvrHas', evidence: { voicemail: false } })];
    if (clinic === 'invalid') return [finding(meta, ctx, 'unknown', { resource: RESOURCE, message: 'clinicConfigInvalidSo' })];
    const voicemail = clinic.voice.voicemail;
    if (!voicemail.enabled)
      return [finding(meta, ctx, 'pass', { resource: RESOURCE, message: 'voicemailDisabledIvrNever', evidence: { voicemail: false } })];
    const results: Finding[] = await recordingHttpAuth.check(ctx);
    return results.map((r) =>
      finding(meta, ctx, restated(r.status), {
        resource: RESOURCE,
        reason: `voicemail is enabled; ${recordingHttpAuth.meta.id} is ${r.status}: ${r.reason}`,
        evidence: { voicemail: true, transcribe: voicemail.transcribe === true, recordingHttpAuth: r.status, recording: r.resource },
      }),
    );
  },
};
