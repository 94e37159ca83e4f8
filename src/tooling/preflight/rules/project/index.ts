/** Project (offline) rules and project rules that need the target account SID. */
import type { Rule } from '../../types';
import { rule as deployinfo } from './deployinfo-matches-account';
import { rule as assetsPrivate } from './project-assets-private';
import { rule as deployEnv } from './project-deploy-env-clean';
import { rule as functionsProtected } from './project-functions-protected';
import { rule as profile } from './project-profile-consistent';
import { rule as flowsLint } from './flows-lint-clean';
import { rule as retention } from './retention-needs-redaction';
import { rule as templatesPhiFree } from './templates-phi-free';
import { rule as voicemailRecordingAuth } from './voicemail-recording-auth';
import { rule as ledgerIdentity } from './ledger-identity';

export const PROJECT_RULES: readonly Rule[] = [
  functionsProtected,
  assetsPrivate,
  deployEnv,
  profile,
  retention,
  flowsLint,
  templatesPhiFree,
  deployinfo,
  voicemailRecordingAuth,
  ledgerIdentity,
];
