import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Committee } from '../committees/committee.entity';
import { minutesStatuses } from '../meetings/minutes-status';
import { deadlineStatuses } from '../meetings/event-deadline-status';
import { requestStatuses } from '../meetings/convening-requests';
import { Convention } from '../conventions/convention.entity';
import { Clock } from '../common/clock';
import { COMPLIANCE_STATUSES, ComplianceStatus, PeriodCompliance, committeeStanding } from '../rules/frequency.rule';
import { DateRange, LocalDate, addDays, addMonths, startOfLocalDay, earlier, isLocalDate, localDateOf, localDateTimeText } from '../rules/local-date';
import { isWithinValidity, neverInForce } from '../rules/validity.rule';
import { ConventionContext, CONVENTION_FACT_COLUMNS, conventionContext, validityView } from './convention-context';
import { schoolHolidayCalendars } from '../school-holidays/school-holidays.store';
import { ClassificationContext, PeriodClassifier, contextKey } from './period-classifier';
import { ConventionVersion, conventionVersions } from './data-version';
import { ReportCommittee, StandingsPart, Verdict, WantedPart, readStandings, storeStandings } from './stored-standings';
import type { CommitteeKind } from '../committees/committee-rules';
import { CommitteeRuleRow, ConventionWindow, PeriodCounts, PeriodCountsRow, RuleColumns, fetchPeriodCounts, fetchStandingCounts } from './period-counts.query';
import { CommitteeComplianceQuery } from './dto/committee-compliance.query';
import { ListComplianceQuery } from './dto/list-compliance.query';
import {
  CommitteeComplianceResponse,
  ComplianceListResponse,
  ComplianceRowResponse,
  ConventionComplianceResponse,
  PeriodComplianceResponse,
  StandingResponse,
} from './dto/compliance.response';

const DEFAULT_PAGE_SIZE = 50;
/** A range longer than this is refused: it would only list periods nobody reads. */
const MAX_RANGE_YEARS = 30;
/** The days `on`, `from` and `to` may name: enough for any convention, few enough to stay countable. */
const FIRST_DAY = '1900-01-01';
const LAST_DAY = '2199-12-31';
const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Periods fetched per committee for a standing: the current one and the two before it. A standing
 * needs the current period and the last due period ended; for a convention in force on the day,
 * that is the previous period — unless the previous one is its first, less than half in force and
 * so not due, and then there is none, nothing earlier being in force. The third is a margin.
 */
const STANDING_PERIODS = 3;
const NO_COUNTS: PeriodCounts = { committees: [], periods: [] };
const SEVERITY_ORDER: ComplianceStatus[] = ['missed', 'at_risk', 'on_track', 'met', 'not_due'];

/** A committee's standing and the period running today, as its compliance page shows them. */
export interface CommitteeStandingView {
  committeeId: string;
  /** Today in the convention's zone. */
  today: LocalDate;
  standing: StandingResponse;
  /** The period containing today, without its meetings; null when none runs. */
  currentPeriod: PeriodComplianceResponse | null;
}

interface ClassifiedPeriod {
  row: PeriodCountsRow;
  outcome: PeriodCompliance;
}

interface ReportEntry {
  committee: ReportCommittee;
  convention: { id: string; reference: string; timeZone: string };
  /** Shared by the committees of the convention that stand alike. */
  verdict: Verdict;
}

/** A convention's entries, by rank of status (SEVERITY_ORDER), each list by committee key. */
interface PartEntries {
  reference: string;
  byRank: ReportEntry[][];
}

/** Every committee's standing, worst first, then by convention and committee. */
interface StandingsReport {
  entries: ReportEntry[];
}

/**
 * The standings of one convention's committees on one day, kept under the convention's data
 * version: a write to another convention leaves it as it is.
 */
interface ConventionPart {
  version: number;
  day: LocalDate;
  entries: Promise<PartEntries>;
}

/** The parts of one report (one day asked for, or today; one kind or all) and its last assembly. */
interface KeptReport {
  parts: Map<string, ConventionPart>;
  assembled?: { conventionId: string | undefined; from: ConventionPart[]; report: StandingsReport };
}

/** Reports kept, one per filter (day, kind) asked for most recently. */
const KEPT_REPORTS = 16;

/**
 * Whether committees meet as often as their convention says. The database generates every
 * committee's periods and counts their meetings in one statement (period-counts.query.ts); the
 * frequency rule then classifies the rows in one pass (period-classifier.ts).
 */
