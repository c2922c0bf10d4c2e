import { frenchNoticeDays } from '../committees/committee-rules';
import { ComplianceStatus } from '../rules/frequency.rule';
import { LocalDate, frenchDate } from '../rules/local-date';
import { frenchInstant, frenchSpan } from '../common/french-time';
import type { CommitteeRulesResponse } from '../committees/dto/committee-detail.response';
import type { MeetingState } from '../meetings/meeting.entity';

const NBSP = '\u00A0';

/** Words the pages write for the domain's codes and dates (messages for errors: french-messages.ts). */

export const STANDING_LABELS: Record<ComplianceStatus, string> = {
  met: 'Obligation remplie',
  on_track: 'Dans les temps',
  at_risk: 'À risque',
  missed: 'Manqué',
  not_due: 'Non dû',
};

/** A period not begun whose sittings are not all scheduled yet (frequency.rule.ts, periodAheadStatus). */
export const UPCOMING_LABEL = 'À venir';

export function standingView(status: ComplianceStatus | 'upcoming'): { code: ComplianceStatus | 'upcoming'; label: string } {
  return { code: status, label: status === 'upcoming' ? UPCOMING_LABEL : STANDING_LABELS[status] };
}

/** A title as French typography wants it: no line break inside « guillemets ». */
export function titleText(title: string): string {
  return title.replace(/«\s+/g, `«${NBSP}`).replace(/\s+»/g, `${NBSP}»`);
}

export function dayText(date: LocalDate | string | null): string | null {
  return date === null ? null : frenchDate(date as LocalDate);
}

/** « lundi 31 mars 2025 à 9 h (heure de Paris) »: an instant with its zone named, as every time shown is. */
export function momentText(instant: Date, zone: string): string {
  return frenchInstant(instant, zone);
}

export function spanText(start: Date, end: Date, zone: string): string {
  return frenchSpan(start, end, zone);
}

const UNIT_WORDS: Record<string, { school: string; civil: string }> = {
  quarter: { school: 'trimestre scolaire', civil: 'trimestre' },
  semester: { school: 'semestre scolaire', civil: 'semestre' },
  year: { school: 'année scolaire', civil: 'année civile' },
};

/** « Au moins 1 réunion tenue avec quorum par trimestre scolaire. » */
export function frequencyText(rule: CommitteeRulesResponse['frequency'], quorum: CommitteeRulesResponse['quorum']): string {
  if (rule.minimum === 0) return 'Se réunit autant que de besoin\u00A0: aucun nombre de réunions n’est imposé.';
  const unit =
    rule.period === 'months'
      ? `période de ${rule.months ?? '?'}${NBSP}mois`
      : (UNIT_WORDS[rule.period]?.[rule.calendar === 'school' ? 'school' : 'civil'] ?? rule.period);
  const counted = rule.minimum === 1 ? '1 réunion tenue' : `${rule.minimum} réunions tenues`;
  return `Au moins ${counted}${quorum.kind === 'none' ? '' : ' avec le quorum'} par ${unit}${rule.calendar === 'signature' ? ', comptée depuis la signature' : ''}.`;
}

export function noticeText(rule: CommitteeRulesResponse['notice']): string {
  if (rule.days === 0) return 'Aucun délai de convocation n’est imposé.';
  return `La convocation, avec l’ordre du jour, part au moins ${rule.days}${NBSP}${frenchNoticeDays(rule.dayKind)} avant la réunion.`;
}

export function quorumText(rule: CommitteeRulesResponse['quorum']): string {
  switch (rule.kind) {
    case 'each_party':
      return 'Le comité délibère en présence d’au moins un représentant de chaque signataire\u00A0; un suppléant compte pour le membre qu’il remplace.';
    case 'share':
      return `Le comité délibère en présence d’au moins ${Math.round((rule.share ?? 0) * 100)}${NBSP}% de ses membres.`;
    case 'majority':
      return 'Le comité délibère en présence de la majorité de ses membres.';
    case 'none':
      return 'Aucun quorum n’est exigé.';
  }
}

