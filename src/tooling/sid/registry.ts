/**
 * Every supported SID prefix and the kind module that looks it up, and the union of the views
 * they produce (the `resource` of a JSON result).
 */
import type { KindModule } from './kind';
import { accountKind, type AccountView } from './kinds/account';
import { callKind, type CallView } from './kinds/call';
import { messageKind, type MessageView } from './kinds/message';
import { messagingServiceKind, type MessagingServiceView } from './kinds/messaging-service';
import { phoneNumberKind, type PhoneNumberView } from './kinds/phone-number';
import { recordingKind, type RecordingView } from './kinds/recording';
import { serverlessBuildKind, type ServerlessBuildView } from './kinds/serverless-build';
import { serverlessEnvironmentKind, type ServerlessEnvironmentView } from './kinds/serverless-environment';
import { serverlessResourceKind, type ServerlessResourceView } from './kinds/serverless-resource';
import { serverlessServiceKind, type ServerlessServiceView } from './kinds/serverless-service';
import { serverlessVersionKind, type ServerlessVersionView } from './kinds/serverless-version';
import { studioExecutionKind, type StudioExecutionView } from './kinds/studio-execution';
import { studioFlowKind, type StudioFlowView } from './kinds/studio-flow';
import { studioStepKind, type StudioStepView } from './kinds/studio-step';
import { verificationKind, type VerificationView } from './kinds/verification';

export type ResourceView =
  | MessageView
  | CallView
  | RecordingView
  | StudioExecutionView
  | StudioStepView
  | StudioFlowView
  | ServerlessServiceView
  | ServerlessEnvironmentView
  | ServerlessBuildView
  | ServerlessResourceView
  | ServerlessVersionView
  | VerificationView
  | MessagingServiceView
  | PhoneNumberView
  | AccountView;

export type AnyKind = KindModule<ResourceView>;

// Each module is typed for its own view; the registry hands a kind only the views it produced.
const kind = <V extends ResourceView>(k: KindModule<V>): AnyKind => k as unknown as AnyKind;

export const KINDS: readonly AnyKind[] = [
  kind(messageKind),
  kind(callKind),
  kind(recordingKind),
  kind(studioExecutionKind),
  kind(studioStepKind),
  kind(studioFlowKind),
  kind(serverlessServiceKind),
  kind(serverlessEnvironmentKind),
  kind(serverlessBuildKind),
  kind(serverlessResourceKind),
  kind(serverlessVersionKind),
  kind(verificationKind),
  kind(messagingServiceKind),
  kind(phoneNumberKind),
  kind(accountKind),
];

const BY_PREFIX = new Map(KINDS.flatMap((k) => k.prefixes.map((p): [string, AnyKind] => [p, k])));

export const SUPPORTED_PREFIXES: ReadonlySet<string> = new Set(BY_PREFIX.keys());

export function kindOf(prefix: string): AnyKind | undefined {
  return BY_PREFIX.get(prefix);
}

/** `SM/MM message, CA call, …` for usage and error output. */
export function describePrefixes(): string {
  return KINDS.map((k) => `${k.prefixes.join('/')} ${k.title.toLowerCase()}`).join(', ');
}

export function kindNamed(name: string): AnyKind | undefined {
  return KINDS.find((k) => k.kind === name);
}
