import type { MajorityBase, QuorumKind, QuorumRule } from '../committees/committee-rules';

/**
 * "Se réunit … en présence d'au moins un représentant de chaque signataire de la convention."
 * - each_party: every signatory has at least one person present on one of its seats; a substitute
 *   (suppléant) counts for the member they replace; seats of no signatory (parents, "pour les
 *   établissements") never count for a party;
 * - share: people present — plus members represented by a proxy when the rule counts them — make
 *   at least `share` of the committee's places, the places being the seats of its composition
 *   (sum of the seats' counts), filled or not; `share: 0.5` is "at least half";
 * - majority: « la majorité des membres », more than half — of the places (the default), or of the
 *   members in office on the day: 6 of 10, 5 of 9;
 * - none: no quorum, but a sitting needs somebody in the room: one recorded with nobody present
 *   was not a sitting.
 * The quorum is counted over the voting seats: consultative members (« avec voix consultative »)
 * are convened and sit but never count, neither as places nor as people present; and a rule may
 * count over some groups of seats only (« le collège des élus », the members with a vote).
 * Proxies (pouvoirs) are only valid where the rule allows them, given to a member who is present,
 * and at most `maxProxiesPerMember` per holder: the excess is ignored, in the order recorded.
 * Guests never count.
 */
export type QuorumTerms = Pick<QuorumRule, 'kind' | 'share' | 'countsProxies' | 'proxiesAllowed' | 'maxProxiesPerMember'> & {
  majorityOf?: MajorityBase | null;
  /** Only the seats of these groups count; all voting seats when null or empty. */
  overGroups?: string[] | null;
};

export interface QuorumSeat {
  seatId: string;
  /** The signatory the seat represents, or null for seats of no signatory. */
  partyKey: string | null;
  count: number;
  /** « Avec voix consultative »: sits, never counts for the quorum. */
  consultative?: boolean;
  /** The heading the text lists the seat under (a college), for a quorum over some groups. */
  group?: string | null;
}

