/**
 * The fake's one clock: Sync TTLs, message scheduling windows, Verify expiry and rate windows all
 * read it. Real time by default; tests can shift it (`advance`) or pin it (`freeze`).
 */
export class FakeClock {
  private offsetMs = 0;
  private frozenAtMs: number | undefined;

  now(): Date {
    return new Date(this.frozenAtMs ?? Date.now() + this.offsetMs);
  }

  /** Moves the clock forward by `ms` (frozen or not). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('clock.advance: ms must be a finite number >= 0');
    if (this.frozenAtMs !== undefined) this.frozenAtMs += ms;
    else this.offsetMs += ms;
  }

  /** Stops the clock at `at` (default: the current fake time). */
  freeze(at: Date = this.now()): void {
    this.frozenAtMs = at.getTime();
  }

  /** Back to real time, no offset. */
  reset(): void {
    this.offsetMs = 0;
    this.frozenAtMs = undefined;
  }
}
