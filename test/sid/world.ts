/**
 * The `sid` CLI's test world: the fake Twilio API, a temporary project root (for `.env.deploy`),
 * an in-process runner that captures stdout / stderr, and the checks every test makes on the
 * output: no canary PHI, no recording media URL, no token or webhook path, and a ticket snippet
 * made only of SIDs, codes, status words and timestamps.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { runSidCli, type SidDeps, type SidOutcome } from '../../src/tooling/sid/run';
import { SNIPPET_END, SNIPPET_START } from '../../src/tooling/sid/format';
import { RedirectingRequestClient, startFakeTwilio, type FakeTwilio } from '../fake-twilio';
import { CANARIES } from '../helpers/canary';

/** Secrets planted in URLs (webhook user info and query strings, recording URLs): never printed. */
export const URL_SECRETS = ['S3cretHookPw', 'tok3n-SECRET', 'sig=abc123secret', 'PatientRef=', '/sms/inbound?'];

export interface SidRun extends SidOutcome {
  stdout: string;
  stderr: string;
}

export interface SidWorld {
  fake: FakeTwilio;
  root: string;
  run(
    argv: string[],
    opts?: { env?: Record<string, string>; makeClient?: SidDeps['makeClient']; bounds?: SidDeps['bounds'] },
  ): Promise<SidRun>;
  close(): Promise<void>;
}

export const clientFor =
  (fake: FakeTwilio): SidDeps['makeClient'] =>
  (username, password, accountSid) =>
    twilio(username, password, { accountSid, httpClient: new RedirectingRequestClient(fake.origin) });

export async function startSidWorld(seed = 21): Promise<SidWorld> {
  const fake = await startFakeTwilio({ seed });
  const root = mkdtempSync(join(tmpdir(), 'sid-project-'));
  return {
    fake,
    root,
    async run(argv, opts = {}) {
      let stdout = '';
      let stderr = '';
      const outcome = await runSidCli(argv, {
        root,
        env: opts.env ?? { ACCOUNT_SID: fake.accountSid, AUTH_TOKEN: fake.authToken },
        makeClient: opts.makeClient ?? clientFor(fake),
        stdout: (t) => {
          stdout += t;
        },
        stderr: (t) => {
          stderr += t;
        },
        ...(opts.bounds ? { bounds: opts.bounds } : {}),
      });
      return { ...outcome, stdout, stderr };
    },
    async close() {
      await fake.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Nothing PHI-like or secret in any output, text or JSON. */
export function expectSafe(...outputs: string[]): void {
  const all = outputs.join('\n');
  for (const c of CANARIES) expect(all).not.toContain(c);
  for (const s of URL_SECRETS) expect(all).not.toContain(s);
  expect(all).not.toMatch(/api\.twilio\.com\/\S*Recordings\/RE/);
  expect(all).not.toMatch(/Recordings\/RE[0-9a-f]{32}/);
  expect(all).not.toMatch(/https?:\/\/\S*\/(sms|voice)\//);
}

/** The ticket snippet lines of a text output. */
export function snippetOf(text: string): string[] {
  const start = text.indexOf(SNIPPET_START);
  const end = text.indexOf(SNIPPET_END);
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  return text
    .slice(start + SNIPPET_START.length, end)
    .split('\n')
    .filter((l) => l !== '');
}

const SID = '[A-Z]{2}[0-9a-f]{32}';
const VALUE = `(${SID}|\\d{1,6}|\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z|[a-z][a-z0-9_-]*)`;
/** Independent of the implementation's own pattern: SIDs, codes, words and timestamps only. */
export const TICKET_LINE = new RegExp(`^(account=AC[0-9a-f]{32}|${SID}( [a-z-]+=${VALUE})*)$`);

export function expectTicketSafe(lines: readonly string[]): void {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(line).toMatch(TICKET_LINE);
}