export const MEETING_STATE_LABELS: Record<MeetingState, string> = {
  scheduled: 'Programmée',
  held: 'Tenue',
  cancelled: 'Annulée',
};

/**
 * Where a meeting's convocation stands, as its page and its committee's list say it after its state:
 * « convoquée », « convocation prévue le … » while a convocation for a later sending has reached
 * nobody yet (nothing is « convoquée » before anyone received anything), « pas encore convoquée ».
 */
export function convocationStateText(meeting: { state: MeetingState; convened: boolean; plannedAt: string | null }): string | null {
  if (meeting.plannedAt) return `convocation prévue le ${meeting.plannedAt}`;
  if (meeting.convened) return 'convoquée';
  return meeting.state === 'scheduled' ? 'pas encore convoquée' : null;
}

/** The rows' fields as the audit and preview pages name them; a field not listed keeps its code. */
const FIELD_LABELS: Record<string, string> = {
  academie: 'académie',
  acceptedAt: 'accepté par le serveur le',
  address: 'adresse',
  agenda: 'ordre du jour',
  amendmentId: 'avenant',
  answer: 'réponse',
  answerComment: 'commentaire de la réponse',
  answeredAt: 'répondu le',
  article: 'article',
  attempts: 'tentatives',
  cancellationReason: 'motif d’annulation',
  cancelledAt: 'annulée le',
  chairRotates: 'présidence tournante',
  chairRotation: 'rotation de la présidence',
  circonscription: 'circonscription',
  commune: 'commune',
  consultative: 'voix consultative',
  convenedAt: 'convoquée le',
  conveners: 'qui convoque',
  count: 'nombre de places',
  decisions: 'décisions',
  departement: 'département',
  description: 'description',
  documents: 'documents',
  durationMonths: 'durée (mois)',
  email: 'adresse électronique',
  endsAt: 'fin',
  endsOn: 'fin du mandat',
  frequency: 'fréquence',
  fullName: 'nom',
  groupLabel: 'groupe',
  guestsAllowed: 'invités admis',
  heldRecordedAt: 'tenue enregistrée le',
  holidayCountry: 'jours fériés (pays)',
  holidayRegion: 'jours fériés (région)',
  icalSequence: 'version de l’invitation',
  key: 'clé',
  kind: 'type',
  lastError: 'dernière erreur',
  location: 'lieu',
  mayBeRepresented: 'peut se faire représenter',
  meetsDuringSchoolHolidays: 'se réunit pendant les vacances scolaires',
  minutes: 'compte rendu',
  name: 'nom',
  notice: 'délai de convocation',
  organization: 'organisme',
  phone: 'téléphone',
  position: 'rang',
  prerequisites: 'documents préalables',
  quorum: 'quorum',
  quorumReached: 'quorum atteint',
  reason: 'motif',
  recipientEmail: 'adresse du destinataire',
  reference: 'référence',
  role: 'rôle',
  schoolZone: 'zone de vacances scolaires',
  serverResponse: 'réponse du serveur',
  signedOn: 'signée le',
  startsAt: 'début',
  startsOn: 'début du mandat',
  state: 'état',
  status: 'statut',
  substituteId: 'suppléant',
  tacitRenewal: 'reconduction tacite',
  terminatedOn: 'résiliée le',
  terminationNotice: 'préavis de résiliation',
  timeZone: 'fuseau horaire',
  title: 'titre',
  type: 'type',
  uai: 'UAI',
  urgencyReason: 'motif d’urgence',
  url: 'adresse du document',
  videoUrl: 'lien de visioconférence',
  withdrawnAt: 'retirée le',
};

/** « startsAt » or « starts_at » → « début »: the page's word for a row's field. */
export function fieldLabel(field: string): string {
  const camel = field.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  return FIELD_LABELS[camel] ?? field;
}
