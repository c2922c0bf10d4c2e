import { COMMITTEE_KINDS, CommitteeKind } from '../committees/committee-rules';
import { Overview, OverviewFilters, OverviewRow, YearCell, YearView } from '../dashboard/secretariat-overview.service';
import { COMPLIANCE_STATUSES, ComplianceStatus } from '../rules/frequency.rule';
import { LocalDate, frenchDate } from '../rules/local-date';
import { FieldMessage } from './french-messages';
import { STANDING_LABELS, UPCOMING_LABEL, dayText } from './french-text';
import { frenchStandingReasons } from './standing-reasons';

export const KIND_LABELS: Record<CommitteeKind, string> = { steering: 'Comité de pilotage', technical: 'Comité technique' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The standings in the order the page counts and offers them: the worst first. */
const SHOWN_STATUSES: ComplianceStatus[] = ['missed', 'at_risk', 'on_track', 'met', 'not_due'];
const MONTHS = ['sept.', 'oct.', 'nov.', 'déc.', 'janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août'];

/** What the filter form sent, as the browser sent it: kept to show the form again. */
export interface OverviewQuery {
  convention: string;
  commune: string;
  circonscription: string;
  type: string;
  situation: string[];
  vue: 'tableau' | 'annee';
  page: number;
}

/** Reads the GET filter form; a value it cannot offer is named beside its field, never a 500. */
export function readOverviewQuery(query: Record<string, unknown>): { values: OverviewQuery; filters: OverviewFilters; errors: FieldMessage[] } {
  const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string).trim() : '');
  const list = (name: string) => {
    const raw = query[name];
    return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((value): value is string => typeof value === 'string' && value !== '');
  };
  const values: OverviewQuery = {
    convention: text('convention'),
    commune: text('commune'),
    circonscription: text('circonscription'),
    type: text('type'),
    situation: list('situation'),
    vue: text('vue') === 'annee' ? 'annee' : 'tableau',
    page: /^\d{1,6}$/.test(text('page')) ? Math.max(1, Number(text('page'))) : 1,
  };
  const errors: FieldMessage[] = [];
  const filters: OverviewFilters = {};
  if (values.convention) {
    if (UUID.test(values.convention)) filters.conventionId = values.convention;
    else errors.push({ field: 'convention', message: 'Choisissez une convention de la liste.' });
  }
  if (values.type) {
    if ((COMMITTEE_KINDS as readonly string[]).includes(values.type)) filters.kind = values.type as CommitteeKind;
    else errors.push({ field: 'type', message: 'Choisissez un type de comité de la liste.' });
  }
  if (values.situation.length) {
    const unknown = values.situation.filter((value) => !(COMPLIANCE_STATUSES as readonly string[]).includes(value));
    if (unknown.length) errors.push({ field: `situation-${SHOWN_STATUSES[0]}`, message: 'Choisissez les situations parmi celles proposées.' });
    else filters.status = values.situation as ComplianceStatus[];
  }
  if (values.commune) filters.commune = values.commune;
  if (values.circonscription) filters.circonscription = values.circonscription;
  return { values, filters, errors };
}

/** The query string of the same filters, for the links of the page (views, pages, export, counts). */
export function filterQuery(values: OverviewQuery, changes: Partial<OverviewQuery> = {}): string {
  const merged = { ...values, ...changes };
  const params = new URLSearchParams();
  for (const name of ['convention', 'commune', 'circonscription', 'type'] as const) if (merged[name]) params.append(name, merged[name]);
  for (const status of merged.situation) params.append('situation', status);
  if (merged.vue === 'annee') params.append('vue', 'annee');
  if (merged.page > 1) params.append('page', String(merged.page));
  const query = params.toString();
  return query ? `?${query}` : '';
}

export function rowView(row: OverviewRow) {
  const current = row.currentPeriod;
  // The last day to convene matters while the current period can still be met.
  const convokeBy = current && (current.status === 'at_risk' || current.status === 'on_track') ? dayText(current.lastDayToConvene) : null;
  return {
    id: row.committeeId,
    name: row.committeeName,
    kind: KIND_LABELS[row.kind],
    convention: { reference: row.conventionReference, title: row.conventionTitle },
    standing: { code: row.status, label: STANDING_LABELS[row.status] },
    period: row.period?.label ?? null,
    current: current ? { label: current.label, standing: { code: current.status, label: STANDING_LABELS[current.status] } } : null,
    convokeBy,
    urgent: convokeBy !== null && current?.status === 'at_risk',
    reasons: row.reasons,
  };
}

