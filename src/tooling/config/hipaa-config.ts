/**
 * hipaa.config.json: the designation, BAA and attestations no Twilio API exposes. One format: JSON5
 * (JSON with comments), read here and written so by `npm run -s preflight -- init` (a commented copy
 * of hipaa.config.example.jsonc with the answers filled in); validated with ajv. Errors carry the
 * JSON path or the line and column, never a value.
 */
import Ajv from 'ajv';
import JSON5 from 'json5';
import { readFileSync } from 'node:fs';
import schema from '../../../schemas/hipaa-config.schema.json';

/** The profile hipaa.config.json names; each preflight rule declares the profiles it applies to. */
export type Profile = 'redaction' | 'studio';

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

/** How to create the file; every message about a missing hipaa.config.json points here. */
export const INIT_COMMAND = 'npm run -s preflight -- init';

const validate = new Ajv({ allErrors: true, strictRequired: false }).compile<HipaaConfig>(schema);

export function parseHipaaConfig(text: string): HipaaConfig {
  let data: unknown;
  try {
    data = JSON5.parse(text);
  } catch (err) {
    // JSON5's own message quotes the offending character: report only where it is.
    const { lineNumber, columnNumber } = err as { lineNumber?: unknown; columnNumber?: unknown };
    const at = typeof lineNumber === 'number' && typeof columnNumber === 'number' ? ` (line ${lineNumber}, column ${columnNumber})` : '';
    throw new ConfigFileError(`hipaa config is not valid JSON/JSON5${at}`);
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

/**
 * The config at `path`, or null when there is no file there (a fresh clone: the preflight then runs
 * with `missingHipaaConfig()`). A file that exists but cannot be read or is invalid is an error.
 */
export function readHipaaConfig(path: string): HipaaConfig | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ConfigFileError('cannot read the hipaa config file');
  }
  return parseHipaaConfig(text);
}

/** The config at `path`; a missing file is an error (the deploy gate and the linters need one). */
export function loadHipaaConfig(path: string): HipaaConfig {
  const config = readHipaaConfig(path);
  if (config === null) throw new ConfigFileError(`no hipaa config file: run \`${INIT_COMMAND}\` to create hipaa.config.json`);
  return config;
}

/** Thrown when a check reads a fact only hipaa.config.json holds and there is no such file. */
export class MissingConfigError extends Error {
  constructor() {
    super('no hipaa.config.json');
  }
}

/**
 * Lists whose absence means "the strictest default" (US only, no extra hosts, no public assets):
 * a check that needs only these runs without the file. Everything else (profile, BAA, designations,
 * attestations) is a fact nobody stated yet: reading it throws MissingConfigError, and the CLI turns
 * that check into `unknown` with a pointer to `init`. Unknown, never pass.
 */
const DEFAULTED = new Set<string>(['allowedCountries', 'allowedWebhookHosts', 'publicAssetsAllowlist']);

export function missingHipaaConfig(): HipaaConfig {
  return new Proxy({} as HipaaConfig, {
    get(_target, prop) {
      // Symbols and `then` (probed by await / Promise.resolve) are not config facts.
      if (typeof prop === 'symbol' || prop === 'then' || DEFAULTED.has(prop)) return undefined;
      throw new MissingConfigError();
    },
  });
}

/** True when the attestation exists and says `value: true`. */
export function attested(config: HipaaConfig, key: AttestationKey): boolean {
  return config.attestations[key]?.value === true;
}

export function allowedCountries(config: HipaaConfig): readonly string[] {
  return config.allowedCountries ?? ['US'];
}
