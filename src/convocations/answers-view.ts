import { EntityManager, In } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Committee } from '../committees/committee.entity';
import { Seat } from '../committees/seat.entity';
import { Party } from '../conventions/party.entity';
import { Meeting } from '../meetings/meeting.entity';
import { Answer as ForecastAnswer, ExpectedAttendance, QuorumDecision, quorumForecast } from '../rules/quorum.rule';
import { AnswerHistoryEntry } from './answer-history.entity';
import { Convocation } from './convocation.entity';
import { MessageState } from './outbound-message.entity';
import { AnswerHistoryResponse, AnswersResponse, PartyOutlookResponse, QuorumDecisionResponse, RecipientAnswerResponse } from './dto/answers.response';

/**
 * Who said what, per signatory, and the quorum that follows: read by GET /meetings/:id/answers and
 * by the watch that alerts the convener when a signatory has nobody coming.
 */
export async function answersOverview(manager: EntityManager, meetingId: string): Promise<AnswersResponse> {
  const meeting = await manager.findOneBy(Meeting, { id: meetingId });
  if (!meeting) throw DomainError.notFound('meeting', `id ${meetingId}`);
  const committee = (await manager.findOneBy(Committee, { id: meeting.committeeId })) as Committee;
  const parties = await manager.find(Party, { where: { conventionId: committee.conventionId }, order: { position: 'ASC' } });
  const seats = await manager.find(Seat, { where: { committeeId: committee.id }, relations: { party: true } });
  const convocations = await manager.find(Convocation, {
    where: { meetingId },
    relations: { membership: { seat: { party: true } } },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  const deliveries: Array<{ convocation_id: string; state: MessageState; accepted_at: Date | null }> = await manager.query(
    `SELECT DISTINCT ON (convocation_id) convocation_id, state, accepted_at FROM outbound_messages
      WHERE meeting_id = $1 AND kind IN ('convocation', 'update') AND state <> 'obsolete'
      ORDER BY convocation_id, ical_sequence DESC, created_at DESC`,
    [meetingId],
  );
  const deliveryOf = new Map(deliveries.map((row) => [row.convocation_id, row]));
  // Sent at least once (a later update may still wait), and when the first one still waiting leaves.
  const sendings: Array<{ convocation_id: string; sent: boolean; planned_at: Date | null }> = await manager.query(
    `SELECT convocation_id, bool_or(state = 'sent') AS sent, min(send_after) FILTER (WHERE state IN ('pending', 'sending')) AS planned_at
       FROM outbound_messages
      WHERE meeting_id = $1 AND convocation_id IS NOT NULL AND kind IN ('convocation', 'update')
      GROUP BY convocation_id`,
    [meetingId],
  );
  const sendingOf = new Map(sendings.map((row) => [row.convocation_id, row]));
  const historyOf = new Map<string, AnswerHistoryResponse[]>();
  if (convocations.length > 0) {
    const entries = await manager.find(AnswerHistoryEntry, {
      where: { convocationId: In(convocations.map((convocation) => convocation.id)) },
      order: { id: 'ASC' },
    });
    for (const entry of entries) {
      const list = historyOf.get(entry.convocationId) ?? [];
      list.push({ answer: entry.answer, event: entry.event, at: entry.recordedAt.toISOString(), sequence: entry.icalSequence, comment: entry.comment });
      historyOf.set(entry.convocationId, list);
    }
  }
  const active = convocations.filter((convocation) => convocation.withdrawnAt === null);
  const substituteOf = new Map(active.filter((convocation) => convocation.standsInForId).map((convocation) => [convocation.standsInForId as string, convocation]));

  const members = active.filter((convocation) => convocation.role === 'member' && convocation.membership);
  const expected: ExpectedAttendance[] = members.map((convocation) => ({
    membershipId: convocation.membershipId as string,
    seatId: (convocation.membership as NonNullable<Convocation['membership']>).seatId,
    partyKey: convocation.membership?.seat.party?.key ?? null,
    answer: forecastAnswer(convocation, substituteOf.get(convocation.id)),
  }));
  const forecast = quorumForecast({
    rule: committee.quorum,
    seats: seats.map((seat) => ({
      seatId: seat.id,
      partyKey: seat.party?.key ?? null,
      count: seat.count,
      consultative: seat.consultative,
      group: seat.groupLabel,
    })),
    partyKeys: parties.map((party) => party.key),
    answers: expected,
    guests: active.filter((convocation) => convocation.role === 'guest'),
  });

  const seatedParties = new Set(seats.map((seat) => seat.party?.key).filter((key): key is string => Boolean(key)));
  const outlook: PartyOutlookResponse[] = parties
    .filter((party) => seatedParties.has(party.key))
    .map((party) => {
      const own = expected.filter((entry) => entry.partyKey === party.key);
      const coming = own.filter((entry) => entry.answer === 'accepted' || entry.answer === 'substitute').length;
      return {
        key: party.key,
        name: party.name,
        coming,
        declined: own.filter((entry) => entry.answer === 'declined').length,
        unanswered: own.filter((entry) => entry.answer === 'no_answer').length,
        nobodyComing: coming === 0,
      };
    });

  const count = (answer: Convocation['answer']) => active.filter((convocation) => convocation.answer === answer).length;
  const waiting = active.filter((convocation) => !sendingOf.get(convocation.id)?.sent);
  const planned = waiting.map((convocation) => sendingOf.get(convocation.id)?.planned_at?.getTime()).filter((at): at is number => at !== undefined);
  return {
    meetingId,
    convenedAt: meeting.convenedAt?.toISOString() ?? null,
    summary: {
      accepted: count('accepted'),
      declined: count('declined'),
      tentative: count('tentative'),
      substitute: count('substitute'),
      needsAction: count('needs_action'),
    },
    invitations: {
      sent: active.length - waiting.length,
      notYetSent: waiting.length,
      nextSendingAt: planned.length > 0 ? new Date(Math.min(...planned)).toISOString() : null,
    },
    parties: outlook,
    quorum: {
      kind: committee.quorum.kind,
      outlook: forecast.outlook,
      expected: decisionView(forecast.expected),
      ifAllUnansweredCome: decisionView(forecast.ifAllUnansweredCome),
      unanswered: forecast.unanswered,
    },
    recipients: convocations.map((convocation): RecipientAnswerResponse => {
      const delivery = deliveryOf.get(convocation.id);
      const seat = convocation.membership?.seat ?? null;
      return {
        id: convocation.id,
        role: convocation.role,
        person: { id: convocation.personId, fullName: convocation.fullName, email: convocation.email },
        seat: seat ? { key: seat.key, role: seat.role } : null,
        party: seat?.party ? { key: seat.party.key, name: seat.party.name } : null,
        answer: convocation.answer,
        answeredAt: convocation.answeredAt?.toISOString() ?? null,
        answerSource: convocation.answerSource,
        comment: convocation.answerComment,
        standsInFor: convocation.standsInForId,
        withdrawn: convocation.withdrawnAt !== null,
        delivery: delivery ? { state: delivery.state, acceptedAt: delivery.accepted_at?.toISOString() ?? null } : null,
        invitationSent: sendingOf.get(convocation.id)?.sent ?? false,
        history: historyOf.get(convocation.id) ?? [],
      };
    }),
  };
}

/**
 * A member's answer as the quorum forecast reads it: sending a substitute counts as the substitute
 * coming, unless the substitute declined; "tentative" is no promise.
 */
function forecastAnswer(member: Convocation, substitute: Convocation | undefined): ForecastAnswer {
  switch (member.answer) {
    case 'accepted':
      return 'accepted';
    case 'declined':
      return 'declined';
    case 'substitute':
      return substitute?.answer === 'declined' ? 'declined' : 'substitute';
    case 'tentative':
    case 'needs_action':
      return 'no_answer';
  }
}

function decisionView(decision: QuorumDecision): QuorumDecisionResponse {
  return { reached: decision.reached, missingParties: decision.missingParties, reasons: decision.reasons };
}

/**
 * The meetings among these convened for a later sending whose convocations have reached nobody yet,
 * each with when the first of them leaves: the same reading as answersOverview's invitations (no
 * active convocation sent, the earliest waiting one), for a list of meetings in one statement.
 */
export async function plannedSendings(manager: EntityManager, meetingIds: string[]): Promise<Map<string, Date>> {
  if (meetingIds.length === 0) return new Map();
  const rows: Array<{ meeting_id: string; planned_at: Date }> = await manager.query(
    `SELECT o.meeting_id, min(o.send_after) FILTER (WHERE o.state IN ('pending', 'sending')) AS planned_at
       FROM outbound_messages o
       JOIN convocations c ON c.id = o.convocation_id AND c.withdrawn_at IS NULL
      WHERE o.meeting_id = ANY($1::uuid[]) AND o.kind IN ('convocation', 'update')
      GROUP BY o.meeting_id
     HAVING NOT bool_or(o.state = 'sent') AND min(o.send_after) FILTER (WHERE o.state IN ('pending', 'sending')) IS NOT NULL`,
    [meetingIds],
  );
  return new Map(rows.map((row) => [row.meeting_id, row.planned_at]));
}
