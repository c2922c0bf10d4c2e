import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Clock } from '../common/clock';
import { Committee } from '../committees/committee.entity';
import { MeetingDocument } from './meeting-document.entity';
import { Meeting } from './meeting.entity';
import { findCommittee, lockMeeting } from './meeting-lookups';
import { toDocumentResponse } from './meeting-views';
import { AttachDocumentDto } from './dto/attach-document.dto';
import { MeetingDocumentResponse, PrerequisitesResponse } from './dto/meeting.response';

/**
 * Documents attached to a meeting, and the check that the documents a committee needs beforehand
 * ("au préalable, le comité technique aura fait remonter l'ensemble des documents nécessaires à la
 * séance") have arrived.
 */
@Injectable()
export class MeetingDocumentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async attach(meetingId: string, dto: AttachDocumentDto): Promise<MeetingDocumentResponse> {
    return this.dataSource.transaction(async (manager) => {
      const meeting = await lockMeeting(manager, meetingId);
      if (meeting.state === 'cancelled') {
        throw DomainError.conflict('meeting_cancelled', 'The meeting is cancelled; no document can be attached to it', { state: meeting.state });
      }
      const committee = await findCommittee(manager, meeting.committeeId);
      if (dto.kind === 'prerequisite') {
        const expected = committee.prerequisites.map((prerequisite) => prerequisite.fromCommittee);
        if (!expected.includes(dto.fromCommittee as string)) {
          throw new DomainError(
            'rule',
            'not_a_prerequisite',
            expected.length === 0
              ? `Committee ${committee.key} expects no prerequisite documents`
              : `Committee ${committee.key} expects prerequisite documents from ${expected.join(', ')}, not from ${dto.fromCommittee}`,
            { field: 'fromCommittee', expected },
          );
        }
      }
      // Minutes written elsewhere and attached count as written (the minutes rule's delays).
      if (dto.kind === 'minutes' && meeting.minutesWrittenAt === null) {
        await manager.update(Meeting, { id: meetingId }, { minutesWrittenAt: this.clock.now() });
      }
      const saved = await manager.save(
        manager.create(MeetingDocument, {
          meetingId,
          kind: dto.kind,
          fromCommittee: dto.fromCommittee ?? null,
          title: dto.title,
          url: dto.url,
        }),
      );
      return toDocumentResponse(saved);
    });
  }

  async list(meetingId: string): Promise<MeetingDocumentResponse[]> {
    const manager = this.dataSource.manager;
    if (!(await manager.existsBy(Meeting, { id: meetingId }))) throw DomainError.notFound('meeting', `id ${meetingId}`);
    const documents = await manager.find(MeetingDocument, { where: { meetingId }, order: { attachedAt: 'ASC', id: 'ASC' } });
    return documents.map(toDocumentResponse);
  }

  /**
   * Whether every committee named in the prerequisites has sent up at least one document for this
   * meeting. The convocation step calls this before convening.
   */
  async checkPrerequisites(meetingId: string, manager: EntityManager = this.dataSource.manager): Promise<PrerequisitesResponse> {
    const meeting = await manager.findOneBy(Meeting, { id: meetingId });
    if (!meeting) throw DomainError.notFound('meeting', `id ${meetingId}`);
    const committee: Committee = await findCommittee(manager, meeting.committeeId);
    const received = await manager.find(MeetingDocument, {
      where: { meetingId, kind: 'prerequisite' },
      order: { attachedAt: 'ASC', id: 'ASC' },
    });
    const sentBy = new Set(received.map((document) => document.fromCommittee));
    const missing = committee.prerequisites
      .filter((prerequisite) => !sentBy.has(prerequisite.fromCommittee))
      .map(({ fromCommittee, description }) => ({ fromCommittee, description }));
    return { satisfied: missing.length === 0, missing, received: received.map(toDocumentResponse) };
  }
}