@Injectable()
export class ComplianceService implements OnModuleDestroy {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  private readonly reports = new Map<string, KeptReport>();
  private readonly logger = new Logger(ComplianceService.name);
  /** The standings computed and not yet stored (stored-standings.ts). */
  private storing: Promise<void> = Promise.resolve();

  async committeeCompliance(committeeId: string, query: CommitteeComplianceQuery): Promise<CommitteeComplianceResponse> {
    const committee = await this.dataSource.getRepository(Committee).findOne({
      where: { id: committeeId },
      relations: { convention: true },
    });
    if (!committee) throw DomainError.notFound('committee', `id ${committeeId}`);
    const zones = await schoolHolidayCalendars(this.dataSource.manager, [committee.convention.schoolZone]);
    const context = conventionContext(committee.convention, this.clock.now(), undefined, zones);
    const range = requestedRange(context, query.from, query.to);
    const { periods: rows } = range
      ? await fetchPeriodCounts(this.dataSource.manager, [windowOf(context, range)], { committeeIds: [committee.id], withMeetings: true })
      : NO_COUNTS;
    const classifyContext = classificationContext(committee, context);
    const periods = classifyAll(rows, new PeriodClassifier(), classifyContext);
    return {
      committee: committeeRef(committee),
      convention: conventionRef(context),
      frequency: frequencyView(committee),
      notice: { days: committee.notice.days, dayKind: committee.notice.dayKind },
      validity: validityView(context.validity),
      today: context.today,
      range,
      standing: standingOf(periods, context, classifyContext),
      periods: periods.map((entry) => periodView(entry, context.facts.timeZone, true, classifyContext)),
      // The minutes of the sittings held in the range, under the committee's minutes rule (none without one).
      minutes: range
        ? await minutesStatuses(this.dataSource.manager, committee, context.today, {
            from: startOfLocalDay(range.start, context.facts.timeZone),
            before: startOfLocalDay(addDays(range.end, 1), context.facts.timeZone),
          })
        : [],
      // The sittings due after events whose day falls in the range (none when the rules name no event).
      deadlines: range ? await deadlineStatuses(this.dataSource.manager, committee, context.today, range) : [],
      // The requests for a sitting received in the range, the ones whose deadline nears or passed flagged.
      requests: range ? await requestStatuses(this.dataSource.manager, committee, context.today, range) : [],
    };
  }

  async conventionCompliance(idOrReference: string): Promise<ConventionComplianceResponse> {
    const repository = this.dataSource.getRepository(Convention);
    const convention = await repository.findOne({
      select: CONVENTION_FACT_COLUMNS,
      where: UUID_SHAPE.test(idOrReference) ? [{ id: idOrReference }, { reference: idOrReference }] : { reference: idOrReference },
    });
    if (!convention) throw DomainError.notFound('convention', `id or reference ${idOrReference}`);
    const zones = await schoolHolidayCalendars(this.dataSource.manager, [convention.schoolZone]);
    const context = conventionContext(convention, this.clock.now(), undefined, zones);
    const range = requestedRange(context);
    const committees = await this.dataSource.getRepository(Committee).find({
      where: { conventionId: convention.id },
      order: { key: 'ASC' },
    });
    const { periods: rows } = range ? await fetchPeriodCounts(this.dataSource.manager, [windowOf(context, range)], {}) : NO_COUNTS;
    const byCommittee = groupBy(rows, (row) => row.committeeId);
    const classifier = new PeriodClassifier();
    return {
      convention: conventionRef(context),
      validity: validityView(context.validity),
      today: context.today,
      range,
      committees: committees.map((committee) => {
        const classifyContext = classificationContext(committee, context);
        const periods = classifyAll(byCommittee.get(committee.id) ?? [], classifier, classifyContext);
        return {
          committee: committeeRef(committee),
          frequency: frequencyView(committee),
          standing: standingOf(periods, context, classifyContext),
          periods: periods.map((entry) => periodView(entry, context.facts.timeZone, false, classifyContext)),
        };
      }),
    };
  }

