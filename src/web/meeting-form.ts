import { FormBody, textOf } from './forms';
import type { FieldMessage } from './french-messages';
import { isLocalDate } from '../rules/local-date';

/** Rows of agenda the form offers; empty rows are left out. */
export const AGENDA_ROWS = 5;

/** One agenda row of the form; its field ids are those the error summary links to. */
export interface AgendaRow {
  index: number;
  number: number;
  titleId: string;
  linkId: string;
  titre: string;
  lien: string;
  /** What the page does not edit but must keep (an item's description, presenter, further documents), as JSON. */
  garde: string;
}

function agendaRow(index: number, titre: string, lien: string, garde = ''): AgendaRow {
  return { index, number: index + 1, titleId: `agenda-${index}-titre`, linkId: `agenda-${index}-lien`, titre, lien, garde };
}

/** Rows of guests the form offers; empty rows are left out. */
export const GUEST_ROWS = 3;

/** One guest row of the form: a person named by the convener, who holds no seat. */
export interface GuestRow {
  index: number;
  number: number;
  nameId: string;
  emailId: string;
  organizationId: string;
  titleId: string;
  /** The fields' names, as the browser sends them back: invites[0][nom]… */
  names: { nom: string; courriel: string; organisation: string; fonction: string };
  nom: string;
  courriel: string;
  organisation: string;
  fonction: string;
}

function guestRow(index: number, row: FormBody = {}): GuestRow {
  const id = (part: string) => `invite-${index}-${part}`;
  return {
    index,
    number: index + 1,
    nameId: id('nom'),
    emailId: id('courriel'),
    organizationId: id('organisation'),
    titleId: id('fonction'),
    names: { nom: `invites[${index}][nom]`, courriel: `invites[${index}][courriel]`, organisation: `invites[${index}][organisation]`, fonction: `invites[${index}][fonction]` },
    nom: textOf(row, 'nom'),
    courriel: textOf(row, 'courriel'),
    organisation: textOf(row, 'organisation'),
    fonction: textOf(row, 'fonction'),
  };
}

function filledGuests(rows: GuestRow[]): GuestRow[] {
  return rows.filter((row) => [row.nom, row.courriel, row.organisation, row.fonction].some((text) => text.trim() !== ''));
}

/** What an agenda item carries beyond its title and first link, kept through the edit form. */
interface KeptParts {
  description?: string | null;
  presenter?: string | null;
  documents?: Array<{ title: string; url: string }>;
}

