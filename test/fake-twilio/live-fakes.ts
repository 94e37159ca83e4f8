/**
 * The fakes started in this jest worker and not yet closed, so a shared `afterEach`
 * (`test/helpers/fake-violations.ts`) can fail any test during which a fake recorded a violation.
 * Dependency-free on purpose: the setup file loads it for every test file.
 */
export interface ViolationSource {
  /** Violations not yet reported or taken by a test. */
  readonly violations: string[];
}

const live = new Set<ViolationSource>();

export function registerFake(f: ViolationSource): void {
  live.add(f);
}

export function unregisterFake(f: ViolationSource): void {
  live.delete(f);
}

/** Removes and returns every violation the live fakes recorded since the last call. */
export function drainLiveViolations(): string[] {
  const out: string[] = [];
  for (const f of live) out.push(...f.violations.splice(0));
  return out;
}

export function violationError(violations: readonly string[]): Error {
  const shown = violations
    .slice(0, 20)
    .map((v) => `  - ${v}`)
    .join('\n');
  const more = violations.length > 20 ? `\n  ... and ${violations.length - 20} more` : '';
  return new Error(
    `fake-twilio recorded ${violations.length} OpenAPI violation(s) (a test that provokes them on purpose takes them with fake.takeViolations()):\n${shown}${more}`,
  );
}
