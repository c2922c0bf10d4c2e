/**
 * « Le DASEN ou son représentant »: a seat that may be represented accepts, when the attendance is
 * recorded, whoever the holder sends — not only their registered substitute (suppléant). A seat
 * that may not be represented accepts only the registered substitute. Either way one person fills
 * one seat: someone who sits in the committee that day on their own seat cannot also stand in for
 * another member (a member who cannot come and wants another member to vote for them gives a
 * proxy, where the quorum rule allows proxies). Where the text says who may represent the holder
 * (« ou l'un de ses adjoints », « ou le conseiller pédagogique de la circonscription »), only those
 * people may.
 */
/**
 * « … ou son représentant, choisi parmi ses adjoints »: the people the text allows to stand in for
 * the holder of a seat that may be represented, by email (lower case); anyone when the seat names none.
 */
export interface RepresentativesRule {
  people: string[];
  text: string | null;
}

export interface StandIn {
  /** The member's name, for the reason. */
  memberName: string;
  seatMayBeRepresented: boolean;
  /** The member's registered substitute, if any. */
  registeredSubstituteId: string | null;
  standInId: string;
  /** Whether the person standing in holds a seat of this committee that day. */
  standInIsMember: boolean;
  /** Who alone may represent the holder, when the text limits it; null: anyone who does not sit that day. */
  representatives?: RepresentativesRule | null;
  /** The email of the person standing in, to compare with `representatives`. */
  standInEmail?: string | null;
}

export interface StandInDecision {
  allowed: boolean;
  /** registered_substitute or representative when allowed; the refusal's code otherwise. */
  code: 'registered_substitute' | 'representative' | 'not_the_substitute' | 'representative_is_member' | 'not_an_allowed_representative';
  reason: string;
}

export function standInDecision(standIn: StandIn): StandInDecision {
  if (standIn.registeredSubstituteId === standIn.standInId) {
    return { allowed: true, code: 'registered_substitute', reason: `the registered substitute of ${standIn.memberName} stands in` };
  }
  if (!standIn.seatMayBeRepresented) {
    return {
      allowed: false,
      code: 'not_the_substitute',
      reason:
        standIn.registeredSubstituteId === null
          ? `${standIn.memberName} has no recorded substitute and the seat may not be represented; nobody can stand in for them`
          : `Person ${standIn.standInId} is not the recorded substitute of ${standIn.memberName}, and the seat may not be represented by anyone else`,
    };
  }
  if (standIn.standInIsMember) {
    return {
      allowed: false,
      code: 'representative_is_member',
      reason: `Person ${standIn.standInId} sits in this committee on their own seat and cannot also represent ${standIn.memberName}; a member gives a proxy instead`,
    };
  }
  const limit = standIn.representatives;
  if (limit && limit.people.length > 0 && !limit.people.includes((standIn.standInEmail ?? '').toLowerCase())) {
    return {
      allowed: false,
      code: 'not_an_allowed_representative',
      reason: `Person ${standIn.standInId} is not among those who may represent ${standIn.memberName} (${limit.people.join(', ')})${limit.text ? `: « ${limit.text} »` : ''}`,
    };
  }
  return { allowed: true, code: 'representative', reason: `${standIn.memberName} is represented (« ou son représentant »)` };
}