  /**
   * The standing and current period of many committees at once (a person's home page), each as
   * committeeCompliance computes it over its default range: a few statements for all of them,
   * never one per committee. Unknown ids are left out of the answer.
   */
  async standings(committeeIds: string[]): Promise<Map<string, CommitteeStandingView>> {
    const result = new Map<string, CommitteeStandingView>();
    if (committeeIds.length === 0) return result;
    const contexts = await this.contextsOf(await this.conventionsOfCommittees(committeeIds), this.clock.now());
    if (contexts.size === 0) return result;
    const windows: ConventionWindow[] = [];
    for (const context of contexts.values()) {
      const range = requestedRange(context);
      if (range) windows.push(windowOf(context, range));
    }
    // Conventions without a range still have committees: they stand with no period.
    const counts = await fetchPeriodCounts(this.dataSource.manager, windows, { committeeIds });
    const ruled = new Map(counts.committees.map((committee) => [committee.committeeId, committee]));
    const missing = committeeIds.filter((id) => !ruled.has(id));
    if (missing.length > 0) {
      const rows: Committee[] = await this.dataSource.getRepository(Committee).find({ where: { id: In(missing) } });
      for (const committee of rows) ruled.set(committee.id, committeeRuleRow(committee));
    }
    const byCommittee = groupBy(counts.periods, (row) => row.committeeId);
    const classifier = new PeriodClassifier();
    const classifyContexts = new Map<string, ClassificationContext>();
    for (const committee of ruled.values()) {
      const context = contexts.get(committee.conventionId);
      if (!context) continue;
      const classifyContext = sharedClassificationContext(committee, context, classifyContexts);
      const decisive = decisivePeriods(byCommittee.get(committee.committeeId) ?? [], classifier, classifyContext);
      const current = decisive.find((entry) => entry.outcome.period.start <= context.today && context.today <= entry.outcome.period.end) ?? null;
      result.set(committee.committeeId, {
        committeeId: committee.committeeId,
        today: context.today,
        standing: standingOf(decisive, context, classifyContext),
        currentPeriod: current ? periodView(current, context.facts.timeZone, false, classifyContext) : null,
      });
    }
    return result;
  }

  /**
   * The periods of many committees over the same days (the overview's year view), each as
   * committeeCompliance lists them for that range, without their meetings: the same few
   * statements for twenty committees as for one, instead of a dozen per committee.
   */
  async periodsOf(committeeIds: string[], from: LocalDate, to: LocalDate): Promise<Map<string, { today: LocalDate; periods: PeriodComplianceResponse[] }>> {
    const result = new Map<string, { today: LocalDate; periods: PeriodComplianceResponse[] }>();
    if (committeeIds.length === 0) return result;
    const contexts = await this.contextsOf(await this.conventionsOfCommittees(committeeIds), this.clock.now());
    if (contexts.size === 0) return result;
    const windows = [...contexts.values()].map((context) => windowOf(context, requestedRange(context, from, to) as DateRange));
    const counts = await fetchPeriodCounts(this.dataSource.manager, windows, { committeeIds });
    const byCommittee = groupBy(counts.periods, (row) => row.committeeId);
    const classifier = new PeriodClassifier();
    const classifyContexts = new Map<string, ClassificationContext>();
    for (const committee of counts.committees) {
      const context = contexts.get(committee.conventionId) as ConventionContext;
      const classifyContext = sharedClassificationContext(committee, context, classifyContexts);
      const periods = classifyAll(byCommittee.get(committee.committeeId) ?? [], classifier, classifyContext);
      result.set(committee.committeeId, { today: context.today, periods: periods.map((entry) => periodView(entry, context.facts.timeZone, false, classifyContext)) });
    }
    return result;
  }

  /**
   * The académie's view: every committee of the conventions in force on the day, with its standing
   * (the worse of its current period and its last due period ended), filtered and paginated. The
   * standings of all committees are computed once per day and data version, and kept (see report()).
   */
  async list(query: ListComplianceQuery, visible?: (conventionId: string, committeeId: string) => boolean): Promise<ComplianceListResponse> {
    if (query.on !== undefined && (query.on < FIRST_DAY || query.on > LAST_DAY)) {
      throw DomainError.invalid([{ path: 'on', code: 'not_in_range', message: `must be a day from ${FIRST_DAY} to ${LAST_DAY}` }]);
    }
    const { entries } = await this.report(query.on, query.kind, query.conventionId);
    const wanted = new Set<ComplianceStatus>(query.status ?? COMPLIANCE_STATUSES);
    const kept = entries.filter(
      ({ committee, verdict }) => wanted.has(verdict.standing.status) && (!visible || visible(committee.conventionId, committee.committeeId)),
    );
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const items: ComplianceRowResponse[] = kept.slice((page - 1) * pageSize, page * pageSize).map(rowResponse);
    return { items, page, pageSize, total: kept.length };
  }

