import { FormBody, textOf } from './forms';

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
}

function agendaRow(index: number, titre: string, lien: string): AgendaRow {
  return { index, number: index + 1, titleId: `agenda-${index}-titre`, linkId: `agenda-${index}-lien`, titre, lien };
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
  };
}

export function meetingFormValues(body: FormBody | undefined): MeetingFormValues {
  const rows = Array.isArray(body?.agenda) ? (body?.agenda as unknown[]) : Object.values((body?.agenda as Record<string, unknown>) ?? {});
  return {
    date: textOf(body, 'date'),
    debut: textOf(body, 'debut'),
    fin: textOf(body, 'fin'),
    nature: textOf(body, 'nature') || 'ordinary',
    titre: textOf(body, 'titre'),
    lieu: textOf(body, 'lieu'),
    visio: textOf(body, 'visio'),
    agenda: Array.from({ length: AGENDA_ROWS }, (_, index) => {
      const row = (rows[index] ?? {}) as FormBody;
      return agendaRow(index, textOf(row, 'titre'), textOf(row, 'lien'));
    }),
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
      .map((row) => ({ title: row.titre, documents: row.lien.trim() ? [{ title: row.titre || 'Document', url: row.lien.trim() }] : [] })),
  };
}

/** The form field a refusal of the API's field `path` belongs to. */
export function meetingFieldOf(path: string, values: MeetingFormValues): string {
  if (path === 'start') return values.date ? 'debut' : 'date';
  if (path === 'end') return 'fin';
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
  return 'date';
}
