import { performance } from 'node:perf_hooks';
import { Injectable, Logger } from '@nestjs/common';
import { ComplianceService } from './compliance.service';

/**
 * The académie's report of the day, computed by the worker as soon as the day begins in each
 * convention's zone and stored (stored-standings.ts), so that the day's first request reads it
 * back instead of computing every convention (seconds at tens of thousands of committees).
 *
 * It asks the worker's own ComplianceService for the report: the conventions whose day changed
 * since its last run (or whose data did) are computed in one statement and stored; the others are
 * read back from what an earlier run stored. Once stored, the report is dropped from the worker's
 * memory (a few tens of MB at 50,000 committees, which `npm start` would hold twice, the API's and
 * the worker's). The API's service, finding its kept parts of another day, reads the stored ones back.
 */
@Injectable()
export class DayStandingsJob {
  private readonly logger = new Logger('DayStandings');

  constructor(private readonly compliance: ComplianceService) {}

  async run(): Promise<{ committees: number }> {
    // A duration, not the day: the monotonic clock, the Clock deciding the day.
    const started = performance.now();
    const { total } = await this.compliance.list({ pageSize: 1 });
    await this.compliance.standingsStored();
    this.compliance.forgetReports();
    const took = Math.round(performance.now() - started);
    // Only a run that computed something takes long enough to be worth a line.
    if (took >= 1000) this.logger.log(`the day's standings of ${total} committee(s) ready in ${took} ms`);
    return { committees: total };
  }
}
