import { Global, Injectable, Module } from '@nestjs/common';

/**
 * What time it is. Every decision that depends on "now" (notice left before a meeting, recording a
 * meeting as held, the report periods already over) reads it from here, so tests can fix the instant.
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

/**
 * One clock for the whole process: imported once (by MeetingsModule for the API; the worker can
 * import it too), it is injectable everywhere as `Clock`.
 */
@Global()
@Module({
  providers: [{ provide: Clock, useClass: SystemClock }],
  exports: [Clock],
})
export class ClockModule {}
