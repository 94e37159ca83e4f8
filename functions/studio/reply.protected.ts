/**
 * POST /studio/reply — called by the appointment-reminder flow's Run Function widgets once the
 * patient's 1/2/3 is matched: enqueues and delivers the clinic event; answers {"recorded":true}.
 */
import { serverlessHandler } from '../../src/runtime/function-shell';
import { studioReplySpec } from '../../src/runtime/studio/reply-spec';

export const handler = serverlessHandler(studioReplySpec());