  /**
   * What list() answers, and beside it how many committees the person may read stand in each
   * status (over the other filters): one pass over the kept report, for a page that shows the
   * counts above one page of rows (the overview), instead of one list() per status.
   */
  async countedList(
    query: ListComplianceQuery,
    visible?: (conventionId: string, committeeId: string) => boolean,
  ): Promise<{ counts: Record<ComplianceStatus, number>; list: ComplianceListResponse }> {
    if (query.on !== undefined && (query.on < FIRST_DAY || query.on > LAST_DAY)) {
      throw DomainError.invalid([{ path: 'on', code: 'not_in_range', message: `must be a day from ${FIRST_DAY} to ${LAST_DAY}` }]);
    }
    const { entries } = await this.report(query.on, query.kind, query.conventionId);
    const wanted = new Set<ComplianceStatus>(query.status ?? COMPLIANCE_STATUSES);
    const counts = Object.fromEntries(COMPLIANCE_STATUSES.map((status) => [status, 0])) as Record<ComplianceStatus, number>;
    const kept: ReportEntry[] = [];
    for (const entry of entries) {
      if (visible && !visible(entry.committee.conventionId, entry.committee.committeeId)) continue;
      counts[entry.verdict.standing.status] += 1;
      if (wanted.has(entry.verdict.standing.status)) kept.push(entry);
    }
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const pages = Math.max(1, Math.ceil(kept.length / pageSize));
    // A page past the last shows the last: the overview's links never lead to an empty page.
    const page = Math.min(Math.max(1, query.page ?? 1), pages);
    const items = kept.slice((page - 1) * pageSize, page * pageSize).map(rowResponse);
    return { counts, list: { items, page, pageSize, total: kept.length } };
  }

  /**
   * Every committee's standing, worst first, as list() filters and pages it. Each convention's
   * part is kept while its data is unchanged (conventionVersions) and its day is the same: after a
   * write, only the conventions written are computed again, all of them in one statement, and
   * the parts are put together. Requests arriving while a part is computed wait for it rather than
   * compute it again.
   */
  private async report(on: LocalDate | undefined, kind: CommitteeKind | undefined, conventionId: string | undefined): Promise<StandingsReport> {
    const versions = await conventionVersions(this.dataSource.manager);
    const now = this.clock.now();
    const key = `${on ?? ''}|${kind ?? ''}`;
    let kept = this.reports.get(key);
    this.reports.delete(key);
    if (!kept) kept = { parts: new Map() };
    this.reports.set(key, kept);
    if (this.reports.size > KEPT_REPORTS) this.reports.delete(this.reports.keys().next().value as string);

    const inScope = conventionId === undefined ? versions : versions.filter((convention) => convention.id === conventionId);
    const todayIn = new Map<string, LocalDate>();
    const dayOf = (timeZone: string): LocalDate => {
      let day = todayIn.get(timeZone);
      if (day === undefined) {
        day = on ?? localDateOf(now, timeZone);
        todayIn.set(timeZone, day);
      }
      return day;
    };
    const stale = inScope.filter(({ id, timeZone, version }) => {
      const part = kept.parts.get(id);
      return !part || part.version < version || part.day !== dayOf(timeZone);
    });
    if (stale.length > 0) {
      const computed = this.storedOrComputedParts(
        now,
        on,
        kind,
        stale.map(({ id, timeZone, version }) => ({ conventionId: id, version, day: dayOf(timeZone) })),
      );
      const conventions = new Map(stale.map((convention) => [convention.id, convention]));
      for (const { id, timeZone, version } of stale) {
        const part: ConventionPart = {
          version,
          day: dayOf(timeZone),
          entries: computed.then((byConvention) => entriesOf(byConvention.get(id), conventions.get(id) as ConventionVersion)),
        };
        kept.parts.set(id, part);
        part.entries.catch(() => {
          if (kept.parts.get(id) === part) kept.parts.delete(id);
        });
      }
    }
    if (conventionId === undefined) {
      // Conventions removed since: their parts go.
      const present = new Set(versions.map(({ id }) => id));
      for (const id of kept.parts.keys()) if (!present.has(id)) kept.parts.delete(id);
    }
    const from = inScope.map(({ id }) => kept.parts.get(id) as ConventionPart);
    const assembled = kept.assembled;
    if (assembled && assembled.conventionId === conventionId && assembled.from.length === from.length && assembled.from.every((part, index) => part === from[index])) {
      return assembled.report;
    }
    // Worst first, then by convention and committee: each part comes sorted by status and key,
    // so the parts in the order of their references, status after status, are the report.
    const parts = (await Promise.all(from.map((part) => part.entries))).sort((a, b) => byText(a.reference, b.reference));
    const entries: ReportEntry[] = [];
    for (let rank = 0; rank < SEVERITY_ORDER.length; rank += 1) {
      for (const part of parts) for (const entry of part.byRank[rank]) entries.push(entry);
    }
    const report = { entries };
    kept.assembled = { conventionId, from, report };
    return report;
  }

