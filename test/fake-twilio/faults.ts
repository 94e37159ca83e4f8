/**
 * Run-time mutable fault injection: latency, random 429/5xx, forced If-Match conflicts
 * and deterministic `failNext`. All randomness comes from seeded PRNG streams.
 */
import { twilioErrorBody, CODES } from './errors';
import { deriveRng, type Rng } from './prng';
import type { FakeResponse, FaultsConfig, FakeStats, LatencySetting } from './types';

interface PendingFailure {
  remaining: number;
  status: number;
  code: number;
}

function checkRate(name: string, v: number): number {
  if (!Number.isFinite(v) || v < 0 || v > 1) throw new RangeError(`faults.${name} must be within 0..1`);
  return v;
}

export class Faults implements FaultsConfig {
  private latency: LatencySetting = 0;
  private r429 = 0;
  private r5xx = 0;
  private rConflict = 0;
  private readonly queue: PendingFailure[] = [];
  private readonly latencyRng: Rng;
  private readonly failureRng: Rng;
  private readonly conflictRng: Rng;

  constructor(
    seed: number,
    private readonly stats: FakeStats,
  ) {
    this.latencyRng = deriveRng(seed, 'latency');
    this.failureRng = deriveRng(seed, 'failure');
    this.conflictRng = deriveRng(seed, 'conflict');
  }

  get latencyMs(): LatencySetting {
    return this.latency;
  }
  set latencyMs(v: LatencySetting) {
    const [lo, hi] = typeof v === 'number' ? [v, v] : v;
    if (!(lo >= 0 && hi >= lo)) throw new RangeError('faults.latencyMs must be >= 0 (or a [min, max] range)');
    this.latency = v;
  }
  get rate429(): number {
    return this.r429;
  }
  set rate429(v: number) {
    this.r429 = checkRate('rate429', v);
  }
  get rate5xx(): number {
    return this.r5xx;
  }
  set rate5xx(v: number) {
    this.r5xx = checkRate('rate5xx', v);
  }
  get conflictRate(): number {
    return this.rConflict;
  }
  set conflictRate(v: number) {
    this.rConflict = checkRate('conflictRate', v);
  }

  /** Fail the next `n` requests with `status` / `code` (queued after earlier failNext calls). */
  failNext(n: number, status: number, code: number): void {
    if (!Number.isInteger(n) || n < 1) throw new RangeError('failNext: n must be a positive integer');
    this.queue.push({ remaining: n, status, code });
  }

  /** Clears every fault (rates, latency, pending failNext). */
  reset(): void {
    this.latency = 0;
    this.r429 = 0;
    this.r5xx = 0;
    this.rConflict = 0;
    this.queue.length = 0;
  }

  /** Extra delay for this request, in ms. */
  nextDelayMs(): number {
    const v = this.latency;
    if (typeof v === 'number') return v;
    const [lo, hi] = v;
    return lo + Math.floor(this.latencyRng() * (hi - lo + 1));
  }

  /** An injected failure for this request, or undefined to let it through. */
  nextInjectedFailure(): FakeResponse | undefined {
    const head = this.queue[0];
    if (head !== undefined) {
      head.remaining -= 1;
      if (head.remaining <= 0) this.queue.shift();
      this.count(head.status);
      return { status: head.status, body: twilioErrorBody(head.status, head.code, 'Injected failure (fake-twilio failNext)') };
    }
    if (this.r429 > 0 && this.failureRng() < this.r429) {
      this.stats.injected429 += 1;
      return { status: 429, body: twilioErrorBody(429, CODES.tooManyRequests, 'Too Many Requests') };
    }
    if (this.r5xx > 0 && this.failureRng() < this.r5xx) {
      this.stats.injected5xx += 1;
      return { status: 503, body: twilioErrorBody(503, CODES.internal, 'Service Unavailable') };
    }
    return undefined;
  }

  /** Whether a matching If-Match write should nevertheless lose to a simulated concurrent writer. */
  simulateConcurrentWriter(): boolean {
    return this.rConflict > 0 && this.conflictRng() < this.rConflict;
  }

  private count(status: number): void {
    if (status === 429) this.stats.injected429 += 1;
    else if (status >= 500) this.stats.injected5xx += 1;
  }
}
