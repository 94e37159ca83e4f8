/** Every flow lint rule, in report order. Adding a rule module means adding it here. */
import type { FlowRule } from '../../types';
import { rule as mmsMedia } from './mms-media';
import { rule as capturePayments } from './capture-payments';
import { rule as clinicalText } from './clinical-text';
import { rule as endsExplicitly } from './ends-explicitly';
import { rule as forkStream } from './fork-stream';
import { rule as hostAllowlist } from './host-allowlist';
import { rule as httpGet } from './http-get';
import { rule as httpsUrls } from './https-urls';
import { rule as ineligible } from './ineligible-widget';
import { rule as liquidPhi } from './liquid-phi';
import { rule as optoutGuard } from './optout-guard-first';
import { rule as recording } from './recording';
import { rule as reservedReply } from './reserved-reply';
import { rule as runFunction } from './run-function-protected';
import { rule as sendToFlex } from './send-to-flex';
import { rule as textPlaceholders } from './text-placeholders';
import { rule as virtualAgent } from './virtual-agent';
import { rule as whatsapp } from './whatsapp';

export const FLOW_RULES: readonly FlowRule[] = [
  httpsUrls,
  httpGet,
  hostAllowlist,
  runFunction,
  optoutGuard,
  ineligible,
  whatsapp,
  liquidPhi,
  clinicalText,
  textPlaceholders,
  reservedReply,
  recording,
  virtualAgent,
  forkStream,
  capturePayments,
  sendToFlex,
  mmsMedia,
  endsExplicitly,
];
