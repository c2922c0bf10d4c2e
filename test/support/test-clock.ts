import { Duration, DurationLike } from 'luxon';
import { Clock } from '../../src/common/clock';

/**
 * The application's clock in tests: it follows real time until a test sets it, then stays at the
 * instant set (or advanced) until set again or reset. createTestApp puts it in place of SystemClock,
 * so every service, job and processor of that app reads the same instant.
 */
export class TestClock extends Clock {
  private fixed: Date | null = null;

  now(): Date {
    return this.fixed ? new Date(this.fixed.getTime()) : new Date();
  }

  /** Stops the clock at `instant` (an ISO instant, with its offset or Z). */
  set(instant: string | Date): this {
    const at = instant instanceof Date ? new Date(instant.getTime()) : new Date(instant);
    if (Number.isNaN(at.getTime())) throw new Error(`not an instant: ${String(instant)}`);
    this.fixed = at;
    return this;
  }

  /** Moves the clock forward (or back, with a negative duration) from where it reads now, and stops it there. */
  advance(by: DurationLike): this {
    return this.set(new Date(this.now().getTime() + Duration.fromDurationLike(by).toMillis()));
  }

  /** Back to real time. */
  reset(): this {
    this.fixed = null;
    return this;
  }
}
