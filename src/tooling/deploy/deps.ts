/**
 * Everything the gated deploy takes from outside (build, child-process checks, twilio-run, Twilio
 * client factory, probes, clock, OS user, output), injected so tests drive the whole chain against
 * the fake Twilio API. run.ts runs the gate, run-steps.ts holds its steps; both read this.
 */
import type { ApiOptions } from '../preflight/api/twilio-api';
import type { ClientFactory } from '../preflight/cli/accounts';
import type { Rule } from '../preflight/types';
import type { CheckResult } from './child-steps';
import type { SmokePost } from './smoke';
import type { TwilioRunInvocation, TwilioRunResult } from './twilio-run';

export interface DeployDeps {
  root: string;
  /** The process environment (only to refuse credentials naming another account). */
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  confirm: (question: string) => Promise<boolean>;
  makeClient: ClientFactory;
  /** The preflight's unauthenticated HEAD probe. */
  probeStatus: (url: string) => Promise<number>;
  /** The smoke test's POST: unsigned, or signed (the positive half). */
  smokePost: SmokePost;
  /** Builds dist/ (scripts/build.ts buildProject); throws on failure. */
  build: () => Promise<{ functions: string[]; assets: string[] }>;
  typecheck: () => Promise<CheckResult>;
  offlineTests: () => Promise<CheckResult>;
  twilioRun: (inv: TwilioRunInvocation) => Promise<TwilioRunResult>;
  osUser: () => string;
  now: () => Date;
  /** Told when this run creates (true) or removes (false) dist/gated, e.g. for a signal handler. */
  onGatedBuild?: (exists: boolean) => void;
  /** Preflight rules (default every rule). */
  rules?: readonly Rule[];
  /** Preflight retry/timeout tuning. */
  api?: Omit<ApiOptions, 'concurrency'>;
  toolVersion: string;
}
