/**
 * The PHI-free logger. It accepts only allowlisted fields, each with a value pattern, so a message
 * body, a phone number, a name or free text cannot be logged through it: anything else is dropped
 * and counted in `dropped`. Function code must log through this and nothing else (ESLint no-console).
 */

/** Allowlisted fields and the only shapes their values may take. */
const FIELD_PATTERNS = {
  messageSid: /^(SM|MM)[0-9a-fA-F]{32}$/,
  accountSid: /^AC[0-9a-fA-F]{32}$/,
  messagingServiceSid: /^MG[0-9a-fA-F]{32}$/,
  serviceSid: /^(IS|ZS)[0-9a-fA-F]{32}$/,
  callSid: /^CA[0-9a-fA-F]{32}$/,
  status: /^[0-9]{3}$|^[a-z][a-z0-9_-]{0,39}$/,
  errorCode: /^[0-9]{3,6}$/,
  keywordClass: /^(optout|optout_all|optin|optin_if_opted_out|help|none)$/,
  scope: /^(sender|all)$/,
  attempts: /^[0-9]{1,4}$/,
  count: /^[0-9]{1,9}$/,
  elapsedMs: /^[0-9]{1,7}$/,
  ledger: /^(sync|file)$/,
  action: /^(confirm|reschedule|cancel|unknown|front_desk|voicemail)$/,
  channel: /^(sms|call|voice)$/,
  templateId: /^[a-z0-9][a-z0-9-]{0,39}$/,
  verificationSid: /^VE[0-9a-fA-F]{32}$/,
  scheduled: /^(true|false)$/,
} as const;

export type LogField = keyof typeof FIELD_PATTERNS;
export type LogFields = Partial<Record<LogField, string | number>>;
export type LogLevel = 'info' | 'warn' | 'error';

/** Event names are fixed identifiers, never text built from input. */
const EVENT_PATTERN = /^[a-z][a-z0-9_.]{0,59}$/;

export interface LogSink {
  (level: LogLevel, line: string): void;
}

export interface PhiFreeLogger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/** Keeps only allowlisted fields whose values match their pattern; returns the kept fields and a drop count. */
export function sanitizeFields(fields: Record<string, unknown>): { kept: Record<string, string>; dropped: number } {
  const kept: Record<string, string> = {};
  let dropped = 0;
  for (const [name, value] of Object.entries(fields)) {
    const pattern = (FIELD_PATTERNS as Record<string, RegExp>)[name];
    const text = typeof value === 'number' && Number.isFinite(value) ? String(Math.trunc(value)) : value;
    if (pattern && typeof text === 'string' && pattern.test(text)) {
      kept[name] = text;
    } else {
      dropped += 1;
    }
  }
  return { kept, dropped };
}

/** Formats one log line as JSON: `{"event":..., ...fields, "dropped"?: n}`. */
export function formatLine(event: string, fields: Record<string, unknown> = {}): string {
  const safeEvent = EVENT_PATTERN.test(event) ? event : 'invalid_event_name';
  const { kept, dropped } = sanitizeFields(fields);
  const line: Record<string, string | number> = { event: safeEvent, ...kept };
  if (dropped > 0) line.dropped = dropped;
  return JSON.stringify(line);
}

/* eslint-disable no-console -- this is the one place allowed to reach the console */
const consoleSink: LogSink = (level, line) => {
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
};
/* eslint-enable no-console */

export function createLogger(sink: LogSink = consoleSink): PhiFreeLogger {
  return {
    info: (event, fields) => sink('info', formatLine(event, fields)),
    warn: (event, fields) => sink('warn', formatLine(event, fields)),
    error: (event, fields) => sink('error', formatLine(event, fields)),
  };
}

export const logger: PhiFreeLogger = createLogger();
