import { createLogger, formatLine, sanitizeFields } from '../../src/runtime/core/log';
import { CANARY_BODY, CANARY_NAME, CANARY_PHONE } from '../helpers/canary';

const SM = `SM${'0'.repeat(32)}`;

describe('PHI-free logger', () => {
  test('keeps allowlisted fields with valid shapes', () => {
    expect(JSON.parse(formatLine('sms_inbound.routed', { messageSid: SM, keywordClass: 'none', attempts: 2 }))).toEqual({
      event: 'sms_inbound.routed',
      messageSid: SM,
      keywordClass: 'none',
      attempts: '2',
    });
  });

  test('drops unknown fields and counts them', () => {
    const line = formatLine('x', { From: CANARY_PHONE, Body: CANARY_BODY, name: CANARY_NAME } as Record<string, unknown>);
    expect(JSON.parse(line)).toEqual({ event: 'x', dropped: 3 });
  });

  test('drops allowlisted fields whose value is not the allowed shape', () => {
    const { kept, dropped } = sanitizeFields({
      messageSid: CANARY_PHONE,
      status: CANARY_BODY,
      errorCode: 'abc',
      keywordClass: CANARY_NAME,
    });
    expect(kept).toEqual({});
    expect(dropped).toBe(4);
  });

  test('event names built from input are replaced', () => {
    expect(JSON.parse(formatLine(`stop ${CANARY_PHONE}`))).toEqual({ event: 'invalid_event_name' });
  });

  test('routes levels to the sink', () => {
    const seen: string[] = [];
    const log = createLogger((level, line) => seen.push(`${level} ${line}`));
    log.info('a');
    log.warn('b', { status: 403 });
    log.error('c', { errorCode: 54205 });
    expect(seen).toEqual(['info {"event":"a"}', 'warn {"event":"b","status":"403"}', 'error {"event":"c","errorCode":"54205"}']);
  });
});
