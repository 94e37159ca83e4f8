/**
 * What must not be in a deployed Function environment: local-only or debugging seams, and values
 * that look like PHI. Shared by the project check (the deploy env file) and the account check
 * (deployed Environment Variables). Callers report variable names and kinds, never values.
 *
 * WEBHOOK_BASE_URL: deployed Functions check every signature against `{WEBHOOK_BASE_URL}{PATH}`,
 * while Twilio calls (and signs) `https://{the environment's domain}{PATH}`. Deployed it must be
 * absent (recommended: the Function then uses its own domain) or exactly `https://{domain}`.
 * Offline the domain is not known yet, so only its shape is judged: `https://` + one
 * `*.twil.io` host, nothing else (no port, path, slash, query, user info). A tunnel, localhost,
 * http or another host is a seam. The gate compares it with the environment's own domain before
 * the upload (when the environment exists) and after it (src/tooling/deploy/verify.ts).
 */

/** Variables that only make sense locally, or that turn on request/event logging. */
const SEAMS: Record<string, (value: string) => boolean> = {
  LEDGER_BACKEND: (v) => v !== 'sync',
  LEDGER_FILE_DIR: () => true,
  NODE_OPTIONS: () => true,
  DEBUG: () => true,
  WEBHOOK_BASE_URL: (v) => !isFunctionsOrigin(v),
};

/** `https://<label>.twil.io` exactly: the only shape a deployed WEBHOOK_BASE_URL may have. */
export function isFunctionsOrigin(value: string): boolean {
  return /^https:\/\/[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.twil\.io$/.test(value);
}

/** A deployed WEBHOOK_BASE_URL that is not the environment's own origin breaks every webhook. */
export function webhookBaseUrlMatches(value: string | undefined, domain: string): boolean {
  return value === undefined || value === '' || value === `https://${domain.toLowerCase()}`;
}

/** SSNs, emails, dates (of birth), and phone numbers other than the clinic's help line. */
const PHI_PATTERNS: { kind: string; re: RegExp }[] = [
  { kind: 'ssn', re: /\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b/ },
  { kind: 'email', re: /[^\s@]+@[^\s@]+\.[a-z]{2,}/i },
  { kind: 'date', re: /\b(19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]\b|\b[01]?[0-9]\/[0-3]?[0-9]\/(19|20)?[0-9]{2}\b/ },
  { kind: 'phone', re: /\+[1-9][0-9]{7,14}/ },
];
const PHONE_ALLOWED = new Set(['CLINIC_HELP_PHONE']);

/** The problem kinds for one variable: `seam` and/or PHI pattern kinds (`ssn`, `email`, `date`, `phone`). */
export function variableProblems(key: string, value: string): string[] {
  const kinds: string[] = [];
  if (SEAMS[key]?.(value)) kinds.push('seam');
  for (const p of PHI_PATTERNS) {
    if (p.kind === 'phone' && PHONE_ALLOWED.has(key)) continue;
    if (p.re.test(value)) kinds.push(p.kind);
  }
  return kinds;
}
