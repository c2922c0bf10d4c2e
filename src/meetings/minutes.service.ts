import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { Committee } from '../committees/committee.entity';
import { localDateOf } from '../rules/local-date';
import { Meeting } from './meeting.entity';
import { findCommittee, lockMeeting, requireState } from './meeting-lookups';
import { minutesStatuses } from './minutes-status';
import { MinutesObjectionDto } from './dto/minutes-objection.dto';
import { MinutesStatusResponse } from './dto/minutes-status.response';

/**
 * The minutes of a sitting under the committee's minutes rule (rules/minutes.rule.ts): where they
 * stand, and the steps after their writing — sent to the members for approval, approved by the
 * committee, or objected to by a member (which stops a tacit approval).
 */
@Injectable()
export class MinutesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async status(meetingId: string): Promise<MinutesStatusResponse> {
    const manager = this.dataSource.manager;
    const meeting = await manager.findOneBy(Meeting, { id: meetingId });
    if (!meeting) throw DomainError.notFound('meeting', `id ${meetingId}`);
    return this.statusOf(manager, meeting, await findCommittee(manager, meeting.committeeId));
  }

  /** « Le compte rendu est adressé aux membres »: the minutes, written, are sent for approval. */
  async submit(meetingId: string): Promise<MinutesStatusResponse> {
    return this.step(meetingId, (meeting, committee) => {
      if (meeting.minutesWrittenAt === null) {
        throw DomainError.conflict('minutes_not_written', 'The minutes are not written yet: write or attach them before sending them for approval', {});
      }
      if (committee.minutesRule?.approval == null) {
        throw new DomainError('rule', 'minutes_approval_not_provided', `Committee ${committee.key}'s minutes are not submitted for approval: its rules provide none`, {});
      }
      if (meeting.minutesSubmittedAt === null) meeting.minutesSubmittedAt = this.clock.now();
    });
  }

  /** The committee approves the minutes (usually at its next sitting). */
  async approve(meetingId: string): Promise<MinutesStatusResponse> {
    return this.step(meetingId, (meeting, committee) => {
      if (meeting.minutesSubmittedAt === null && committee.minutesRule?.approval != null) {
        throw DomainError.conflict('minutes_not_submitted', 'The minutes have not been sent to the members for approval yet', {});
      }
      if (meeting.minutesApprovedAt === null) meeting.minutesApprovedAt = this.clock.now();
    });
  }

  /** A member objects: a tacit approval no longer happens; the committee may still approve them. */
  async object(meetingId: string, dto: MinutesObjectionDto): Promise<MinutesStatusResponse> {
    return this.step(meetingId, (meeting) => {
      if (meeting.minutesSubmittedAt === null) {
        throw DomainError.conflict('minutes_not_submitted', 'The minutes have not been sent to the members yet: there is nothing to object to', {});
      }
      if (meeting.minutesApprovedAt !== null) {
        throw DomainError.conflict('minutes_approved', `The minutes were approved on ${meeting.minutesApprovedAt.toISOString()}`, {});
      }
      meeting.minutesObjectedAt = this.clock.now();
      meeting.minutesObjection = dto.reason;
    });
  }

  private async step(meetingId: string, change: (meeting: Meeting, committee: Committee) => void): Promise<MinutesStatusResponse> {
    return this.dataSource.transaction(async (manager) => {
      const meeting = await lockMeeting(manager, meetingId);
      requireState(meeting, ['held'], 'handle the minutes');
      const committee = await findCommittee(manager, meeting.committeeId);
      change(meeting, committee);
      await manager.save(meeting);
      return this.statusOf(manager, meeting, committee);
    });
  }

  private async statusOf(manager: EntityManager, meeting: Meeting, committee: Committee): Promise<MinutesStatusResponse> {
    if (!committee.minutesRule) {
      throw new DomainError('rule', 'no_minutes_rule', `Committee ${committee.key}'s rules set no delay nor approval for minutes`, {});
    }
    if (meeting.state !== 'held') {
      throw DomainError.conflict('meeting_not_held', `The meeting is ${meeting.state}: minutes follow a sitting held`, { state: meeting.state });
    }
    const today = localDateOf(this.clock.now(), committee.convention.timeZone);
    const [status] = await minutesStatuses(manager, committee, today, { meetingId: meeting.id });
    return status;
  }
}