export const ATTENDANCE_STATUSES = ['present', 'absent', 'excused', 'substituted', 'represented'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export interface Attendance {
  membershipId: string;
  seatId: string;
  /** The party of the member's seat. */
  partyKey: string | null;
  /** substituted: their substitute came; represented: they gave a proxy to another member. */
  status: AttendanceStatus;
  proxyHolderMembershipId?: string | null;
}

export interface QuorumInput {
  rule: QuorumTerms;
  seats: readonly QuorumSeat[];
  /** Keys of the convention's signatories. */
  partyKeys: readonly string[];
  attendance: readonly Attendance[];
  /** Invited people holding no seat; listed so the reasons can say they do not count. */
  guests?: readonly unknown[];
}

export interface IgnoredProxy {
  membershipId: string;
  reason: string;
}

export interface QuorumDecision {
  reached: boolean;
  kind: QuorumKind;
  reasons: string[];
  /** Signatories with nobody present (each_party only). */
  missingParties: string[];
  /** People in the room on a seat: members present and substitutes standing in. */
  presentCount: number;
  /** Members validly represented by a proxy, whether or not the rule counts them. */
  representedCount: number;
  /** each_party: the number of signatories; share and majority: the people needed; none: 1 (somebody). */
  requiredCount: number;
  /** The places that count: the voting seats' counts (of the groups the rule names). */
  places: number;
  ignoredProxies: IgnoredProxy[];
}

const IN_THE_ROOM: ReadonlySet<AttendanceStatus> = new Set(['present', 'substituted']);

/** Why a quorum rule cannot be applied, or null. For definition-file validation. */
export function quorumRuleProblem(rule: QuorumTerms): string | null {
  if (rule.kind === 'share' && (rule.share === null || !(rule.share > 0 && rule.share <= 1))) {
    return 'a quorum as a share needs share, a number greater than 0 and at most 1';
  }
  if (rule.maxProxiesPerMember !== null && !(Number.isInteger(rule.maxProxiesPerMember) && rule.maxProxiesPerMember >= 1)) {
    return 'maxProxiesPerMember must be a whole number of at least 1, or null for no limit';
  }
  return null;
}

function validProxies(input: QuorumInput, inRoom: ReadonlySet<string>): { valid: Attendance[]; ignored: IgnoredProxy[] } {
  const valid: Attendance[] = [];
  const ignored: IgnoredProxy[] = [];
  const heldBy = new Map<string, number>();
  const limit = input.rule.maxProxiesPerMember;
  for (const record of input.attendance) {
    if (record.status !== 'represented') {
      continue;
    }
    const holder = record.proxyHolderMembershipId ?? null;
    const ignore = (reason: string) => ignored.push({ membershipId: record.membershipId, reason });
    if (!input.rule.proxiesAllowed) {
      ignore(`proxy of ${record.membershipId} ignored: this committee does not allow proxies`);
    } else if (holder === null) {
      ignore(`proxy of ${record.membershipId} ignored: it names no holder`);
    } else if (holder === record.membershipId) {
      ignore(`proxy of ${record.membershipId} ignored: a member cannot hold their own proxy`);
    } else if (!inRoom.has(holder)) {
      ignore(`proxy of ${record.membershipId} ignored: its holder ${holder} is not present`);
    } else if (limit !== null && (heldBy.get(holder) ?? 0) >= limit) {
      ignore(`proxy of ${record.membershipId} ignored: ${holder} already holds ${plural(limit, 'proxy', 'proxies')}, the most allowed per member`);
    } else {
      heldBy.set(holder, (heldBy.get(holder) ?? 0) + 1);
      valid.push(record);
    }
  }
  return { valid, ignored };
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Whether the quorum is reached by the people recorded at a meeting, with the reasons. */
export function quorumReached(input: QuorumInput): QuorumDecision {
  const problem = quorumRuleProblem(input.rule);
  if (problem) {
    throw new RangeError(problem);
  }
  const knownSeats = new Map(input.seats.map((seat) => [seat.seatId, seat]));
  const groups = input.rule.overGroups?.length ? new Set(input.rule.overGroups) : null;
  const counts = (seat: QuorumSeat): boolean => !seat.consultative && (groups === null || groups.has(seat.group ?? ''));
  const places = input.seats.filter(counts).reduce((sum, seat) => sum + seat.count, 0);
  const reasons: string[] = [];

  const onKnownSeats = input.attendance.filter((record) => knownSeats.has(record.seatId));
  const strangers = input.attendance.length - onKnownSeats.length;
  if (strangers > 0) {
    reasons.push(`${plural(strangers, 'attendance record is', 'attendance records are')} on seats not in this committee and not counted`);
  }
  const inRoomOn = (seat: (s: QuorumSeat) => boolean) =>
    onKnownSeats.filter((record) => seat(knownSeats.get(record.seatId) as QuorumSeat) && IN_THE_ROOM.has(record.status)).length;
  const consultative = inRoomOn((seat) => seat.consultative === true);
  if (consultative > 0) {
    reasons.push(`${plural(consultative, 'consultative member', 'consultative members')} present, never counted for the quorum`);
  }
  const outsideGroups = inRoomOn((seat) => !seat.consultative && !counts(seat));
  if (outsideGroups > 0) {
    reasons.push(`${plural(outsideGroups, 'member', 'members')} present outside ${[...(groups ?? [])].join(', ')}, not counted for the quorum`);
  }
  const voting = onKnownSeats.filter((record) => counts(knownSeats.get(record.seatId) as QuorumSeat));
  const present = voting.filter((record) => IN_THE_ROOM.has(record.status));
  const inRoom = new Set(present.map((record) => record.membershipId));
  const { valid: represented, ignored } = validProxies({ ...input, attendance: voting }, inRoom);
  reasons.push(...ignored.map((proxy) => proxy.reason));
  const counted = input.rule.countsProxies ? [...present, ...represented] : present;
  const guests = input.guests?.length ?? 0;
  if (guests > 0) {
    reasons.push(`${plural(guests, 'guest does', 'guests do')} not count towards the quorum`);
  }
  const base = { kind: input.rule.kind, presentCount: present.length, representedCount: represented.length, places, ignoredProxies: ignored };
  /** A quorum as a number of people: those counted (present, and represented where the rule counts proxies) against the number required. */
  const byHeadcount = (requiredCount: number, denominator: number, of: string): QuorumDecision => {
    const reached = denominator > 0 && counted.length >= requiredCount;
    const proxiesPart = input.rule.countsProxies
      ? ` + ${plural(represented.length, 'member represented', 'members represented')}`
      : represented.length > 0
        ? ` (${plural(represented.length, 'proxy', 'proxies')} not counted by this rule)`
        : '';
    const tally = `${present.length} present${proxiesPart} for ${requiredCount} required (${of})`;
    return { ...base, reached, reasons: [`quorum ${reached ? 'reached' : 'not reached'}: ${tally}`, ...reasons], missingParties: [], requiredCount };
  };

  switch (input.rule.kind) {
    case 'none': {
      const reached = present.length > 0;
      const verdict = reached
        ? `no quorum is required; ${plural(present.length, 'person', 'people')} present`
        : 'no quorum is required, but nobody was recorded present: a sitting needs at least one member in the room';
      return { ...base, reached, reasons: [verdict, ...reasons], missingParties: [], requiredCount: 1 };
    }

    case 'majority': {
      const ofMembers = input.rule.majorityOf === 'members';
      // The attendance lists every member in office on the day, present or not.
      const denominator = ofMembers ? new Set(voting.map((record) => record.membershipId)).size : places;
      const over = ofMembers ? plural(denominator, 'member in office', 'members in office') : plural(denominator, 'place', 'places');
      // More than half: 6 of 10, 5 of 9.
      return byHeadcount(Math.floor(denominator / 2) + 1, denominator, `more than half of ${over}`);
    }

    case 'each_party': {
      if (input.partyKeys.length === 0) {
        return { ...base, reached: false, reasons: ['the convention lists no signatory', ...reasons], missingParties: [], requiredCount: 0 };
      }
      const missingParties: string[] = [];
      const partyReasons = input.partyKeys.map((partyKey) => {
        const forParty = counted.filter((record) => record.partyKey === partyKey);
        if (forParty.length === 0) {
          missingParties.push(partyKey);
          return `${partyKey}: nobody present`;
        }
        const substitutes = forParty.filter((record) => record.status === 'substituted').length;
        const proxies = forParty.filter((record) => record.status === 'represented').length;
        const details = [substitutes > 0 ? plural(substitutes, 'substitute', 'substitutes') : '', proxies > 0 ? plural(proxies, 'proxy', 'proxies') : '']
          .filter(Boolean)
          .join(', ');
        return `${partyKey}: ${plural(forParty.length, 'representative', 'representatives')}${details ? ` (including ${details})` : ''}`;
      });
      const withoutParty = present.filter((record) => record.partyKey === null).length;
      if (withoutParty > 0) {
        reasons.push(`${plural(withoutParty, 'person', 'people')} present on seats of no signatory, who count for no party`);
      }
      const reached = missingParties.length === 0;
      const verdict = reached
        ? 'quorum reached: at least one representative of each signatory is present'
        : `quorum not reached: no representative of ${missingParties.join(', ')}`;
      return { ...base, reached, reasons: [verdict, ...partyReasons, ...reasons], missingParties, requiredCount: input.partyKeys.length };
    }

    case 'share': {
      const share = input.rule.share as number;
      // A tiny tolerance so 0.3333 × 9 asks for 3 people, not 4.
      return byHeadcount(Math.ceil(share * places - 1e-9), places, `${share} of ${plural(places, 'place', 'places')}`);
    }
  }
}

export const ANSWERS = ['accepted', 'declined', 'substitute', 'no_answer'] as const;
export type Answer = (typeof ANSWERS)[number];

export interface ExpectedAttendance {
  membershipId: string;
  seatId: string;
  partyKey: string | null;
  /** substitute: the member answered that their substitute will come. */
  answer: Answer;
  /** A member who declined may give a proxy. */
  proxyHolderMembershipId?: string | null;
}

export interface QuorumForecastInput extends Omit<QuorumInput, 'attendance'> {
  answers: readonly ExpectedAttendance[];
}

export interface QuorumForecast {
  /** reached: the answers already make it; pending: only if some who have not answered come; out_of_reach: not even then. */
  outlook: 'reached' | 'pending' | 'out_of_reach';
  /** Counting only the people who said they will come. */
  expected: QuorumDecision;
  /** As if every member who has not answered came. */
  ifAllUnansweredCome: QuorumDecision;
  unanswered: number;
}

function expectedStatus(answer: ExpectedAttendance, unansweredCome: boolean): AttendanceStatus {
  switch (answer.answer) {
    case 'accepted':
      return 'present';
    case 'substitute':
      return 'substituted';
    case 'declined':
      return answer.proxyHolderMembershipId ? 'represented' : 'excused';
    case 'no_answer':
      return unansweredCome ? 'present' : 'absent';
  }
}

/** The quorum a meeting can expect from the members' answers to its convocation. */
export function quorumForecast(input: QuorumForecastInput): QuorumForecast {
  const decide = (unansweredCome: boolean) =>
    quorumReached({
      ...input,
      attendance: input.answers.map((answer) => ({
        membershipId: answer.membershipId,
        seatId: answer.seatId,
        partyKey: answer.partyKey,
        status: expectedStatus(answer, unansweredCome),
        proxyHolderMembershipId: answer.proxyHolderMembershipId ?? null,
      })),
    });
  const expected = decide(false);
  const ifAllUnansweredCome = decide(true);
  const unanswered = input.answers.filter((answer) => answer.answer === 'no_answer').length;
  const outlook = expected.reached ? 'reached' : ifAllUnansweredCome.reached ? 'pending' : 'out_of_reach';
  return { outlook, expected, ifAllUnansweredCome, unanswered };
}
