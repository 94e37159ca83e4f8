/**
 * POST /studio/ivr-reply — called by flows/ivr.json for keys 1/2/3: records the caller's answer to
 * their newest pending reminder; answers {"result":"recorded","action":...} or {"result":"not_found"}.
 */
import { serverlessHandler } from '../../src/runtime/function-shell';
import { studioIvrReplySpec } from '../../src/runtime/studio/ivr-reply-spec';

export const handler = serverlessHandler(studioIvrReplySpec());
