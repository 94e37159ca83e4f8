/**
 * POST /events/flush — signed, no parameters: delivers queued appointment-reply events to
 * CLINIC_EVENTS_URL now (for a scheduler; replies and status callbacks also drain the queue).
 */
import { serverlessHandler } from '../../src/runtime/function-shell';
import { eventsFlushSpec } from '../../src/runtime/events/flush-spec';

export const handler = serverlessHandler(eventsFlushSpec);
