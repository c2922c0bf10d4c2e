import { Global, Injectable, Module } from '@nestjs/common';

/**
 * What time it is. Every decision that depends on "now" (notice left before a meeting, recording a
 * meeting as held, the report periods already over, a link or a session expiring, "today" for
 * memberships) reads it from here, never from `Date.now()`, `new Date()` or SQL `now()`, so a test
 * replaces this one provider and the whole application lives at the instant it sets. The outbox's
 * queue timing (when a row is due, claim locks) stays on the database's clock, as BullMQ's delays
 * stay on Redis's: it is when to try, not what the rules decide (clock.spec.ts keeps this true).
 */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/** One clock for the whole process: imported once by AppModule and WorkerModule, injectable everywhere as `Clock`. */
@Global()
@Module({
  providers: [{ provide: Clock, useClass: SystemClock }],
  exports: [Clock],
})
export class ClockModule {}
