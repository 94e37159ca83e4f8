/**
 * deploy-audit.jsonl: one JSON line per accepted risk (rule + resource), appended with O_APPEND in
 * a single write and never rewritten. Teams commit the file; it holds rule ids, SIDs, the OS user
 * and a time, nothing else (resources are SIDs, project paths or masked numbers, as findings are).
 */
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const AUDIT_FILE = 'deploy-audit.jsonl';

export interface AuditEntry {
  /** ISO 8601. */
  time: string;
  rule: string;
  accountSid: string | null;
  osUser: string;
  resource: string | null;
}

/** The line for one entry, keys in a fixed order. */
export function auditLine(e: AuditEntry): string {
  return JSON.stringify({ time: e.time, rule: e.rule, accountSid: e.accountSid, osUser: e.osUser, resource: e.resource });
}

/** Appends every entry (O_WRONLY | O_APPEND | O_CREAT): existing lines are never read or rewritten. */
export function appendAudit(root: string, entries: readonly AuditEntry[]): void {
  if (entries.length === 0) return;
  const fd = openSync(join(root, AUDIT_FILE), constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o644);
  try {
    writeSync(fd, entries.map((e) => `${auditLine(e)}\n`).join(''));
  } finally {
    closeSync(fd);
  }
}
