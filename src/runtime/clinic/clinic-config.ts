/**
 * The clinic's structured settings and reminder templates, read from private assets
 * (`/clinic.json`, `/reminder-templates.json`) and validated with precompiled ajv schemas. A
 * missing or invalid asset is a ConfigError: the Function answers 500 and sends nothing.
 */
import { validateClinicConfig } from '../../generated/validators/validateClinicConfig';
import { validateReminderTemplates } from '../../generated/validators/validateReminderTemplates';
import { ConfigError } from '../core/config';
import { describeErrors, validateWith, type StandaloneValidator } from '../core/validation';

export type CountryCode = 'US' | 'PR' | 'VI' | 'GU' | 'AS' | 'MP';

export interface ClinicLocation {
  id: string;
  name: string;
}

export interface ClinicConfig {
  version: 1;
  timeZone: string;
  countries: CountryCode[];
  locations: ClinicLocation[];
  reminders: { dailyCapPerNumber: number; replyWindowHours: number };
  voice: {
    frontDeskNumber: string;
    voicemail: { enabled: boolean; transcribe?: boolean; maxLengthSeconds?: number };
    /** Who may answer reminders by phone (src/runtime/voice/verification.ts); absent means `stir-a-only`. */
    verification?: { mode: 'stir-a-only' };
  };
  verify: { perNumberPerHour: number; perRequesterPerHour: number };
}

export type TemplateLanguage = 'en' | 'es';

export interface ReminderTemplate {
  id: string;
  language: TemplateLanguage;
  text: string;
}

export interface ReminderTemplates {
  version: string;
  templates: ReminderTemplate[];
}

export const CLINIC_ASSET = '/clinic.json';
export const TEMPLATES_ASSET = '/reminder-templates.json';

export type AssetReader = (path: string) => string | null;

function loadAsset<T>(read: AssetReader, path: string, validator: StandaloneValidator): T {
  const text = read(path);
  if (text === null) throw new ConfigError(`private asset ${path} is missing`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ConfigError(`private asset ${path} is not valid JSON`);
  }
  const result = validateWith<T>(validator, data);
  if (!result.ok) throw new ConfigError(`private asset ${path} is invalid: ${describeErrors(result.errors)}`);
  return result.value;
}

export function loadClinicConfig(read: AssetReader): ClinicConfig {
  const config = loadAsset<ClinicConfig>(read, CLINIC_ASSET, validateClinicConfig);
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: config.timeZone });
  } catch {
    throw new ConfigError(`private asset ${CLINIC_ASSET} is invalid: /timeZone (unknown time zone)`);
  }
  return config;
}

export function loadTemplates(read: AssetReader): ReminderTemplates {
  const set = loadAsset<ReminderTemplates>(read, TEMPLATES_ASSET, validateReminderTemplates);
  const ids = new Set<string>();
  for (const t of set.templates) {
    if (ids.has(t.id)) throw new ConfigError(`private asset ${TEMPLATES_ASSET} is invalid: duplicate template id`);
    ids.add(t.id);
  }
  return set;
}

export function findLocation(config: ClinicConfig, id: string): ClinicLocation | undefined {
  return config.locations.find((l) => l.id === id);
}

export function findTemplate(set: ReminderTemplates, id: string): ReminderTemplate | undefined {
  return set.templates.find((t) => t.id === id);
}