export function overviewView(overview: Overview, values: OverviewQuery, errors: FieldMessage[]) {
  const page = (number: number) => `/suivi${filterQuery(values, { page: number })}`;
  return {
    values,
    errors,
    scope: scopeText(overview),
    total: overview.total,
    totalText: overview.total === 1 ? '1 comité' : `${overview.total} comités`,
    counts: SHOWN_STATUSES.map((status) => ({
      code: status,
      label: STANDING_LABELS[status],
      count: overview.counts[status],
      link: `/suivi${filterQuery(values, { situation: [status], page: 1 })}`,
    })),
    choices: {
      conventions: overview.choices.conventions.map((convention) => ({ ...convention, selected: convention.id === values.convention })),
      communes: overview.choices.communes.map((name) => ({ name, selected: name === values.commune })),
      circonscriptions: overview.choices.circonscriptions.map((name) => ({ name, selected: name === values.circonscription })),
      kinds: COMMITTEE_KINDS.map((kind) => ({ code: kind, label: KIND_LABELS[kind], selected: kind === values.type })),
      statuses: SHOWN_STATUSES.map((status) => ({ code: status, label: STANDING_LABELS[status], checked: values.situation.includes(status) })),
    },
    year: values.vue === 'annee',
    links: {
      table: `/suivi${filterQuery(values, { vue: 'tableau', page: 1 })}`,
      year: `/suivi${filterQuery(values, { vue: 'annee', page: 1 })}`,
      clear: values.vue === 'annee' ? '/suivi?vue=annee' : '/suivi',
      export: `/suivi/export.csv${filterQuery(values, { vue: 'tableau', page: 1 })}`,
    },
    rows: overview.rows.map(rowView),
    paging:
      overview.pages > 1
        ? {
            text: `Page ${overview.page} sur ${overview.pages}`,
            previous: overview.page > 1 ? page(overview.page - 1) : null,
            next: overview.page < overview.pages ? page(overview.page + 1) : null,
            first: overview.page > 2 ? page(1) : null,
            last: overview.page < overview.pages - 1 ? page(overview.pages) : null,
          }
        : null,
  };
}

const YEAR_STATUS_LABELS: Record<YearCell['status'], string> = { ...STANDING_LABELS, upcoming: UPCOMING_LABEL, out: 'Hors convention' };

export function yearView(year: YearView) {
  return {
    label: year.label,
    caption: `Année scolaire ${year.label}, mois par mois\u00A0: la situation de chaque période`,
    months: year.months.map((month, index) => ({ short: MONTHS[index], long: monthLong(month) })),
    committees: year.committees.map(({ row, cells }) => ({
      ...rowView(row),
      cells: cells.map((cell) => ({
        span: cell.months,
        code: cell.status,
        label: cell.label,
        status: YEAR_STATUS_LABELS[cell.status],
        scheduled: cell.scheduled === 0 ? null : cell.scheduled === 1 ? '1 réunion prévue' : `${cell.scheduled} réunions prévues`,
      })),
    })),
  };
}

/** « septembre 2025 » for the month of a day. */
export function monthLong(month: LocalDate): string {
  // frenchDate gives « lundi 1 septembre 2025 »: the month and the year are its last two words.
  return frenchDate(month).split(' ').slice(-2).join(' ');
}

/** Separator a French spreadsheet expects; the BOM makes it read the file as UTF-8. */
const SEPARATOR = ';';
const BOM = '\uFEFF';

/** The filtered list as CSV for a French spreadsheet: UTF-8 with BOM, semicolons, CRLF, dates dd/mm/yyyy, reasons in French. */
export function overviewCsv(rows: OverviewRow[]): string {
  const headers = [
    'Convention',
    'Référence de la convention',
    'Comité',
    'Type de comité',
    'Situation',
    'Période qui la décide',
    'Période en cours',
    'Situation de la période en cours',
    'Dernier jour pour convoquer',
    'Motifs',
  ];
  const lines = rows.map((row) => {
    const view = rowView(row);
    return [
      row.conventionTitle,
      row.conventionReference,
      row.committeeName,
      view.kind,
      view.standing.label,
      row.period?.label ?? '',
      row.currentPeriod?.label ?? '',
      view.current?.standing.label ?? '',
      view.convokeBy && row.currentPeriod?.lastDayToConvene ? numericDate(row.currentPeriod.lastDayToConvene) : '',
      frenchStandingReasons(row.reasons).join(' ; '),
    ];
  });
  return BOM + [headers, ...lines].map((line) => line.map(csvCell).join(SEPARATOR)).join('\r\n') + '\r\n';
}

/** 2025-03-31 → 31/03/2025, which a French spreadsheet reads as a date. */
export function numericDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}

function csvCell(value: string): string {
  // A cell a spreadsheet would read as a formula is prefixed with an apostrophe.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Whose committees the page lists, in the person's terms: a director with no secretariat is not told she holds one. */
function scopeText(overview: Pick<Overview, 'everything' | 'reach'>): string {
  if (overview.everything) return 'Tous les comités de toutes les conventions.';
  if (!overview.reach.secretariat) return 'Les comités où vous avez un rôle.';
  return overview.reach.otherRoles
    ? 'Les comités des conventions dont vous assurez le secrétariat, et ceux où vous avez un autre rôle.'
    : 'Les comités des conventions dont vous assurez le secrétariat.';
}
