import { paging } from './paging';
import { frenchInstant, frenchSpan } from '../common/french-time';
import { MessageKind } from '../convocations/outbound-message.entity';
import { SUPERVISED_STATES, SupervisedMessage, SupervisedState, SupervisionPage } from '../convocations/mail-supervision.service';
import { FieldMessage } from './french-messages';

const KIND_LABELS: Record<MessageKind, string> = {
  convocation: 'Convocation',
  update: 'Modification de la réunion',
  cancellation: 'Annulation',
  reminder: 'Relance',
  convocation_withheld: 'Alerte\u00A0: convocation retenue',
  nobody_coming: 'Alerte\u00A0: un signataire sans représentant',
  delivery_failure: 'Alerte\u00A0: échec d’envoi',
  committee_at_risk: 'Alerte\u00A0: comité en retard',
  email_changed: 'Avis de changement d’adresse',
  sign_in_link: 'Lien de connexion',
  request_deadline: 'Rappel\u00A0: réunion demandée à convoquer',
  minutes_reminder: 'Rappel\u00A0: compte rendu',
  term_expiring: 'Rappel\u00A0: mandat arrivant à échéance',
};

export const SUPERVISED_STATE_LABELS: Record<SupervisedState, string> = {
  failed: 'Échec de l’envoi',
  withheld: 'Retenu',
  retrying: 'Nouvel essai prévu',
};

/** The organization's zone, for messages about no meeting. */
const DEFAULT_ZONE = 'Europe/Paris';

/** Why the rules withheld a convocation, from the reason the worker recorded (outbox.processor.ts). */
export function withheldText(reason: string | null): string {
  return reason?.startsWith('prerequisite')
    ? 'Les documents préalables exigés manquaient quand la convocation devait partir.'
    : 'Le délai de convocation n’était plus respecté quand la convocation devait partir.';
}

export function readSupervisionQuery(query: Record<string, unknown>): { state: SupervisedState | null; page: number; errors: FieldMessage[] } {
  const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string).trim() : '');
  const page = /^\d{1,6}$/.test(text('page')) ? Math.max(1, Number(text('page'))) : 1;
  const raw = text('etat');
  if (raw === '') return { state: null, page, errors: [] };
  if ((SUPERVISED_STATES as readonly string[]).includes(raw)) return { state: raw as SupervisedState, page, errors: [] };
  return { state: null, page, errors: [{ field: 'etat', message: 'Choisissez un état de la liste.' }] };
}

function messageView(message: SupervisedMessage) {
  const zone = message.meeting?.timeZone ?? DEFAULT_ZONE;
  const corrected = message.currentEmail !== null && message.currentEmail !== message.recipientEmail;
  return {
    id: message.id,
    kind: KIND_LABELS[message.kind] ?? message.kind,
    state: { code: message.state, label: SUPERVISED_STATE_LABELS[message.state] },
    // A sign-in link's row holds the address alone.
    recipient: message.recipientName ? `${message.recipientName} <${message.recipientEmail}>` : message.recipientEmail,
    corrected: corrected ? message.currentEmail : null,
    meeting: message.meeting
      ? { id: message.meeting.id, committee: message.meeting.committeeName, when: frenchSpan(message.meeting.startsAt, message.meeting.endsAt, zone) }
      : null,
    why: message.state === 'withheld' ? withheldText(message.lastError) : null,
    hint: message.kind === 'sign_in_link' ? 'Un lien de connexion n’est jamais renvoyé d’ici : la personne en demande un nouveau sur la page de connexion, une fois son adresse corrigée si elle est fausse.' : null,
    answer: message.serverAnswer
      ? `${message.serverAnswer.code !== null && !message.serverAnswer.text.startsWith(String(message.serverAnswer.code)) ? `${message.serverAnswer.code} ` : ''}${message.serverAnswer.text}`
      : message.state !== 'withheld' && message.lastError
        ? message.lastError
        : null,
    attempts: message.attempts === 1 ? '1 tentative' : `${message.attempts} tentatives`,
    nextTry: message.nextTry ? frenchInstant(message.nextTry, zone) : null,
    at: frenchInstant(message.updatedAt, zone),
    resendable: message.resendable,
    // Where the address is corrected: the person's page, at its address form.
    person: message.personId ? { href: `/personnes/${message.personId}#email-title`, name: message.recipientName || message.recipientEmail } : null,
    failed: message.state === 'failed',
    resendTo: message.currentEmail ?? message.recipientEmail,
  };
}

export function supervisionView(page: SupervisionPage, state: SupervisedState | null, errors: FieldMessage[]) {
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const link = (number: number) => `/suivi/courriels?${new URLSearchParams({ ...(state ? { etat: state } : {}), ...(number > 1 ? { page: String(number) } : {}) }).toString()}`;
  return {
    errors,
    totalText: page.total === 0 ? 'Aucun message' : page.total === 1 ? '1 message' : `${page.total} messages`,
    states: SUPERVISED_STATES.map((code) => ({ code, label: SUPERVISED_STATE_LABELS[code], selected: code === state })),
    messages: page.items.map(messageView),
    paging: paging(page.page, pages, link),
  };
}
