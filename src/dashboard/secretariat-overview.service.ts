import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessPolicy, Subject } from '../auth';
import { Clock } from '../common/clock';
import { CommitteeKind } from '../committees/committee-rules';
import { ComplianceService } from '../compliance/compliance.service';
import { ComplianceRowResponse, PeriodComplianceResponse } from '../compliance/dto/compliance.response';
import { COMPLIANCE_STATUSES, ComplianceStatus, periodAheadStatus } from '../rules/frequency.rule';
import { LocalDate, addDays, addMonths, localDate, localDateOf, monthOf, yearOf } from '../rules/local-date';

/** Pure: who sees which committee needs no request-scoped state. */
const POLICY = new AccessPolicy();
/** Everything the compliance list keeps, in one call: the page counts, filters and pages it itself. */
const ALL_ROWS = Number.MAX_SAFE_INTEGER;
export const OVERVIEW_PAGE_SIZE = 50;
/** The year view's rows are wide: fewer per page. */
export const YEAR_PAGE_SIZE = 20;

export interface OverviewFilters {
  conventionId?: string;
  commune?: string;
  circonscription?: string;
  kind?: CommitteeKind;
  status?: ComplianceStatus[];
}

export interface OverviewRow {
  committeeId: string;
  committeeName: string;
  kind: CommitteeKind;
  conventionId: string;
  conventionTitle: string;
  conventionReference: string;
  timeZone: string;
  status: ComplianceStatus;
  behind: boolean;
  /** The period that decided the standing. */
  period: { label: string; lastDayToConvene: LocalDate | null } | null;
  /** The period running today, and what it still needs. */
  currentPeriod: { label: string; status: ComplianceStatus; lastDayToConvene: LocalDate | null } | null;
  reasons: string[];
}

export interface Overview {
  /** What the person sees: every convention (académie, global role) or those of their grants. */
  everything: boolean;
  /** Whether they see conventions as their secretariat, committees where they have another role, or both (the page says which). */
  reach: { secretariat: boolean; otherRoles: boolean };
  counts: Record<ComplianceStatus, number>;
  /** Committees matching every filter (the standing included), over all pages. */
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  rows: OverviewRow[];
  choices: { conventions: { id: string; title: string }[]; communes: string[]; circonscriptions: string[] };
}

/** One period of a committee in the year view: which months it covers, and its standing. */
export interface YearCell {
  months: number;
  label: string | null;
  /** A standing, or upcoming (not begun, its sittings not all scheduled), or out (the convention is not in force then). */
  status: ComplianceStatus | 'upcoming' | 'out';
  /** For a period not begun: the sittings already scheduled in it, of the kind its rule counts. */
  scheduled: number;
}

export interface YearView {
  /** The school year shown, « 2025-2026 »: September to August. */
  label: string;
  months: LocalDate[];
  committees: { row: OverviewRow; cells: YearCell[] }[];
}

/**
 * The overview of a secretariat (its conventions, those of its académie or département) and of the
 * académie (everything): every committee's standing, from the compliance report of
 * ComplianceService.list, narrowed by place, counted by standing and paged.
 */