  /** The conventions the committees belong to. */
  private async conventionsOfCommittees(committeeIds: string[]): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query('SELECT DISTINCT convention_id AS id FROM committees WHERE id = ANY($1::uuid[])', [committeeIds]);
    return rows.map((row) => row.id);
  }

  /** The context (validity, holidays, today or `on`) of each convention named, by id: two statements for all of them. */
  private async contextsOf(conventionIds: string[], now: Date, on?: LocalDate): Promise<Map<string, ConventionContext>> {
    const contexts = new Map<string, ConventionContext>();
    if (conventionIds.length === 0) return contexts;
    const conventions = await this.dataSource.getRepository(Convention).find({ select: CONVENTION_FACT_COLUMNS, where: { id: In(conventionIds) } });
    const zones = await schoolHolidayCalendars(this.dataSource.manager, conventions.map((facts) => facts.schoolZone));
    for (const facts of conventions) contexts.set(facts.id, conventionContext(facts, now, on, zones));
    return contexts;
  }

  /**
   * The standings stored under each convention's version and day when there are (a service just
   * started), computed otherwise — and then stored, without making the request wait for it.
   */
  private async storedOrComputedParts(now: Date, on: LocalDate | undefined, kind: CommitteeKind | undefined, wanted: WantedPart[]): Promise<Map<string, StandingsPart>> {
    const parts = await readStandings(this.dataSource.manager, kind, wanted);
    const missing = wanted.filter(({ conventionId }) => !parts.has(conventionId));
    if (missing.length === 0) return parts;
    const computed = await this.computeParts(
      now,
      on,
      kind,
      missing.map(({ conventionId }) => conventionId),
    );
    const none: StandingsPart = { committees: [], verdicts: [] };
    const stored = storeStandings(
      this.dataSource.manager,
      now,
      kind,
      missing.map((part) => ({ ...part, part: computed.get(part.conventionId) ?? none })),
    ).catch((error: unknown) => this.logger.warn(`compliance standings not stored: ${error instanceof Error ? error.message : String(error)}`));
    this.storing = Promise.all([this.storing, stored]).then(() => undefined);
    for (const [id, part] of computed) parts.set(id, part);
    return parts;
  }

  /**
   * Drops the reports kept in memory; the stored standings stay, and the next report reads them
   * back (a part of the same day and data version) or computes what changed. The worker's daily
   * run calls it once its standings are stored: between runs it holds nothing of the report.
   */
  forgetReports(): void {
    this.reports.clear();
  }

  /** Resolves once the standings computed so far are stored (or failed to be): for tests, benchmarks and shutdown. */
  async standingsStored(): Promise<void> {
    await this.storing;
  }

  /** Before the database connection closes. */
  async onModuleDestroy(): Promise<void> {
    await this.standingsStored();
  }

  /** The standings of the conventions named, by convention: one statement for all of them. */
  private async computeParts(now: Date, on: LocalDate | undefined, kind: CommitteeKind | undefined, conventionIds: string[]): Promise<Map<string, StandingsPart>> {
    const contexts = await this.contextsOf(conventionIds, now, on);
    const windows: ConventionWindow[] = [];
    for (const [id, context] of contexts) {
      if (!isWithinValidity(context.today, context.validity)) {
        contexts.delete(id);
        continue;
      }
      windows.push(windowOf(context, { start: context.validity.start as LocalDate, end: context.today }));
    }
    const counts = await fetchStandingCounts(this.dataSource.manager, windows, { kind, latest: STANDING_PERIODS });

    const classifier = new PeriodClassifier();
    // Committees of one rule (one classification context) stand the same when their counts in the
    // periods that decide their standing are the same: decided once per rule and counts.
    const rules = counts.rules.map((rule, index) => {
      const context = contexts.get(rule.conventionId) as ConventionContext;
      const classifyContext = classificationContext(ruleColumns(rule), context);
      // Ordinals count the rule's periods from 1, in the order of its rows.
      const decisive: boolean[] = [];
      for (const at of decisiveIndexes(counts.rowsOf(index, ''), classifier, classifyContext)) decisive[at + 1] = true;
      return { context, classifyContext, decisive, verdicts: new Map<string, Verdict>() };
    });
    const byConvention = new Map<string, StandingsPart>();
    for (const committee of counts.committees) {
      const { context, classifyContext, decisive, verdicts } = rules[committee.rule];
      const tallies = counts.tallies(committee.slots, decisive);
      let verdict = verdicts.get(tallies);
      if (!verdict) {
        const decisive = decisivePeriods(counts.rowsOf(committee.rule, tallies), classifier, classifyContext);
        const standing = standingOf(decisive, context, classifyContext);
        const deciding = decisive.find((entry) => entry.outcome.period.key === standing.period?.key);
        const current = decisive.find((entry) => entry.outcome.period.start <= context.today && context.today <= entry.outcome.period.end);
        const decidingView = deciding ? periodView(deciding, context.facts.timeZone, false) : null;
        verdict = {
          standing,
          deciding: decidingView,
          // Mostly the same period: then the same view, stored once.
          current: current === deciding ? decidingView : current ? periodView(current, context.facts.timeZone, false) : null,
        };
        verdicts.set(tallies, verdict);
      }
      const conventionId = context.facts.id;
      let part = byConvention.get(conventionId);
      if (!part) {
        part = { committees: [], verdicts: [] };
        byConvention.set(conventionId, part);
      }
      part.committees.push({
        committeeId: committee.committeeId,
        committeeKey: committee.committeeKey,
        committeeName: committee.committeeName,
        committeeKind: committee.committeeKind,
        conventionId,
      });
      part.verdicts.push(verdict);
    }
    return byConvention;
  }
}

