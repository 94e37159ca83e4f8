/** The platform rule group: one module per rule, listed here. */
import type { Rule } from '../../types';
import { rule as intelligence } from './ai-intelligence-redaction';
import { rule as assistants } from './ai-no-assistants';
import { rule as autopilot } from './autopilot-end-of-life';
import { rule as convAutoCreation } from './conv-address-autocreation-webhook';
import { rule as convAddressTypes } from './conv-address-types';
import { rule as convWebhooks } from './conv-webhooks-post-https';
import { rule as evtSinks } from './evt-sinks-hipaa';
import { rule as mktAddOns } from './mkt-no-addons';
import { rule as slsAssets } from './sls-deployed-assets-private';
import { rule as slsCodeEventLogging } from './sls-deployed-code-no-event-logging';
import { rule as slsCodePhiLiterals } from './sls-deployed-code-no-phi-literals';
import { rule as slsCodeTags } from './sls-deployed-code-no-tags';
import { rule as slsFunctions } from './sls-deployed-functions-protected';
import { rule as slsVariables } from './sls-env-variables-clean';
import { rule as studioConditional } from './studio-conditional-widgets';
import { rule as studioHttp } from './studio-http-post-https';
import { rule as studioIneligible } from './studio-no-ineligible-widgets';
import { rule as studioOptOut } from './studio-optout-guard-first';
import { rule as studioRunFunction } from './studio-run-function-not-public';
import { rule as twimlBins } from './twiml-bins-phi-free';
import { rule as verifyFraudGuard } from './verify-fraud-guard-off';
import { rule as verifyEmail } from './verify-no-email';
import { rule as verifyWhatsApp } from './verify-no-whatsapp';
import { rule as verifyWebhooks } from './verify-webhooks-post-https';

export const PLATFORM_RULES: readonly Rule[] = [
  slsFunctions,
  slsAssets,
  slsVariables,
  slsCodeTags,
  slsCodePhiLiterals,
  slsCodeEventLogging,
  studioHttp,
  studioRunFunction,
  studioIneligible,
  studioConditional,
  studioOptOut,
  verifyWhatsApp,
  verifyEmail,
  verifyWebhooks,
  verifyFraudGuard,
  convAddressTypes,
  convAutoCreation,
  convWebhooks,
  evtSinks,
  mktAddOns,
  assistants,
  intelligence,
  twimlBins,
  autopilot,
];
