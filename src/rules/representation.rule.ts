/**
 * « Le DASEN ou son représentant »: a seat that may be represented accepts, when the attendance is
 * recorded, whoever the holder sends — not only their registered substitute (suppléant). A seat
 * that may not be represented accepts only the registered substitute. Either way one person fills
 * one seat: someone who sits in the committee that day on their own seat cannot also stand in for
 * another member (a member who cannot come and wants another member to vote for them gives a
 * proxy, where the quorum rule allows proxies).
 */
export interface StandIn {
  /** The member's name, for the reason. */
  memberName: string;
  seatMayBeRepresented: boolean;
  /** The member's registered substitute, if any. */
  registeredSubstituteId: string | null;
  standInId: string;
  /** Whether the person standing in holds a seat of this committee that day. */
  standInIsMember: boolean;
}

export interface StandInDecision {
  allowed: boolean;
  /** registered_substitute or representative when allowed; the refusal's code otherwise. */
  code: 'registered_substitute' | 'representative' | 'not_the_substitute' | 'representative_is_member';
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
  return { allowed: true, code: 'representative', reason: `${standIn.memberName} is represented (« ou son représentant »)` };
}