/**
 * The periods asked for: by default, from the convention's start to today (or its end, if
 * earlier), over 30 years at most.
 */
function requestedRange(context: ConventionContext, from?: string, to?: string): DateRange | null {
  for (const [path, value] of [['from', from], ['to', to]] as const) {
    if (value !== undefined && !isLocalDate(value)) {
      throw DomainError.invalid([{ path, code: 'not_a_date', message: 'must be an existing date written YYYY-MM-DD' }]);
    }
    if (value !== undefined && (value < FIRST_DAY || value > LAST_DAY)) {
      throw DomainError.invalid([{ path, code: 'not_in_range', message: `must be a day from ${FIRST_DAY} to ${LAST_DAY}` }]);
    }
  }
  const { validity, today } = context;
  const never = neverInForce(validity);
  let start = from ?? (never ? null : validity.start);
  if (start === null) {
    return to === undefined ? null : { start: to, end: to };
  }
  let end = to ?? (validity.end !== null && !never ? earlier(today, validity.end) : today);
  if (to === undefined && end < start) end = start;
  if (end < start) {
    throw DomainError.invalid([{ path: 'to', code: 'inconsistent', message: `must not be before the range's start, ${start}` }]);
  }
  const earliestStart = addMonths(end, -MAX_RANGE_YEARS * 12);
  if (start < earliestStart) {
    if (from !== undefined) {
      throw DomainError.invalid([{ path: 'from', code: 'not_in_range', message: `the range may span at most ${MAX_RANGE_YEARS} years` }]);
    }
    start = earliestStart;
  }
  return { start, end };
}

function windowOf(context: ConventionContext, range: DateRange): ConventionWindow {
  const never = neverInForce(context.validity);
  return {
    conventionId: context.facts.id,
    validFrom: never ? null : context.validity.start,
    validUntil: never ? null : context.validity.end,
    rangeFrom: range.start,
    rangeTo: range.end,
    today: context.today,
    publicHolidays: publicHolidaysAhead(context),
  };
}

/**
 * The public holidays from today's year to two years on, which a notice in working days skips: a
 * meeting further ahead leaves hundreds of working days, more than any notice asks.
 */
