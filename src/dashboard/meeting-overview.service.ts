import { Injectable } from '@nestjs/common';
import { AccessPolicy, Subject } from '../auth';
import { Clock } from '../common/clock';
import { CommitteesService } from '../committees/committees.service';
import { CommitteeDetailResponse } from '../committees/dto/committee-detail.response';
import { AnswersService } from '../convocations/answers.service';
import { AnswersResponse } from '../convocations/dto/answers.response';
import { RegisterResponse } from '../convocations/dto/register.response';
import { RegisterService } from '../convocations/register.service';
import { MeetingResponse } from '../meetings/dto/meeting.response';
import { MeetingsService } from '../meetings/meetings.service';
import { ChairService } from '../meetings/chair.service';
import { SittingChairResponse } from '../meetings/dto/chair.response';

export interface MeetingOverview {
  meeting: MeetingResponse;
  /** The committee as it is composed on the day of the meeting (whom to convene, whom to record present). */
  committee: CommitteeDetailResponse;
  /** Null until the meeting is convened. */
  answers: AnswersResponse | null;
  /** The proof of sending: for those who convene. */
  register: RegisterResponse | null;
  /** What the person may do, as the access policy decides it. */
  may: { schedule: boolean; convene: boolean };
  /** Whether the meeting has begun by the application's clock: attendance is recorded from then on, never before (meeting-records.service.ts). */
  started: boolean;
  /** Whose turn it is to chair, when the committee's chair rotates (rules/chair-rotation.rule.ts). */
  chair: SittingChairResponse;
}

/** A meeting's page: the meeting, its committee on the day, the answers and, for its conveners, the sending. */
@Injectable()
export class MeetingOverviewService {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly committees: CommitteesService,
    private readonly answers: AnswersService,
    private readonly registers: RegisterService,
    private readonly policy: AccessPolicy,
    private readonly chairs: ChairService,
    private readonly clock: Clock,
  ) {}

  async of(meetingId: string, subject: Subject): Promise<MeetingOverview> {
    const meeting = await this.meetings.get(meetingId);
    const target = { conventionId: meeting.committee.conventionId, committeeId: meeting.committee.id, meetingId };
    const may = {
      schedule: this.policy.decide(subject, 'meeting.schedule', target).allowed,
      convene: this.policy.decide(subject, 'meeting.convene', target).allowed,
    };
    const committee = await this.committees.detail(meeting.committee.id, meeting.start.local.slice(0, 10));
    const answers = await this.answers.answersOf(meetingId);
    const convened = answers.convenedAt !== null;
    return {
      meeting,
      committee,
      answers: convened ? answers : null,
      register: convened && may.convene ? await this.registers.register(meetingId) : null,
      may,
      started: this.clock.now().getTime() >= new Date(meeting.start.utc).getTime(),
      chair: await this.chairs.chairOf(meetingId),
    };
  }
}
