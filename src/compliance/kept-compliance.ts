import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { Committee } from '../committees/committee.entity';
import { RequestCommittee, requestStatuses } from '../meetings/convening-requests';
import { LocalDate, addDays, localDateOf } from '../rules/local-date';
import { CommitteeStandingView, ComplianceService } from './compliance.service';
import { versionsOf } from './data-version';
import { CommitteeComplianceResponse, PeriodComplianceResponse } from './dto/compliance.response';

/**
 * What a committee's page shows of its compliance: its standing, every period since the
 * convention's start, the next one (a sitting may already be scheduled for it), the minutes of its
 * sittings and the requests for a sitting.
 */
export type CommitteePeriods = Pick<CommitteeComplianceResponse, 'today' | 'standing' | 'periods' | 'minutes' | 'requests'> & {
  /** The period after the last one listed, while the convention is still in force when it begins; never part of the standing. */
  next: PeriodComplianceResponse | null;
};

/** What is kept of a committee's page: all but the requests, which are read at each request (their table is not versioned). */
interface KeptPeriods extends Omit<CommitteePeriods, 'requests'> {
  range: CommitteeComplianceResponse['range'];
  /** The committee's rule for sittings on request and its territory, when it has that rule. */
  onRequest: RequestCommittee | null;
}

/** Committees whose standing or periods are kept, at most: past it, the oldest kept go first. */
const KEPT_COMMITTEES = 20_000;

interface Kept<T> {
  version: number;
  zone: string;
  day: LocalDate;
  value: Promise<T>;
}

/**
 * The compliance the pages show (a person's home page, a committee's page), kept per committee
 * while the data it was computed from is unchanged and its convention's day is the same.
 *
 * Computing it reads a convention's facts, its holidays and every period's meetings: a dozen
 * statements and the frequency rule for each period, at every request of the same unchanged data.
 * Kept under its convention's version (data-version.ts: any committed write to that convention's
 * conventions, committees, seats, memberships, meetings or attendance rows, or to school holidays,
 * makes it grow; read before the data, so what is kept is never older than its version) — a write
 * to another convention leaves it kept —, each request costs one cheap statement while nothing changes,
 * and the verdicts are those of ComplianceService, which computes them on a miss.
 */
@Injectable()
export class KeptCompliance {
  private readonly standingsKept = new Map<string, Kept<CommitteeStandingView | undefined>>();
  private readonly periodsKept = new Map<string, Kept<KeptPeriods>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly compliance: ComplianceService,
    private readonly clock: Clock,
  ) {}

  /** The standing and current period of each committee (its convention's time zone given), as ComplianceService.standings. */
  async standings(committees: Array<{ id: string; conventionId: string; timeZone: string }>): Promise<Map<string, CommitteeStandingView>> {
    const result = new Map<string, CommitteeStandingView>();
    if (committees.length === 0) return result;
    const versions = await versionsOf(this.dataSource.manager, committees.map((committee) => committee.conventionId));
    const now = this.clock.now();
    const waiting: Array<[string, Promise<CommitteeStandingView | undefined>]> = [];
    const missing: Array<{ id: string; conventionId: string; timeZone: string }> = [];
    for (const committee of committees) {
      const kept = fresh(this.standingsKept.get(committee.id), versions.get(committee.conventionId) as number, now, committee.timeZone);
      if (kept) waiting.push([committee.id, kept.value]);
      else missing.push(committee);
    }
    if (missing.length > 0) {
      const computed = this.compliance.standings(missing.map((committee) => committee.id));
      for (const committee of missing) {
        const value = computed.then((standings) => standings.get(committee.id));
        const version = versions.get(committee.conventionId) as number;
        keep(this.standingsKept, committee.id, { version, zone: committee.timeZone, day: localDateOf(now, committee.timeZone), value });
        waiting.push([committee.id, value]);
      }
    }
    for (const [id, value] of waiting) {
      const standing = await value;
      if (standing) result.set(id, standing);
    }
    return result;
  }

  /**
   * A committee's standing, periods from its convention's start and minutes, as
   * ComplianceService.committeeCompliance gives them, kept; its requests for a sitting (convening
   * requests are not among the versioned tables) read again each time, when it has that rule.
   */
  async periods(committeeId: string, conventionId: string, timeZone: string): Promise<CommitteePeriods> {
    const version = (await versionsOf(this.dataSource.manager, [conventionId])).get(conventionId) as number;
    const now = this.clock.now();
    let kept = fresh(this.periodsKept.get(committeeId), version, now, timeZone);
    if (!kept) {
      kept = { version, zone: timeZone, day: localDateOf(now, timeZone), value: this.computePeriods(committeeId) };
      keep(this.periodsKept, committeeId, kept);
    }
    const { range, onRequest, ...shown } = await kept.value;
    const requests = onRequest ? await requestStatuses(this.dataSource.manager, onRequest, shown.today, range) : [];
    return { ...shown, requests };
  }

  private async computePeriods(committeeId: string): Promise<KeptPeriods> {
    const [{ today, standing, periods, minutes, range, validity }, committee] = await Promise.all([
      this.compliance.committeeCompliance(committeeId, {}),
      this.dataSource.getRepository(Committee).findOne({ where: { id: committeeId }, relations: { convention: true } }),
    ]);
    const onRequest = committee?.conveningOnRequest
      ? {
          id: committee.id,
          conveningOnRequest: committee.conveningOnRequest,
          convention: { timeZone: committee.convention.timeZone, holidayCountry: committee.convention.holidayCountry, holidayRegion: committee.convention.holidayRegion },
        }
      : null;
    return { today, standing, periods, minutes, range, onRequest, next: await this.nextPeriod(committeeId, periods, validity.end) };
  }

  /** The period that follows the last one listed, when the convention is still in force on its first day. */
  private async nextPeriod(committeeId: string, periods: PeriodComplianceResponse[], validUntil: string | null): Promise<PeriodComplianceResponse | null> {
    const last = periods[periods.length - 1];
    if (!last) return null;
    const first = addDays(last.end, 1);
    if (validUntil !== null && first > validUntil) return null;
    const ahead = await this.compliance.periodsOf([committeeId], first, first);
    return ahead.get(committeeId)?.periods.find((period) => period.start === first) ?? null;
  }
}

/** A kept value still valid: computed from data at least this new, on the same day of its zone. */
function fresh<T>(kept: Kept<T> | undefined, version: number, now: Date, zone: string): Kept<T> | undefined {
  if (!kept || kept.version < version || kept.zone !== zone || kept.day !== localDateOf(now, zone)) return undefined;
  return kept;
}

function keep<T>(kept: Map<string, Kept<T>>, id: string, entry: Kept<T>): void {
  kept.delete(id);
  kept.set(id, entry);
  if (kept.size > KEPT_COMMITTEES) kept.delete(kept.keys().next().value as string);
  // A failed computation is not kept: the next request tries again.
  entry.value.catch(() => {
    if (kept.get(id) === entry) kept.delete(id);
  });
}