function publicHolidaysAhead(context: ConventionContext): LocalDate[] {
  const year = Number(context.today.slice(0, 4));
  return [year, year + 1, year + 2].flatMap((each) => context.holidays.holidaysOfYear?.(each) ?? []);
}

type CommitteeRuleColumns = Pick<Committee, 'frequency' | 'notice' | 'meetsDuringSchoolHolidays'>;

function ruleColumns(row: RuleColumns & Partial<Pick<CommitteeRuleRow, 'frequencyText'>>): CommitteeRuleColumns {
  return {
    frequency: {
      minimum: row.frequencyMinimum,
      period: row.frequencyPeriod,
      calendar: row.frequencyCalendar,
      months: row.frequencyMonths,
      counts: row.frequencyCounts,
      text: row.frequencyText ?? null,
    },
    notice: { days: row.noticeDays, dayKind: row.noticeDayKind, urgentDays: null, text: null },
    meetsDuringSchoolHolidays: row.meetsDuringSchoolHolidays,
  };
}

/** One classification context per convention and rule: committees sharing them share the rule's outcomes. */
function sharedClassificationContext(
  committee: CommitteeRuleRow,
  context: ConventionContext,
  contexts: Map<string, ClassificationContext>,
): ClassificationContext {
  const shared =
    `${committee.conventionId}|${committee.frequencyCalendar}|${committee.frequencyPeriod}|${committee.frequencyMonths}|` +
    `${committee.frequencyMinimum}|${committee.frequencyCounts}|${committee.noticeDays}|${committee.noticeDayKind}|${committee.meetsDuringSchoolHolidays}`;
  let classifyContext = contexts.get(shared);
  if (!classifyContext) {
    classifyContext = classificationContext(ruleColumns(committee), context);
    contexts.set(shared, classifyContext);
  }
  return classifyContext;
}

function committeeRuleRow(committee: Committee): CommitteeRuleRow {
  return {
    committeeId: committee.id,
    committeeKey: committee.key,
    committeeName: committee.name,
    committeeKind: committee.kind,
    conventionId: committee.conventionId,
    frequencyMinimum: committee.frequency.minimum,
    frequencyPeriod: committee.frequency.period,
    frequencyCalendar: committee.frequency.calendar,
    frequencyMonths: committee.frequency.months,
    frequencyText: committee.frequency.text,
    noticeDays: committee.notice.days,
    noticeDayKind: committee.notice.dayKind,
    frequencyCounts: committee.frequency.counts,
    meetsDuringSchoolHolidays: committee.meetsDuringSchoolHolidays,
  };
}

function classificationContext(committee: CommitteeRuleColumns, context: ConventionContext): ClassificationContext {
  const facts: Omit<ClassificationContext, 'key'> = {
    conventionKey: context.facts.id,
    validity: context.validity,
    holidays: context.holidays,
    schoolHolidays: committee.meetsDuringSchoolHolidays ? undefined : context.schoolHolidays,
    rule: {
      minimum: committee.frequency.minimum,
      period: committee.frequency.period,
      calendar: committee.frequency.calendar,
      months: committee.frequency.months,
      counts: committee.frequency.counts,
    },
    notice: { days: committee.notice.days, dayKind: committee.notice.dayKind, holidays: context.holidays },
    today: context.today,
  };
  return { ...facts, key: contextKey(facts) };
}

/**
 * The only periods a standing depends on (frequency.rule's committeeStanding): the one containing
 * today and the last due one that has ended. Classifying just these keeps the report to a couple
 * of rule evaluations per committee however long its history.
 */
function decisivePeriods(rows: PeriodCountsRow[], classifier: PeriodClassifier, context: ClassificationContext): ClassifiedPeriod[] {
  return classifyAll(
    decisiveIndexes(rows, classifier, context).map((index) => rows[index]),
    classifier,
    context,
  );
}

/**
 * Where decisivePeriods' periods are among the rows: the last due one ended, then the current
 * one. Which they are depends on the periods, the validity, the rule and today, never on the
 * counts — the same for every committee of one classification context.
 */
function decisiveIndexes(rows: PeriodCountsRow[], classifier: PeriodClassifier, context: ClassificationContext): number[] {
  const { today } = context;
  let current: number | null = null;
  let recent: number | null = null;
  for (let index = rows.length - 1; index >= 0 && recent === null; index -= 1) {
    const row = rows[index];
    if (row.periodStart <= today && today <= row.periodEnd) {
      current = index;
    } else if (row.periodEnd < today) {
      const requirement = classifier.requirement(classifier.period(row.periodStart, row.periodEnd, context), context);
      if (requirement.required > 0 && requirement.inForce !== null) recent = index;
    }
  }
  return [recent, current].filter((index): index is number => index !== null);
}

