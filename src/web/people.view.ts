import { MembershipChangeEffect, MeetingEffect } from '../dashboard/membership-effect.service';
import type { EmailCorrectionCheck } from '../people/email-correction.service';
import { PersonDetailResponse, PersonResponse } from '../people/dto/person.response';
import { CommitteeDetailResponse } from '../committees/dto/committee-detail.response';
import { frenchDay } from '../common/french-time';
import { FormBody, textOf } from './forms';
import { dayText, titleText } from './french-text';

const NBSP = '\u00A0';

/** The ids of the person page's fields: one set per membership, and the forms of the person. */
export const personFields = {
  search: 'recherche',
  endDate: (membershipId: string) => `fin-${membershipId}`,
  substituteName: (membershipId: string) => `suppleant-${membershipId}-nom`,
  substituteEmail: (membershipId: string) => `suppleant-${membershipId}-email`,
  email: 'nouvelle-adresse',
  committee: 'comite',
  seat: 'siege',
  start: 'debut',
};

/** The form that was refused, and what was typed in it (the page's other forms start afresh). */
export interface PersonFormEcho {
  form: string;
  body: FormBody;
}

export function searchView(query: string, people: PersonResponse[] | null) {
  return {
    searchId: personFields.search,
    query,
    searched: people !== null,
    count: people === null ? null : people.length === 0 ? 'Aucune personne ne correspond.' : people.length === 1 ? 'Une personne correspond.' : `${people.length} personnes correspondent.`,
    people: (people ?? []).map((person) => ({
      id: person.id,
      fullName: person.fullName,
      email: person.email,
      details: [person.title, person.organization].filter(Boolean).join(', '),
    })),
  };
}

/** A committee where the caller may seat the person, for the « Ajouter à un siège » form. */
export interface SeatableCommittee {
  id: string;
  name: string;
}

export interface PersonPageFacts {
  person: PersonDetailResponse;
  /** Committees whose members the caller keeps (committee.manage_members). */
  keeps: (committeeId: string, conventionId: string) => boolean;
  email: EmailCorrectionCheck;
  seatable: SeatableCommittee[];
  /** The committee chosen in the « Ajouter à un siège » form, with its seats. */
  chosen: CommitteeDetailResponse | null;
  today: string;
  /** After a change: the committee whose trail holds it, or the person's own trail. */
  changedIn: { committeeId: string | null } | null;
}

const EMAIL_REFUSALS: Record<string, string> = {
  holds_role: 'Cette personne a un rôle dans copil (secrétariat, convocation…)\u00A0: seul un administrateur peut corriger son adresse, où partent ses liens de connexion.',
  no_current_seat: 'Cette personne n’occupe aucun siège aujourd’hui\u00A0: seul un administrateur peut corriger son adresse.',
  seat_elsewhere: 'Cette personne siège aussi dans un comité dont vous ne gérez pas les membres\u00A0: son adresse se corrige par le secrétariat de la convention ou par un administrateur.',
};

export function emailRefusalText(refusal: string | undefined): string {
  return (refusal && EMAIL_REFUSALS[refusal]) ?? 'Vous ne pouvez pas corriger l’adresse de cette personne\u00A0: demandez-le à un administrateur.';
}

