/**
 * hipaa.config.json: the designation, BAA and attestations no Twilio API exposes. Read as JSON5
 * (so the shipped example can carry comments) and validated with ajv; errors carry their JSON path.
 */
import Ajv from 'ajv';
import JSON5 from 'json5';
import { readFileSync } from 'node:fs';
import schema from '../../schemas/hipaa-config.schema.json';
import type { Profile } from './types';

export interface Attestation {
  value: boolean;
  by: string;
  at: string;
  ticket?: string;
}

export interface Designation {
  accountSid: string;
  designatedAt: string;
  method: 'self-service' | 'ticket';
  ticket?: string;
  inheritNewSubaccounts: boolean;
  by: string;
  at: string;
}

export type AttestationKey =
  | 'messageRedaction'
  | 'stopFilteringDisabled'
  | 'mmsMediaHttpAuth'
  | 'recordingHttpAuth'
  | 'recordingEncryption'
  | 'publicKeyClientValidationEnforced'
  | 'staticProxy'
  | 'staffTraining'
  | 'noPhiInSupportTickets'
  | 'secureTrunkingInterconnect'
  | 'eventStreamsKinesisHipaa'
  | 'videoMediaUrlsKeptSecret'
  | 'twimlBinsPhiFree';

export interface HipaaConfig {
  version: 1;
  profile: Profile;
  baa: { signedAt: string; edition: 'Security' | 'Enterprise'; by: string; at: string };
  designations: Designation[];
  attestations: Partial<Record<AttestationKey, Attestation>> & {
    verifyFraudGuardOff?: { serviceSid: string; ticket?: string; by: string; at: string }[];
  };
  allowedCountries?: string[];
  allowedWebhookHosts?: string[];
  publicAssetsAllowlist?: string[];
}

export class ConfigFileError extends Error {}

const validate = new Ajv({ allErrors: true, strictRequired: false }).compile<HipaaConfig>(schema);

export function parseHipaaConfig(text: string): HipaaConfig {
  let data: unknown;
  try {
    data = JSON5.parse(text);
  } catch {
    throw new ConfigFileError('hipaa config is not valid JSON/JSON5');
  }
  if (!validate(data)) {
    const lines = (validate.errors ?? []).map((e) => {
      const missing = e.keyword === 'required' ? `/${(e.params as { missingProperty?: string }).missingProperty ?? ''}` : '';
      return `  ${e.instancePath || ''}${missing || ''} ${e.keyword}: ${e.message ?? 'invalid'}`.replace(/^ {2} /, '  / ');
    });
    throw new ConfigFileError(`invalid hipaa config:\n${[...new Set(lines)].join('\n')}`);
  }
  return data;
}

export function loadHipaaConfig(path: string): HipaaConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigFileError(`cannot read hipaa config file ${path}`);
  }
  return parseHipaaConfig(text);
}

/** True when the attestation exists and says `value: true`. */
export function attested(config: HipaaConfig, key: AttestationKey): boolean {
  return config.attestations[key]?.value === true;
}

export function allowedCountries(config: HipaaConfig): readonly string[] {
  return config.allowedCountries ?? ['US'];
}
