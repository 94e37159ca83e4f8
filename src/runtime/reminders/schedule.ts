/**
 * Time checks for a reminder request: the appointment must be a real, future instant; a scheduled
 * send must fall inside Twilio's window (15 minutes to 35 days ahead) and before the appointment.
 */
export const MIN_SCHEDULE_MS = 15 * 60_000;
export const MAX_SCHEDULE_MS = 35 * 86_400_000;
/** A little slack so a request made right at the edge is not refused by Twilio's own clock. */
const EDGE_MS = 60_000;

/** Parses an ISO 8601 instant with offset that the schema already shape-checked; null when not a real date. */
export function parseInstant(iso: string): Date | null {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  // Reject rolled-over dates such as 2026-02-30 (Date would silently make it March 2).
  const [datePart] = iso.split('T');
  const [y, m, day] = (datePart ?? '').split('-').map(Number);
  const check = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, day ?? 0));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== (m ?? 1) - 1 || check.getUTCDate() !== day) return null;
  return d;
}

export type TimeProblem = 'appointmentAt' | 'sendAt' | null;

export function checkTimes(appointmentAt: Date | null, sendAt: Date | null | undefined, now: number): TimeProblem {
  if (appointmentAt === null || appointmentAt.getTime() <= now) return 'appointmentAt';
  if (sendAt === undefined) return null;
  if (sendAt === null) return 'sendAt';
  const ahead = sendAt.getTime() - now;
  if (ahead < MIN_SCHEDULE_MS + EDGE_MS || ahead > MAX_SCHEDULE_MS - EDGE_MS) return 'sendAt';
  if (sendAt.getTime() >= appointmentAt.getTime()) return 'sendAt';
  return null;
}

/** The calendar day (YYYY-MM-DD) of `at` in the clinic's time zone: the daily cap's window. */
export function clinicDay(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
