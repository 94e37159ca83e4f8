/**
 * Public entry point of the fake Twilio REST API for tests.
 */
export { startFakeTwilio, type FakeTwilio, type FakeTwilioTestHooks, type StartFakeTwilioOptions } from './server';
export { RedirectingRequestClient, fakeTwilioClient, redirectUri, FAKE_HOST_HEADER } from './request-client';
export { writeRedirectPreload, PRELOAD_FILE_NAME } from './preload';
export { OpenApiResponseValidator, defaultSpecDir } from './openapi-validator';
export { Router } from './router';
export { twilioErrorBody, TwilioHttpError, CODES } from './errors';
export type {
  Route,
  RouteHandler,
  FakeRequest,
  FakeResponse,
  FaultsConfig,
  FakeStats,
  SyncHelpers,
  SyncListItemEntry,
  MessagesHelpers,
  MessageWire,
  VerifyHelpers,
  VerifySend,
} from './types';
export { FakeClock } from './clock';
export { MESSAGE_CODES } from './messages-store';
export { VERIFY_CODES, VERIFY_SERVICES } from './verify-store';
export type { Faults } from './faults';
export { ResourceStore, collectionRoutes, type CollectionDef, type WireRecord } from './collections';
export {
  SERVERLESS_COLLECTIONS,
  SLS_COLLECTIONS,
  SEED_DATE,
  serverlessService,
  environment as serverlessEnvironment,
  build as serverlessBuild,
  variable as serverlessVariable,
  type VersionSeed,
  type DeploymentSeed,
  type SeededDeployment,
  type ServerlessHelpers,
} from './serverless';
export { STUDIO_FLOWS, flowRecord, type FlowSeed, type StudioCall, type StudioHelpers } from './studio';
export { FLOW_INVALID, definitionErrors, type FlowDefinitionError } from './studio-definition';
export { CALLS, RECORDINGS, CALL_COLLECTIONS, callRecord, recordingRecord, type CallSeed, type RecordingSeed } from './calls';
export { MONITOR_ALERTS, alertRecord, type AlertSeed } from './monitor';
export { ACCOUNTS, ACCOUNT_COLLECTIONS } from './accounts';
export { MESSAGING_SERVICES, MESSAGING_SERVICE_NUMBERS, INCOMING_NUMBERS, MESSAGING_SERVICE_COLLECTIONS } from './messaging-services';
export { VERIFY_SERVICE_COLLECTIONS } from './verify-routes';
export {
  STUDIO_EXECUTIONS,
  STUDIO_STEPS,
  type ExecutionSeed,
  type StepSeed,
  type SeededExecution,
  type ExecutionRequest,
  type ExecutionOp,
} from './studio-executions';
