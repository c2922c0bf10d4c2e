import { paging } from './paging';
import { AuditPageResponse, AuditEntryResponse } from '../audit/dto/audit-entry.response';
import { AuditSubject } from '../dashboard/audit-trail.service';
import { frenchMoment } from '../common/french-time';
import { fieldLabel } from './french-text';

/** What each kind of row is called on the page. */
const ENTITY_LABELS: Record<string, string> = {
  Convention: 'Convention',
  Party: 'Signataire',
  Amendment: 'Avenant',
  ConventionSchool: 'École couverte',
  School: 'École',
  Committee: 'Comité',
  Seat: 'Siège',
  Membership: 'Mandat',
  Person: 'Personne',
  Meeting: 'Réunion',
  AgendaItem: 'Point de l’ordre du jour',
  MeetingGuest: 'Invité',
  MeetingDocument: 'Document',
  Attendance: 'Présence',
  Convocation: 'Convocation',
  OutboundMessage: 'Message envoyé',
  DeliveryAttempt: 'Tentative d’envoi',
  CommitteeReport: 'Rapport du comité',
  Grant: 'Rôle',
  Account: 'Compte',
};

const ACTION_LABELS: Record<string, string> = { insert: 'création', update: 'modification', delete: 'suppression' };
/** An insert or a delete copies the whole row: the page shows its first fields, the API has them all. */
const MAX_FIELDS = 8;
const MAX_TEXT = 120;
const BOOKKEEPING = new Set(['id', 'version', 'createdAt', 'updatedAt', 'created_at', 'updated_at']);

export function auditView(subject: AuditSubject, entries: AuditPageResponse) {
  const pages = Math.max(1, Math.ceil(entries.total / entries.pageSize));
  const link = (page: number) => `${trailPath(subject)}${page > 1 ? `?page=${page}` : ''}`;
  return {
    subject: {
      name: subject.startsAt ? `${subject.name}, réunion du ${frenchMoment(subject.startsAt, subject.timeZone)}` : subject.name,
      link: subject.link,
      kind: { convention: 'la convention', committee: 'le comité', meeting: 'la réunion', person: 'la personne' }[subject.kind],
    },
    total: entries.total,
    caption: entries.total === 1 ? '1 modification enregistrée' : `${entries.total} modifications enregistrées`,
    entries: entries.items.map((entry) => entryView(entry, subject.timeZone)),
    paging: paging(entries.page, pages, link),
  };
}

export function trailPath(subject: Pick<AuditSubject, 'link'>): string {
  return `${subject.link}/historique`;
}

function entryView(entry: AuditEntryResponse, zone: string) {
  const fields = entry.action === 'update' ? Object.keys(entry.after ?? {}) : Object.keys((entry.action === 'insert' ? entry.after : entry.before) ?? {});
  const shown = fields.filter((field) => entry.action === 'update' || (!BOOKKEEPING.has(field) && !/Id$|_id$/.test(field)));
  const changes = shown.slice(0, entry.action === 'update' ? undefined : MAX_FIELDS).map((field) =>
    entry.action === 'update'
      ? { field: fieldLabel(field), before: valueText(entry.before?.[field]), after: valueText(entry.after?.[field]) }
      : entry.action === 'insert'
        ? { field: fieldLabel(field), before: null, after: valueText(entry.after?.[field]) }
        : { field: fieldLabel(field), before: valueText(entry.before?.[field]), after: null },
  );
  return {
    when: frenchMoment(new Date(entry.occurredAt), zone),
    who: entry.actor.kind === 'system' ? 'copil (automatiquement)' : entry.actor.kind === 'cli' ? `${entry.actor.label} (ligne de commande)` : entry.actor.label,
    what: `${ENTITY_LABELS[entry.entityType] ?? entry.entityType}\u00A0: ${ACTION_LABELS[entry.action] ?? entry.action}`,
    changes,
    more: entry.action !== 'update' && shown.length > MAX_FIELDS ? shown.length - MAX_FIELDS : 0,
  };
}

function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(vide)';
  if (value === true) return 'oui';
  if (value === false) return 'non';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}
