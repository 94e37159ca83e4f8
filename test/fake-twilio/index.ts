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
