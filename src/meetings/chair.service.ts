import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Party } from '../conventions/party.entity';
import { Seat } from '../committees/seat.entity';
import { chairOfSitting, effectiveChairRotation } from '../rules/chair-rotation.rule';
import { localDateOf } from '../rules/local-date';
import { Meeting } from './meeting.entity';
import { findCommittee } from './meeting-lookups';
import { SittingChairResponse } from './dto/chair.response';

/**
 * Who chairs a sitting under the committee's rotation of the chair (rules/chair-rotation.rule.ts).
 * A sitting's turn is its rank among the committee's sittings not cancelled, held or to come, so
 * cancelling one passes its turn to the next.
 */
@Injectable()
export class ChairService {
  constructor(private readonly dataSource: DataSource) {}

  async chairOf(meetingId: string): Promise<SittingChairResponse> {
    const manager = this.dataSource.manager;
    const meeting = await manager.findOneBy(Meeting, { id: meetingId });
    if (!meeting) throw DomainError.notFound('meeting', `id ${meetingId}`);
    const committee = await findCommittee(manager, meeting.committeeId);
    const convention = committee.convention;
    const localDate = localDateOf(meeting.startsAt, convention.timeZone);
    const rotation = effectiveChairRotation(committee);
    if (!rotation) {
      const chairs = committee.chairSeatKeys.length ? `chaired by ${committee.chairSeatKeys.join(' and ')}` : 'no chair named';
      return { meetingId, localDate, rotation: null, chair: null, turn: null, reasons: [`The chair does not rotate (${chairs}).`] };
    }
    const [{ rank }]: Array<{ rank: number }> = await manager.query(
      `SELECT count(*)::int AS rank FROM meetings
        WHERE committee_id = $1 AND state <> 'cancelled' AND (starts_at, id) < ($2::timestamptz, $3::uuid)`,
      [committee.id, meeting.startsAt, meeting.id],
    );
    const start = convention.effectiveFrom ?? convention.signedOn ?? localDate;
    const turn = chairOfSitting(rotation, { sittingIndex: rank, day: localDate }, start);
    const name =
      rotation.among === 'parties'
        ? ((await manager.findOneBy(Party, { conventionId: convention.id, key: turn.key }))?.name ?? turn.key)
        : ((await manager.findOneBy(Seat, { committeeId: committee.id, key: turn.key }))?.role ?? turn.key);
    const reasons = [turn.reason];
    if (meeting.state === 'cancelled') reasons.push('The sitting is cancelled: it takes no turn, and the next sitting has this one.');
    return {
      meetingId,
      localDate,
      rotation: { ...rotation, order: [...rotation.order] },
      chair: { among: turn.among, key: turn.key, name },
      turn: turn.turn,
      reasons,
    };
  }
}
