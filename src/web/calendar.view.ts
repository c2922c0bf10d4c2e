import { paging } from './paging';
import { CalendarMeeting, CalendarState, MeetingCalendar } from '../dashboard/meeting-calendar.service';
import { frenchHour, frenchSpan, frenchZoneName } from '../common/french-time';
import { LocalDate, addDays, addMonths, dayOfWeek, eachDay, frenchDate, isLocalDate } from '../rules/local-date';
import { FieldMessage } from './french-messages';
import { OUTLOOK_TEXT } from './meeting.view';
import { monthLong } from './overview.view';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MONTH = /^(\d{4})-(\d{2})$/;
const WEEKDAYS = [
  { short: 'lun.', long: 'lundi' },
  { short: 'mar.', long: 'mardi' },
  { short: 'mer.', long: 'mercredi' },
  { short: 'jeu.', long: 'jeudi' },
  { short: 'ven.', long: 'vendredi' },
  { short: 'sam.', long: 'samedi' },
  { short: 'dim.', long: 'dimanche' },
];

export const CALENDAR_STATE_LABELS: Record<CalendarState, string> = {
  scheduled: 'Programmée',
  convened: 'Convoquée',
  held: 'Tenue',
  cancelled: 'Annulée',
};

/** The grid's few words for the forecast; the list says it in a sentence (OUTLOOK_TEXT). */
const OUTLOOK_SHORT = { reached: 'quorum assuré', pending: 'quorum pas encore assuré', out_of_reach: 'quorum hors d’atteinte' } as const;

/** What the GET form and the links sent, kept to show the form again. */
export interface CalendarQuery {
  mois: string;
  vue: 'mois' | 'liste';
  convention: string;
  comite: string;
  page: number;
}

export interface CalendarRequest {
  values: CalendarQuery;
  first: LocalDate;
  filters: { conventionId?: string; committeeId?: string };
  errors: FieldMessage[];
}

/** Reads the calendar's query; a month or a choice it cannot read is named beside its field, never a 500. */
export function readCalendarQuery(query: Record<string, unknown>, today: LocalDate): CalendarRequest {
  const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string).trim() : '');
  const values: CalendarQuery = {
    mois: text('mois'),
    vue: text('vue') === 'liste' ? 'liste' : 'mois',
    convention: text('convention'),
    comite: text('comite'),
    page: /^\d{1,6}$/.test(text('page')) ? Math.max(1, Number(text('page'))) : 1,
  };
  const errors: FieldMessage[] = [];
  let first = `${today.slice(0, 7)}-01`;
  if (values.mois) {
    const month = MONTH.exec(values.mois);
    if (month && isLocalDate(`${values.mois}-01`) && Number(month[1]) >= 1900 && Number(month[1]) <= 2200) first = `${values.mois}-01`;
    else errors.push({ field: 'mois', message: 'Indiquez un mois sous la forme 2026-03.' });
  }
  values.mois = first.slice(0, 7);
  const filters: CalendarRequest['filters'] = {};
  if (values.convention) {
    if (UUID.test(values.convention)) filters.conventionId = values.convention;
    else errors.push({ field: 'convention', message: 'Choisissez une convention de la liste.' });
  }
  if (values.comite) {
    if (UUID.test(values.comite)) filters.committeeId = values.comite;
    else errors.push({ field: 'comite', message: 'Choisissez un comité de la liste.' });
  }
  return { values, first, filters, errors };
}

export function calendarQuery(values: CalendarQuery, changes: Partial<CalendarQuery> = {}): string {
  const merged = { ...values, ...changes };
  const params = new URLSearchParams();
  params.append('mois', merged.mois);
  if (merged.vue === 'liste') params.append('vue', 'liste');
  if (merged.convention) params.append('convention', merged.convention);
  if (merged.comite) params.append('comite', merged.comite);
  if (merged.page > 1) params.append('page', String(merged.page));
  return `?${params.toString()}`;
}

