/**
 * The preflight's rule model, shaped like ESLint rule modules and Prowler checks: each rule has
 * metadata (stable id, severity, product, source requirement, profiles, remediation, fixable) and a
 * `check` returning findings. Statuses: pass | fail | warn | unknown | skip; unknown never passes.
 */
import type { HipaaConfig, Profile } from '../config/hipaa-config';
import type { TwilioApi } from './api/twilio-api';
import type { SafeguardId } from '../compliance/hipaa-safeguards';

export type Severity = 'required' | 'recommended';
export type Status = 'pass' | 'fail' | 'warn' | 'unknown' | 'skip';
export type { Profile };
export type Mode = 'offline' | 'account';

export type Product =
  | 'project'
  | 'account'
  | 'messaging'
  | 'numbers'
  | 'voice'
  | 'video'
  | 'serverless'
  | 'studio'
  | 'verify'
  | 'conversations'
  | 'event-streams'
  | 'marketplace'
  | 'ai'
  | 'security';

/** Evidence values are SIDs, booleans, counts, enum values or masked numbers: never PHI. */
export type Evidence = Record<string, string | number | boolean | null>;

export interface Change {
  field: string;
  before: string | number | boolean | null;
  after: string | number | boolean | null;
}

/** A fix: exactly the API changes shown to the user before anything is applied. */
export interface FixPlan {
  resource: string;
  changes: Change[];
  apply(api: TwilioApi): Promise<void>;
}

export interface RuleMeta {
  /** Stable id, e.g. `MSG-SVC-POST-WEBHOOKS`. */
  id: string;
  title: string;
  severity: Severity;
  product: Product;
  /** Source requirement: seed and section, plus the API-map row. */
  source: string;
  /** Profiles the rule applies to. */
  profiles: readonly Profile[];
  /** The HIPAA Security Rule sections (45 CFR 164.3xx) the rule supports; at least one (tested). */
  safeguards: readonly SafeguardId[];
  mode: Mode;
  /** Console path or API call that fixes a failure. */
  remediation: string;
  fixable: boolean;
  /**
   * Every reason the rule's findings may carry, by id (like ESLint rule `messages`): fixed text, or
   * with `{{name}}` placeholders for non-PHI data (counts, rule ids, kinds, field names). A reason
   * may also join declared messages with '; '. Every rule declares them (test/preflight/rule-messages.test.ts);
   * findings.ts refuses an undeclared reason under test.
   */
  messages?: Readonly<Record<string, string>>;
}

export interface Finding {
  id: string;
  title: string;
  severity: Severity;
  product: Product;
  status: Status;
  /** A SID, `project:<path>`, or a masked number; null for account-wide findings. */
  resource: string | null;
  /** Short reason, fixed text (never built from API free-text fields). */
  reason: string;
  evidence: Evidence;
  remediation: string;
  fixable: boolean;
  source: string;
  safeguards: readonly SafeguardId[];
  /** The account the finding is about (target or subaccount). */
  account: string | null;
  fix?: FixPlan;
}

/** What the account-level target looks like to rules. */
export interface AccountTarget {
  sid: string;
  /** Parent account SID for a subaccount, null for the target account. */
  parentSid: string | null;
  api: TwilioApi;
}

export interface ProjectInfo {
  root: string;
  /** Deploy env file path relative to root (never .env.local). */
  deployEnvFile: string;
}

export interface RuleContext {
  profile: Profile;
  config: HipaaConfig;
  project: ProjectInfo;
  /** Null for offline rules. */
  account: AccountTarget | null;
  /** Memoised shared fetches within one account scan (e.g. the messaging services list). */
  cached<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** Unauthenticated HEAD without redirects; resolves to the HTTP status (probes of media/recording URLs). */
  probeStatus(url: string): Promise<number>;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): Promise<Finding[]>;
}