@Injectable()
export class SecretariatOverviewService {
  constructor(
    private readonly compliance: ComplianceService,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Whether the person oversees conventions (a secretariat, an administrator): the overview is theirs. */
  oversees(subject: Subject): boolean {
    const managed = POLICY.managedConventions(subject);
    return managed === 'all' || managed.length > 0;
  }

  /** Every committee matching the filters (all pages): for the export. */
  async rows(subject: Subject, filters: OverviewFilters): Promise<{ rows: OverviewRow[]; counts: Record<ComplianceStatus, number> }> {
    const visible = await this.visibility(subject, filters);
    const report = await this.compliance.list({ conventionId: filters.conventionId, kind: filters.kind, pageSize: ALL_ROWS }, visible);
    const counts = Object.fromEntries(COMPLIANCE_STATUSES.map((status) => [status, 0])) as Record<ComplianceStatus, number>;
    for (const item of report.items) counts[item.status] += 1;
    const wanted = filters.status?.length ? new Set(filters.status) : null;
    const kept = wanted ? report.items.filter((item) => wanted.has(item.status)) : report.items;
    const titles = await this.titles([...new Set(kept.map((item) => item.convention.id))]);
    return { rows: kept.map((item) => rowOf(item, titles)), counts };
  }

  /**
   * One page of the overview. The kept compliance report is counted by standing and paged in one
   * pass by ComplianceService.countedList, so that only the page's rows are built: building every
   * row of 50,000 committees to show 50 took most of a national page's second.
   */
  async overview(subject: Subject, filters: OverviewFilters, page: number, pageSize = OVERVIEW_PAGE_SIZE): Promise<Overview> {
    const [visible, choices] = await Promise.all([this.visibility(subject, filters), this.choices(subject)]);
    const { counts, list } = await this.compliance.countedList(
      { conventionId: filters.conventionId, kind: filters.kind, status: filters.status?.length ? filters.status : undefined, page, pageSize },
      visible,
    );
    const { items, total, page: shown } = list;
    const pages = Math.max(1, Math.ceil(total / pageSize));
    const titles = await this.titles([...new Set(items.map((item) => item.convention.id))]);
    return {
      everything: POLICY.seesEverything(subject),
      reach: {
        secretariat: subject.grants.some((grant) => grant.role === 'secretariat'),
        otherRoles: subject.grants.some((grant) => grant.role !== 'secretariat') || subject.memberOf.length > 0 || subject.convenerBySeat.length > 0,
      },
      counts,
      total,
      page: shown,
      pageSize,
      pages,
      rows: items.map((item) => rowOf(item, titles)),
      choices,
    };
  }

  /**
   * How many committees the person follows are behind, by standing: for a secretariat's or the
   * académie's home page. Null for someone who follows no convention (a director, a member).
   */
  async behind(subject: Subject): Promise<{ atRisk: number; missed: number } | null> {
    if (!POLICY.seesEverything(subject) && !subject.grants.some((grant) => grant.role === 'secretariat')) return null;
    const { counts } = await this.compliance.countedList({ status: ['at_risk', 'missed'], page: 1, pageSize: 1 }, await this.visibility(subject, {}));
    return { atRisk: counts.at_risk, missed: counts.missed };
  }

  /**
   * Whether a committee is in the filters' places and the person may read it (meeting.read, as on
   * GET /compliance). Who sees everything is not asked committee by committee; for the others, a committee outside
   * every convention and committee of their scope is refused without asking.
   */
  private async visibility(subject: Subject, filters: OverviewFilters): Promise<(conventionId: string, committeeId: string) => boolean> {
    const places = filters.commune || filters.circonscription ? await this.committeesIn(filters.commune, filters.circonscription) : null;
    const scope = POLICY.visibleScope(subject);
    if (scope.all) return places === null ? () => true : (_conventionId, committeeId) => places.has(committeeId);
    const conventions = new Set(scope.conventionIds);
    const committees = new Set(scope.committeeIds);
    return (conventionId, committeeId) =>
      (places === null || places.has(committeeId)) &&
      (conventions.has(conventionId) || committees.has(committeeId)) &&
      POLICY.decide(subject, 'meeting.read', { conventionId, committeeId }).allowed;
  }

  /**
   * The school year (September to August) of today, month by month, for these committees: each
   * period of their rule that overlaps it, with its standing.
   */
  async year(rows: OverviewRow[]): Promise<YearView> {
    const today = localDateOf(this.clock.now(), 'Europe/Paris');
    const startYear = monthOf(today) >= 9 ? yearOf(today) : yearOf(today) - 1;
    const first = localDate(startYear, 9, 1);
    const months = Array.from({ length: 12 }, (_, index) => addMonths(first, index));
    const last = addMonths(first, 12);
    // The page's committees together: a few statements, not a dozen per committee.
    const periods = await this.compliance.periodsOf(rows.map((row) => row.committeeId), first, addDays(last, -1));
    const committees = rows.map((row) => {
      const compliance = periods.get(row.committeeId) ?? { periods: [], today };
      return { row, cells: yearCells(months, compliance.periods, compliance.today) };
    });
    return { label: `${startYear}-${startYear + 1}`, months, committees };
  }

  /** The committees of a commune or circonscription: their school's, or their convention's schools'. */
  private async committeesIn(commune: string | undefined, circonscription: string | undefined): Promise<Set<string>> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT k.id
         FROM committees k
         LEFT JOIN schools own ON own.id = k.school_id
        WHERE ($1::text IS NULL OR own.commune = $1 OR (k.school_id IS NULL AND EXISTS (
                SELECT 1 FROM convention_schools cs JOIN schools s ON s.id = cs.school_id
                 WHERE cs.convention_id = k.convention_id AND s.commune = $1
                   AND (k.circonscription IS NULL OR s.circonscription = k.circonscription))))
          AND ($2::text IS NULL OR coalesce(k.circonscription, own.circonscription) = $2 OR (k.school_id IS NULL AND k.circonscription IS NULL AND EXISTS (
                SELECT 1 FROM convention_schools cs JOIN schools s ON s.id = cs.school_id
                 WHERE cs.convention_id = k.convention_id AND s.circonscription = $2)))`,
      [commune || null, circonscription || null],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** The conventions, communes and circonscriptions the filters offer: those the person may see. */
  private async choices(subject: Subject): Promise<Overview['choices']> {
    const scope = POLICY.visibleScope(subject);
    const ids = scope.all ? null : scope.conventionIds;
    const [conventions, places]: [{ id: string; title: string }[], { commune: string | null; circonscription: string | null }[]] = await Promise.all([
      this.dataSource.query(`SELECT id, title FROM conventions WHERE ($1::uuid[] IS NULL OR id = ANY($1)) ORDER BY title`, [ids]),
      this.dataSource.query(
        `SELECT DISTINCT s.commune, s.circonscription FROM convention_schools cs JOIN schools s ON s.id = cs.school_id
          WHERE ($1::uuid[] IS NULL OR cs.convention_id = ANY($1))
         UNION
         SELECT NULL, k.circonscription FROM committees k WHERE k.circonscription IS NOT NULL AND ($1::uuid[] IS NULL OR k.convention_id = ANY($1))`,
        [ids],
      ),
    ]);
    const sorted = (values: (string | null)[]) => [...new Set(values.filter((value): value is string => !!value))].sort((a, b) => a.localeCompare(b, 'fr'));
    return { conventions, communes: sorted(places.map((place) => place.commune)), circonscriptions: sorted(places.map((place) => place.circonscription)) };
  }

  private async titles(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; title: string }[] = await this.dataSource.query(`SELECT id, title FROM conventions WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((row) => [row.id, row.title]));
  }
}