export function personView(facts: PersonPageFacts, echo: PersonFormEcho | null) {
  const { person } = facts;
  const typed = (form: string, name: string, fallback = '') => (echo && echo.form === form ? textOf(echo.body, name) : fallback);
  const committeeTrail = facts.changedIn?.committeeId ? person.memberships.find((m) => m.committee.id === facts.changedIn?.committeeId) ?? person.substituteFor.find((m) => m.committee.id === facts.changedIn?.committeeId) : undefined;
  return {
    id: person.id,
    fullName: person.fullName,
    email: person.email,
    details: [person.title, person.organization, person.phone].filter(Boolean).join(' — '),
    trail: `/personnes/${person.id}/historique`,
    changeTrail: facts.changedIn
      ? committeeTrail
        ? { link: `/comites/${committeeTrail.committee.id}/historique`, text: `Voir ce changement dans l’historique du comité (${committeeTrail.committee.name})` }
        : { link: `/personnes/${person.id}/historique`, text: `Voir ce changement dans l’historique de ${person.fullName}` }
      : null,
    memberships: person.memberships.map((membership) => {
      const keeps = facts.keeps(membership.committee.id, membership.convention.id);
      const id = membership.membershipId;
      return {
        id,
        heading: `${membership.seat.role} — ${membership.committee.name}`,
        committeeId: membership.committee.id,
        committeeName: membership.committee.name,
        convention: titleText(membership.convention.title),
        period: periodText(membership.startsOn, membership.endsOn),
        current: membership.startsOn <= facts.today && (membership.endsOn === null || membership.endsOn >= facts.today),
        ended: membership.endsOn !== null && membership.endsOn < facts.today,
        substitute: membership.substitute?.fullName ?? null,
        keeps,
        trail: keeps ? `/comites/${membership.committee.id}/historique` : null,
        endId: personFields.endDate(id),
        endValue: typed(`fin-${id}`, 'fin', membership.endsOn ?? facts.today),
        substituteNameId: personFields.substituteName(id),
        substituteNameValue: typed(`suppleant-${id}`, 'nom'),
        substituteEmailId: personFields.substituteEmail(id),
        substituteEmailValue: typed(`suppleant-${id}`, 'email'),
      };
    }),
    substituteFor: person.substituteFor.map((membership) => ({
      heading: `${membership.seat.role} — ${membership.committee.name}`,
      committeeId: membership.committee.id,
      member: membership.member.fullName,
      memberId: membership.member.id,
      period: periodText(membership.startsOn, membership.endsOn),
    })),
    emailForm: facts.email.decision.allowed ? { id: personFields.email, value: typed('adresse', 'email') } : null,
    emailRefusal: facts.email.decision.allowed ? null : emailRefusalText(facts.email.decision.refusal),
    seatForm:
      facts.seatable.length === 0
        ? null
        : {
            committeeId: personFields.committee,
            committees: facts.seatable.map((committee) => ({ id: committee.id, name: committee.name, selected: facts.chosen?.id === committee.id })),
            chosen: facts.chosen
              ? {
                  id: facts.chosen.id,
                  name: facts.chosen.name,
                  seatId: personFields.seat,
                  seats: facts.chosen.seats.map((seat) => ({
                    key: seat.key,
                    label: `${seat.role}${seat.party ? ` (${seat.party.name})` : ''} — ${seat.vacant === 0 ? 'complet' : seat.vacant === 1 ? '1 place vacante' : `${seat.vacant} places vacantes`}`,
                    selected: typed('siege', 'siege') === seat.key,
                  })),
                  startId: personFields.start,
                  startValue: typed('siege', 'debut', facts.today),
                }
              : null,
          },
  };
}

function periodText(startsOn: string, endsOn: string | null): string {
  return endsOn ? `Du ${dayText(startsOn)} au ${dayText(endsOn)}` : `Depuis le ${dayText(startsOn)}`;
}

/** A change to confirm: what it is, its effect on quorum, the form that makes it. */
export interface ConfirmationFacts {
  personId: string;
  title: string;
  /** What will change, line by line. */
  summary: string[];
  effects: string[];
  action: string;
  /** Sent again with the confirmation. */
  fields: Array<{ name: string; value: string }>;
  button: string;
}

export function confirmationView(facts: ConfirmationFacts) {
  return { ...facts, back: `/personnes/${facts.personId}` };
}

/** The effect of a change of members on the meetings ahead, in French, one sentence per meeting. */
export function effectSentences(effect: MembershipChangeEffect, change: 'end' | 'add' | 'substitute', names: { member: string }): string[] {
  if (effect.meetings.length === 0) {
    return [`Aucune réunion de ce comité (${effect.committeeName}) n’est programmée après cette date\u00A0: le quorum d’aucune réunion n’en dépend.`];
  }
  return effect.meetings.map((meeting) => meetingSentence(meeting, change, names));
}

function meetingSentence(meeting: MeetingEffect, change: 'end' | 'add' | 'substitute', names: { member: string }): string {
  const day = `la réunion du ${frenchDay(meeting.startsAt, meeting.timeZone)}`;
  const without = meeting.partiesWithoutAnyone.length
    ? ` (${meeting.partiesWithoutAnyone.join(', ')}\u00A0: personne ne pourrait y représenter ce signataire)`
    : '';
  switch (change) {
    case 'end': {
      const convened = meeting.convened ? ` La convocation de ${names.member} à cette réunion lui sera retirée.` : '';
      if (meeting.after === 'out_of_reach' && meeting.before !== 'out_of_reach') {
        return `${meeting.seatVacant ? 'Ce siège restera vacant\u00A0: le' : 'Le'} quorum de ${day} ne pourra plus être atteint${without}.${convened}`;
      }
      if (meeting.after === 'out_of_reach') return `Le quorum de ${day} ne peut déjà plus être atteint${without}.${convened}`;
      if (meeting.seatVacant) return `Ce siège restera vacant à ${day}${NBSP}; son quorum reste atteignable.${convened}`;
      return `Sans effet sur le quorum de ${day}${NBSP}: le siège y reste pourvu.${convened}`;
    }
    case 'add': {
      const convened = meeting.convened ? ` La réunion est déjà convoquée\u00A0: ${names.member} recevra sa convocation dès l’enregistrement.` : '';
      if (meeting.before === 'out_of_reach' && meeting.after !== 'out_of_reach') return `Le quorum de ${day} redevient atteignable.${convened}`;
      if (meeting.after === 'out_of_reach') return `Le quorum de ${day} reste hors d’atteinte${without}.${convened}`;
      return `Le quorum de ${day} reste atteignable.${convened}`;
    }
    case 'substitute':
      return `Sans effet sur le quorum de ${day}${NBSP}: le suppléant pourra y représenter ${names.member}.`;
  }
}
