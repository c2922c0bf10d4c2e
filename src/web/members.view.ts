import { CommitteeDetailResponse } from '../committees/dto/committee-detail.response';
import { FormBody, textOf } from './forms';
import { dayText, titleText } from './french-text';

/** The ids of the fields of the members page: one set per seat (to fill it) and per membership. */
export const memberFields = {
  fillName: (seatId: string) => `pourvoir-${seatId}-nom`,
  fillEmail: (seatId: string) => `pourvoir-${seatId}-email`,
  fillStart: (seatId: string) => `pourvoir-${seatId}-debut`,
  endDate: (membershipId: string) => `fin-${membershipId}`,
  substituteName: (membershipId: string) => `suppleant-${membershipId}-nom`,
  substituteEmail: (membershipId: string) => `suppleant-${membershipId}-email`,
};

/** What the person typed in the form that was refused (other forms of the page start afresh). */
export interface MemberFormEcho {
  form: string;
  body: FormBody;
}

/**
 * The members page's words: each seat with its holders (to end a term, name a substitute) and
 * its vacant places (to fill, with a new or known person).
 */
export function membersView(committee: CommitteeDetailResponse, today: string, echo: MemberFormEcho | null) {
  const typed = (form: string, name: string, fallback = '') => (echo && echo.form === form ? textOf(echo.body, name) : fallback);
  return {
    id: committee.id,
    name: committee.name,
    conventionTitle: titleText(committee.convention.title),
    today: dayText(today),
    seats: committee.seats.map((seat) => ({
      id: seat.id,
      key: seat.key,
      heading: `${seat.role}${seat.party ? ` — ${seat.party.name}` : ''}`,
      places: seat.count === 1 ? '1 place' : `${seat.count} places`,
      members: seat.members.map((member) => ({
        membershipId: member.membershipId,
        fullName: member.person.fullName,
        personId: member.person.id,
        email: member.person.email,
        since: dayText(member.startsOn),
        until: dayText(member.endsOn),
        substitute: member.substitute ? `${member.substitute.fullName} (${member.substitute.email})` : null,
        endId: memberFields.endDate(member.membershipId),
        endValue: typed(`fin-${member.membershipId}`, 'fin', today),
        substituteNameId: memberFields.substituteName(member.membershipId),
        substituteNameValue: typed(`suppleant-${member.membershipId}`, 'nom'),
        substituteEmailId: memberFields.substituteEmail(member.membershipId),
        substituteEmailValue: typed(`suppleant-${member.membershipId}`, 'email'),
      })),
      vacant: seat.vacant,
      vacancyText: seat.vacant === 0 ? null : seat.vacant === 1 ? 'Une place est vacante.' : `${seat.vacant} places sont vacantes.`,
      fill:
        seat.vacant === 0
          ? null
          : {
              nameId: memberFields.fillName(seat.id),
              nameValue: typed(`pourvoir-${seat.id}`, 'nom'),
              emailId: memberFields.fillEmail(seat.id),
              emailValue: typed(`pourvoir-${seat.id}`, 'email'),
              startId: memberFields.fillStart(seat.id),
              startValue: typed(`pourvoir-${seat.id}`, 'debut', today),
            },
    })),
  };
}