function rowOf(item: ComplianceRowResponse, titles: Map<string, string>): OverviewRow {
  return {
    committeeId: item.committee.id,
    committeeName: item.committee.name,
    kind: item.committee.kind,
    conventionId: item.convention.id,
    conventionTitle: titles.get(item.convention.id) ?? item.convention.reference,
    conventionReference: item.convention.reference,
    timeZone: item.convention.timeZone,
    status: item.status,
    behind: item.behind,
    period: item.period ? { label: item.period.label, lastDayToConvene: item.period.lastDayToConvene as LocalDate | null } : null,
    currentPeriod: item.currentPeriod
      ? { label: item.currentPeriod.label, status: item.currentPeriod.status, lastDayToConvene: item.currentPeriod.lastDayToConvene as LocalDate | null }
      : null,
    reasons: item.reasons,
  };
}

/** Each month goes to the period holding its 15th; consecutive months of one period make one cell. */
function yearCells(months: LocalDate[], periods: PeriodComplianceResponse[], today: string): YearCell[] {
  const cells: (YearCell & { key: string })[] = [];
  for (const month of months) {
    const middle = `${month.slice(0, 8)}15`;
    const period = periods.find((entry) => entry.start <= middle && middle <= entry.end) ?? null;
    const key = period?.key ?? 'out';
    const previous = cells[cells.length - 1];
    if (previous && previous.key === key) {
      previous.months += 1;
      continue;
    }
    const ahead = period !== null && period.start > today;
    const status: YearCell['status'] = period === null || period.inForce === null ? 'out' : ahead ? periodAheadStatus(period) : period.status;
    cells.push({ key, months: 1, label: period?.label ?? null, status, scheduled: ahead && status !== 'out' ? period.scheduled : 0 });
  }
  return cells.map(({ key: _key, ...cell }) => cell);
}