function standingOf(periods: ClassifiedPeriod[], context: ConventionContext, classifyContext: ClassificationContext): StandingResponse {
  const standing = committeeStanding(
    periods.map((entry) => entry.outcome),
    context.today,
  );
  const reasons =
    periods.length === 0 && classifyContext.rule.calendar === 'signature' && neverInForce(context.validity)
      ? [`periods are counted from the convention's start, and it has none (${validityView(context.validity).description})`]
      : standing.reasons;
  return {
    status: standing.status,
    behind: standing.behind,
    period: standing.period ? { key: standing.period.key, label: standing.period.label, start: standing.period.start, end: standing.period.end } : null,
    reasons,
  };
}

function periodView(entry: ClassifiedPeriod, zone: string, withMeetings: boolean, context?: ClassificationContext): PeriodComplianceResponse {
  const { outcome, row } = entry;
  const view: PeriodComplianceResponse = {
    key: outcome.period.key,
    label: outcome.period.label,
    start: outcome.period.start,
    end: outcome.period.end,
    inForce: outcome.inForce,
    required: outcome.required,
    heldWithQuorum: outcome.heldWithQuorum,
    heldWithoutQuorum: outcome.heldWithoutQuorum,
    heldQuorumUnknown: outcome.heldQuorumUnknown,
    scheduled: outcome.scheduled,
    status: outcome.status,
    lastDayToConvene: outcome.lastDayToConvene,
    reasons: outcome.reasons,
  };
  if (withMeetings) {
    view.meetings = (row.meetings ?? []).map((meeting) => {
      const startsAt = new Date(meeting.startsAt);
      return {
        id: meeting.id,
        startsAt: startsAt.toISOString(),
        localStart: localDateTimeText(startsAt, zone),
        state: meeting.state,
        quorumReached: meeting.quorumReached,
        kind: meeting.kind,
        counts:
          meeting.inForce &&
          meeting.state === 'held' &&
          meeting.quorumReached === true &&
          (context?.rule.counts === 'any' || meeting.kind === 'ordinary'),
        inForce: meeting.inForce,
      };
    });
  }
  return view;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A convention's entries in the report, from its standings (none when it has no committee in force). */
function entriesOf(part: StandingsPart | undefined, convention: ConventionVersion): PartEntries {
  const ref = { id: convention.id, reference: convention.reference, timeZone: convention.timeZone };
  const byRank: ReportEntry[][] = SEVERITY_ORDER.map(() => []);
  part?.committees.forEach((committee, index) => {
    const verdict = part.verdicts[index];
    byRank[SEVERITY_ORDER.indexOf(verdict.standing.status)].push({ committee, convention: ref, verdict });
  });
  for (const entries of byRank) entries.sort((a, b) => byText(a.committee.committeeKey, b.committee.committeeKey));
  return { reference: convention.reference, byRank };
}

function rowResponse({ committee, convention, verdict: { standing, deciding, current } }: ReportEntry): ComplianceRowResponse {
  return {
    committee: { id: committee.committeeId, key: committee.committeeKey, name: committee.committeeName, kind: committee.committeeKind },
    convention,
    status: standing.status,
    behind: standing.behind,
    period: deciding,
    currentPeriod: current,
    reasons: standing.reasons,
  };
}

function classifyAll(rows: PeriodCountsRow[], classifier: PeriodClassifier, context: ClassificationContext): ClassifiedPeriod[] {
  return rows.map((row) => ({ row, outcome: classifier.classify(classifier.period(row.periodStart, row.periodEnd, context), row, context) }));
}

function frequencyView({ frequency }: Pick<Committee, 'frequency'>) {
  return {
    minimum: frequency.minimum,
    period: frequency.period,
    calendar: frequency.calendar,
    months: frequency.months,
    counts: frequency.counts,
    text: frequency.text,
  };
}

function committeeRef(committee: Pick<Committee, 'id' | 'key' | 'name' | 'kind'>) {
  return { id: committee.id, key: committee.key, name: committee.name, kind: committee.kind };
}

function conventionRef(context: ConventionContext) {
  return { id: context.facts.id, reference: context.facts.reference, timeZone: context.facts.timeZone };
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
