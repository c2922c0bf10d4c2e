import { RecipientRole } from './convocation.entity';
import { MessageKind, MessageState } from './outbound-message.entity';
import { frenchZoneName, registerLocalTime, registerUtcTime } from '../common/french-time';
import { isOutboxResponse } from '../mail/outbox-folder';

/** One line of the proof-of-sending register, as the CSV shows it. */
export interface RegisterLine {
  fullName: string;
  email: string;
  role: RecipientRole;
  kind: MessageKind;
  withdrawal: boolean;
  sequence: number | null;
  state: MessageState;
  acceptedAt: Date | null;
  messageId: string;
  serverResponse: string | null;
  attempts: number;
  noticeRespected: boolean | null;
}

const ROLES: Record<RecipientRole, string> = { member: 'membre', substitute: 'suppléant', guest: 'invité' };

const KINDS: Partial<Record<MessageKind, string>> = {
  convocation: 'convocation',
  update: 'modification',
  cancellation: 'annulation',
  reminder: 'rappel',
};

const STATES: Record<MessageState, string> = {
  pending: 'en attente',
  sending: 'en cours d’envoi',
  sent: 'accepté par le serveur',
  failed: 'échec',
  obsolete: 'remplacé',
  withheld: 'retenu (règle non respectée à l’envoi)',
};

/** Separator Excel expects in a French locale; the BOM makes it read the file as UTF-8. */
const SEPARATOR = ';';
const BOM = '\uFEFF';

/**
 * The register as CSV for Excel: UTF-8 with BOM, semicolons, CRLF, French headers, times in the
 * convention's zone (named in the header) and in UTC. A cell a spreadsheet would read as a formula
 * is prefixed with an apostrophe.
 */
export function registerCsv(lines: readonly RegisterLine[], zone: string): string {
  const headers = [
    'Destinataire',
    'Adresse',
    'Qualité',
    'Message',
    'Séquence',
    'État',
    `Accepté par le serveur (${frenchZoneName(zone)}, ${zone})`,
    'Accepté par le serveur (UTC)',
    'Message-ID',
    'Réponse du serveur',
    'Tentatives',
    'Préavis respecté',
  ];
  const rows = lines.map((line) => [
    line.fullName,
    line.email,
    ROLES[line.role],
    line.withdrawal ? 'retrait' : (KINDS[line.kind] ?? line.kind),
    line.sequence === null ? '' : String(line.sequence),
    STATES[line.state],
    line.acceptedAt ? registerLocalTime(line.acceptedAt, zone) : '',
    line.acceptedAt ? registerUtcTime(line.acceptedAt) : '',
    line.messageId,
    serverResponseText(line.serverResponse),
    String(line.attempts),
    line.noticeRespected === null ? '' : line.noticeRespected ? 'oui' : 'non',
  ]);
  return BOM + [headers, ...rows].map((row) => row.map(cell).join(SEPARATOR)).join('\r\n') + '\r\n';
}

/**
 * The mail server's answer as it gave it (« 250 2.0.0 Ok: queued as … »), the proof the register
 * keeps; a message only written to the outbox folder (no SMTP_URL) is said so in French, without
 * the server's path.
 */
function serverResponseText(response: string | null): string {
  if (response === null) return '';
  return isOutboxResponse(response) ? 'enregistré dans le dossier de développement (aucun envoi réel)' : response;
}

function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}
