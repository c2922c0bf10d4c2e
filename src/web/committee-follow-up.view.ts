import type { CommitteeDetailResponse } from '../committees/dto/committee-detail.response';
import type { CommitteeComplianceResponse } from '../compliance/dto/compliance.response';
import { frenchDate } from '../rules/local-date';

/**
 * What the committee's own rules ask someone to do soon, in plain French, for its page: terms of
 * office ending or ended with the seat still vacant, requests for a sitting not yet convened, and
 * minutes to write, late, or awaiting approval. Empty lists when there is nothing to follow.
 */
export function committeeFollowUpView(committee: CommitteeDetailResponse, compliance: Pick<CommitteeComplianceResponse, 'minutes' | 'requests'>) {
  const names = new Map<string, string>();
  for (const seat of committee.seats) {
    if (seat.party) names.set(seat.party.key, seat.party.name);
  }
  for (const seat of committee.seats) names.set(seat.key, seat.role);

  const terms: string[] = [];
  for (const seat of committee.seats) {
    for (const member of seat.members) {
      const term = member.term;
      if (term?.status !== 'expiring') continue;
      const renewal = term.mayBeRenewed ? 'il peut être renouvelé' : 'il n’est pas renouvelable';
      terms.push(`Le mandat de ${member.person.fullName} (${seat.role}) prend fin le ${frenchDate(term.endsOn)}, ${inDays(term.daysLeft)}\u00A0; ${renewal}.`);
    }
  }
  for (const ended of committee.termsEnded) {
    const role = names.get(ended.seatKey) ?? ended.seatKey;
    terms.push(`Le mandat de ${ended.person.fullName} (${role}) a pris fin le ${frenchDate(ended.term.endsOn)}\u00A0: le siège est vacant.`);
  }

  const requests = compliance.requests
    .filter((request) => request.status === 'to_convene' || request.status === 'due_soon' || request.status === 'overdue')
    .map((request) => {
      const asked = `Réunion demandée le ${frenchDate(request.requestedOn)}${request.reason ? ` («\u00A0${request.reason}\u00A0»)` : ''}`;
      return request.status === 'overdue'
        ? { text: `${asked}\u00A0: la convocation devait partir au plus tard le ${frenchDate(request.conveneBy)}, le délai est dépassé.`, urgent: true }
        : { text: `${asked}\u00A0: à convoquer au plus tard le ${frenchDate(request.conveneBy)}.`, urgent: request.warning };
    });

  const minutes = compliance.minutes.flatMap((entry) => {
    const sitting = `Séance du ${frenchDate(entry.heldOn)}`;
    const writer = entry.writer ? `, à rédiger par ${names.get(entry.writer) ?? entry.writer}` : '';
    switch (entry.status) {
      case 'to_write':
        return [{ text: `${sitting}\u00A0: compte rendu à rédiger au plus tard le ${frenchDate(entry.dueOn)}${writer}.`, urgent: false }];
      case 'writing_late':
        return [{ text: `${sitting}\u00A0: compte rendu en retard, attendu le ${frenchDate(entry.dueOn)}${writer}.`, urgent: true }];
      case 'to_submit':
        return [{ text: `${sitting}\u00A0: compte rendu à adresser aux membres pour approbation${entry.submitBy ? ` au plus tard le ${frenchDate(entry.submitBy)}` : ''}.`, urgent: false }];
      case 'submission_late':
        return [{ text: `${sitting}\u00A0: compte rendu non adressé aux membres, attendu le ${frenchDate(entry.submitBy as string)}.`, urgent: true }];
      case 'awaiting_approval':
        return [
          {
            text: entry.tacitApprovalOn
              ? `${sitting}\u00A0: compte rendu réputé approuvé le ${frenchDate(entry.tacitApprovalOn)} sauf observation d’un membre.`
              : `${sitting}\u00A0: compte rendu en attente d’approbation par le comité.`,
            urgent: false,
          },
        ];
      case 'objected':
        return [{ text: `${sitting}\u00A0: un membre a formulé une observation sur le compte rendu, qui attend l’approbation du comité.`, urgent: true }];
      default:
        return [];
    }
  });

  return { terms, requests, minutes, any: terms.length + requests.length + minutes.length > 0 };
}

function inDays(days: number): string {
  if (days <= 0) return 'aujourd’hui';
  return days === 1 ? 'demain' : `dans ${days}\u00A0jours`;
}

const ROTATION_PACE: Record<string, string> = {
  sitting: 'séance après séance',
  civil: 'par année civile',
  school: 'par année scolaire',
  signature: 'par année de la convention',
};

/** Who chairs, for the rules' list: « Tournante, par année scolaire : Ville de Bron, puis Académie de Lyon. »; null when the text names no chair. */
export function chairRuleText(committee: Pick<CommitteeDetailResponse, 'rules' | 'seats'>): string | null {
  const rotation = committee.rules.chairRotation;
  const partyName = new Map(committee.seats.flatMap((seat) => (seat.party ? [[seat.party.key, seat.party.name] as const] : [])));
  const seatRole = new Map(committee.seats.map((seat) => [seat.key, seat.role]));
  if (rotation) {
    const names = rotation.order.map((key) => (rotation.among === 'parties' ? partyName.get(key) : seatRole.get(key)) ?? key);
    const pace = ROTATION_PACE[rotation.every === 'sitting' ? 'sitting' : rotation.calendar];
    return `Tournante, ${pace}\u00A0: ${names.join(', puis ')}.`;
  }
  const chairs = committee.rules.chairs.map((chair) => chair.role ?? chair.seatKey);
  if (chairs.length === 0) return null;
  return chairs.length === 1 ? `${chairs[0].charAt(0).toLocaleUpperCase('fr')}${chairs[0].slice(1)}.` : `Coprésidence\u00A0: ${chairs.join(' et ')}.`;
}