function keptParts(text: string): KeptParts {
  if (!text) return {};
  try {
    const parsed = JSON.parse(text) as KeptParts;
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

export interface MeetingFormValues {
  date: string;
  debut: string;
  fin: string;
  nature: string;
  titre: string;
  lieu: string;
  visio: string;
  agenda: AgendaRow[];
  invites: GuestRow[];
}

export function emptyMeetingForm(query: Record<string, unknown>): MeetingFormValues {
  const pick = (name: string, fallback: string) => (typeof query[name] === 'string' && /^[\d:-]{4,10}$/.test(query[name] as string) ? (query[name] as string) : fallback);
  return {
    date: pick('date', ''),
    debut: pick('debut', '14:00'),
    fin: pick('fin', '16:00'),
    nature: 'ordinary',
    titre: '',
    lieu: '',
    visio: '',
    agenda: Array.from({ length: AGENDA_ROWS }, (_, index) => agendaRow(index, '', '')),
    invites: Array.from({ length: GUEST_ROWS }, (_, index) => guestRow(index)),
  };
}

/** The edit form of a scheduled meeting: its place, link, title and agenda as they are, and room for more points. */
export function meetingEditValues(meeting: {
  kind: string;
  title: string | null;
  location: string | null;
  videoUrl: string | null;
  agenda: Array<{ title: string; description: string | null; presenter: string | null; documents: Array<{ title: string; url: string }> }>;
}): MeetingFormValues {
  const rows = Math.max(AGENDA_ROWS, meeting.agenda.length + 2);
  return {
    date: '',
    debut: '',
    fin: '',
    nature: meeting.kind,
    titre: meeting.title ?? '',
    lieu: meeting.location ?? '',
    visio: meeting.videoUrl ?? '',
    agenda: Array.from({ length: rows }, (_, index) => {
      const item = meeting.agenda[index];
      if (!item) return agendaRow(index, '', '');
      const kept: KeptParts = { description: item.description, presenter: item.presenter, documents: item.documents.slice(1) };
      return agendaRow(index, item.title, item.documents[0]?.url ?? '', JSON.stringify(kept));
    }),
    invites: [],
  };
}

/** The API's body of a change of place, link, title or agenda (dates move through the move form). */
export function updateBody(values: MeetingFormValues, version: number | undefined): Record<string, unknown> {
  const scheduled = scheduleBody(values);
  return {
    kind: scheduled.kind,
    title: values.titre.trim() || null,
    location: values.lieu.trim() || null,
    videoUrl: values.visio.trim() || null,
    agenda: scheduled.agenda,
    version,
  };
}

export function meetingFormValues(body: FormBody | undefined, rowCount = AGENDA_ROWS): MeetingFormValues {
  const listOf = (name: string) => (Array.isArray(body?.[name]) ? (body?.[name] as unknown[]) : Object.values((body?.[name] as Record<string, unknown>) ?? {}));
  const rows = listOf('agenda');
  const guests = listOf('invites').slice(0, 100);
  return {
    date: textOf(body, 'date'),
    debut: textOf(body, 'debut'),
    fin: textOf(body, 'fin'),
    nature: textOf(body, 'nature') || 'ordinary',
    titre: textOf(body, 'titre'),
    lieu: textOf(body, 'lieu'),
    visio: textOf(body, 'visio'),
    agenda: Array.from({ length: Math.max(rowCount, rows.length) }, (_, index) => {
      const row = (rows[index] ?? {}) as FormBody;
      return agendaRow(index, textOf(row, 'titre'), textOf(row, 'lien'), textOf(row, 'garde'));
    }),
    invites: Array.from({ length: Math.max(GUEST_ROWS, guests.length) }, (_, index) => guestRow(index, (guests[index] ?? {}) as FormBody)),
  };
}

/** The API's body for these values: the form's French field names become the DTO's. */
export function scheduleBody(values: MeetingFormValues): Record<string, unknown> {
  const at = (time: string) => (values.date && time ? `${values.date}T${time}` : undefined);
  return {
    start: at(values.debut),
    end: at(values.fin),
    kind: values.nature,
    title: values.titre || undefined,
    location: values.lieu || undefined,
    videoUrl: values.visio || undefined,
    agenda: values.agenda
      .filter((row) => row.titre.trim() !== '' || row.lien.trim() !== '')
      .map((row) => {
        const kept = keptParts(row.garde);
        const first = row.lien.trim() ? [{ title: row.titre || 'Document', url: row.lien.trim() }] : [];
        return {
          title: row.titre,
          ...(kept.description ? { description: kept.description } : {}),
          ...(kept.presenter ? { presenter: kept.presenter } : {}),
          documents: [...first, ...(kept.documents ?? [])],
        };
      }),
    newGuests: filledGuests(values.invites).map((row) => ({
      fullName: row.nom,
      email: row.courriel,
      organization: row.organisation.trim() || undefined,
      title: row.fonction.trim() || undefined,
    })),
  };
}

/** The form field a refusal of the API's field `path` belongs to. */
export function meetingFieldOf(path: string, values: MeetingFormValues): string {
  const time = timeFieldOf(path, values.date);
  if (time) return time;
  if (path === 'kind') return 'nature';
  if (path === 'title') return 'titre';
  if (path === 'location') return 'lieu';
  if (path === 'videoUrl') return 'visio';
  const agenda = /^agenda\[(\d+)\](?:\.(documents))?/.exec(path);
  if (agenda) {
    // Rows sent are the non-empty ones: find which row of the form it was.
    const filled = values.agenda.filter((row) => row.titre.trim() !== '' || row.lien.trim() !== '');
    const row = filled[Number(agenda[1])] ?? values.agenda[0];
    return agenda[2] ? row.linkId : row.titleId;
  }
  if (path === 'agenda') return 'agenda-0-titre';
  const guest = /^newGuests(?:\[(\d+)\](?:\.(\w+))?)?/.exec(path);
  if (guest) {
    const row = filledGuests(values.invites)[Number(guest[1] ?? 0)] ?? values.invites[0];
    if (!row) return 'date';
    const fields: Record<string, string> = { email: row.emailId, organization: row.organizationId, title: row.titleId };
    return fields[guest[2] ?? ''] ?? row.nameId;
  }
  return 'date';
}

/**
 * The field a refusal of `start` or `end` belongs to: the hour's, unless the day itself is missing or
 * does not exist (a 30 February sent without the browser's date picker), when both are the date's.
 */
export function timeFieldOf(path: string, date: string): 'date' | 'debut' | 'fin' | null {
  if (path !== 'start' && path !== 'end') return null;
  if (!isLocalDate(date)) return 'date';
  return path === 'start' ? 'debut' : 'fin';
}

/** A date typed by hand that no calendar has: said as such rather than « date et heure valables ». */
export function withDateWords(entry: FieldMessage, date: string): FieldMessage {
  return entry.field === 'date' && date !== '' && !isLocalDate(date) ? { ...entry, message: 'Cette date n’existe pas\u00A0: vérifiez le jour et le mois.' } : entry;
}

/** A refusal of this form in words closer to what was typed than the generic ones. */
export function withMeetingWords(entry: FieldMessage, values: MeetingFormValues): FieldMessage {
  if (entry.field === 'visio' && /^http:\/\//i.test(values.visio.trim())) {
    return { ...entry, message: 'Le lien de visioconférence doit commencer par https://\u00A0: une adresse en http:// n’est pas sécurisée.' };
  }
  return withDateWords(entry, values.date);
}