function entryView({ meeting, state, quorum }: CalendarMeeting) {
  const zone = meeting.timeZone;
  const start = new Date(meeting.start.utc);
  const end = new Date(meeting.end.utc);
  return {
    id: meeting.id,
    day: meeting.start.local.slice(0, 10),
    committee: meeting.committee.name,
    convention: meeting.committee.conventionReference,
    title: meeting.title,
    state: { code: state, label: CALENDAR_STATE_LABELS[state] },
    // The hours in the convention's zone, named as every page and message names it.
    hours: `${frenchHour(start, zone)} à ${frenchHour(end, zone)}`,
    zone: frenchZoneName(zone),
    when: frenchSpan(start, end, zone),
    quorum: quorum ? (quorum.kind === 'none' ? 'Ce comité n’exige pas de quorum.' : OUTLOOK_TEXT[quorum.outlook]) : null,
    quorumShort: quorum ? (quorum.kind === 'none' ? 'sans quorum exigé' : OUTLOOK_SHORT[quorum.outlook]) : null,
    quorumCode: quorum && quorum.kind !== 'none' ? quorum.outlook : null,
  };
}

/** The month as weeks from Monday to Sunday; days of the neighbouring months are left empty. */
function weeks(first: LocalDate, last: LocalDate, entries: ReturnType<typeof entryView>[]) {
  const byDay = new Map<string, ReturnType<typeof entryView>[]>();
  for (const entry of entries) byDay.set(entry.day, [...(byDay.get(entry.day) ?? []), entry]);
  // dayOfWeek counts as ISO does, Monday 1 to Sunday 7: the grid starts on a Monday.
  const start = addDays(first, 1 - dayOfWeek(first));
  const end = addDays(last, 7 - dayOfWeek(last));
  const days = eachDay({ start, end }).map((date) => {
    const inMonth = date >= first && date <= last;
    const meetings = inMonth ? (byDay.get(date) ?? []) : [];
    return { date, inMonth, number: Number(date.slice(8)), long: frenchDate(date), meetings, empty: meetings.length === 0 };
  });
  const rows = [];
  for (let index = 0; index < days.length; index += 7) rows.push({ days: days.slice(index, index + 7) });
  return rows;
}

export function calendarView(calendar: MeetingCalendar, values: CalendarQuery, errors: FieldMessage[]) {
  const entries = calendar.meetings.map(entryView);
  const pages = Math.max(1, Math.ceil(calendar.total / calendar.pageSize));
  const link = (changes: Partial<CalendarQuery>) => `/calendrier${calendarQuery(values, { page: 1, ...changes })}`;
  const list = values.vue === 'liste';
  return {
    values,
    errors,
    month: monthLong(calendar.first),
    caption: `${monthLong(calendar.first)}, semaine par semaine`,
    list,
    totalText: calendar.total === 0 ? 'Aucune réunion' : calendar.total === 1 ? '1 réunion' : `${calendar.total} réunions`,
    choices: {
      conventions: calendar.choices.conventions.map((convention) => ({ ...convention, selected: convention.id === values.convention })),
      committees: calendar.choices.committees.map((committee) => ({ ...committee, selected: committee.id === values.comite })),
    },
    links: {
      previous: link({ mois: addMonths(calendar.first, -1).slice(0, 7) }),
      next: link({ mois: addMonths(calendar.first, 1).slice(0, 7) }),
      previousText: monthLong(addMonths(calendar.first, -1)),
      nextText: monthLong(addMonths(calendar.first, 1)),
      clear: `/calendrier${calendarQuery({ ...values, convention: '', comite: '', page: 1 })}`,
      grid: link({ vue: 'mois' }),
      list: link({ vue: 'liste' }),
    },
    weekdays: WEEKDAYS,
    weeks: list ? [] : weeks(calendar.first, calendar.last, entries),
    entries,
    // The grid shows one page of the month; past it, the person filters or reads the list page by page.
    more: !list && calendar.total > entries.length ? `Le mois compte ${calendar.total} réunions\u00A0: la grille en montre ${entries.length}. Filtrez par convention ou par comité, ou consultez la liste.` : null,
    paging: list ? paging(calendar.page, pages, (page) => link({ page })) : null,
  };
}
