import { ApiProperty } from '@nestjs/swagger';
import { NOTICE_DAY_KINDS, NoticeDayKind } from '../../committees/committee-rules';
import { ZonedTimeResponse } from '../../meetings/dto/meeting.response';
import { ATTEMPT_OUTCOMES, AttemptOutcome } from '../delivery-attempt.entity';
import { RECIPIENT_ROLES, RecipientRole } from '../convocation.entity';
import { MESSAGE_KINDS, MESSAGE_STATES, MessageKind, MessageState } from '../outbound-message.entity';

export class RegisterAttemptResponse {
  @ApiProperty({ type: () => ZonedTimeResponse })
  at: ZonedTimeResponse;

  @ApiProperty({ enum: ATTEMPT_OUTCOMES })
  outcome: AttemptOutcome;

  @ApiProperty({ type: Number, nullable: true, example: 250 })
  smtpCode: number | null;

  @ApiProperty({ type: String, nullable: true, example: '250 2.0.0 Ok: queued as 4F2C81A3' })
  response: string | null;
}

export class RegisterRecipientResponse {
  @ApiProperty({ format: 'uuid', description: 'The convocation' })
  convocationId: string;

  @ApiProperty()
  fullName: string;

  @ApiProperty({ description: 'The address as it was when convened' })
  email: string;

  @ApiProperty({ enum: RECIPIENT_ROLES })
  role: RecipientRole;
}

export class RegisterEntryResponse {
  @ApiProperty({ type: () => RegisterRecipientResponse })
  recipient: RegisterRecipientResponse;

  @ApiProperty({ format: 'uuid', description: 'The outbound message' })
  id: string;

  @ApiProperty({ enum: MESSAGE_KINDS })
  kind: MessageKind;

  @ApiProperty({ description: 'A withdrawal is a cancellation sent to one recipient of a meeting that goes on' })
  withdrawal: boolean;

  @ApiProperty({ description: 'An invitation to someone who took a seat after the meeting was convened: it leaves even when the notice can no longer be given (see noticeRespected)' })
  lateJoiner: boolean;

  @ApiProperty({ type: Number, nullable: true, description: 'iCalendar SEQUENCE carried' })
  sequence: number | null;

  @ApiProperty({ enum: MESSAGE_STATES })
  state: MessageState;

  @ApiProperty({ example: '<3b1d…@copil.example.fr>' })
  messageId: string;

  @ApiProperty({ type: () => ZonedTimeResponse, description: 'When it was due to leave' })
  sendAfter: ZonedTimeResponse;

  @ApiProperty({ type: () => ZonedTimeResponse, nullable: true, description: 'When the mail server accepted it' })
  acceptedAt: ZonedTimeResponse | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Hex SHA-256 of the message exactly as the mail server accepted it (kept, whatever became of the meeting since)',
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  })
  sha256: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Where that message can be downloaded (message/rfc822)', example: '/meetings/…/register/messages/….eml' })
  messageUrl: string | null;

  @ApiProperty({ type: String, nullable: true })
  serverResponse: string | null;

  @ApiProperty({ description: 'Attempts at handing it to the mail server' })
  attempts: number;

  @ApiProperty({ type: String, nullable: true, description: 'Why it failed, was withheld or replaced' })
  lastError: string | null;

  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: "For an accepted invitation or update: whether it left within the committee's notice before the date it announced",
  })
  noticeRespected: boolean | null;

  @ApiProperty({ type: () => [RegisterAttemptResponse] })
  attemptLog: RegisterAttemptResponse[];
}

export class RegisterNoticeResponse {
  @ApiProperty()
  days: number;

  @ApiProperty({ enum: NOTICE_DAY_KINDS })
  dayKind: NoticeDayKind;

  @ApiProperty({ type: String, nullable: true })
  text: string | null;

  @ApiProperty({ format: 'date', description: "Last local day the convocation could leave" })
  latestSendingDate: string;
}

export class RegisterResponse {
  @ApiProperty({ format: 'uuid' })
  meetingId: string;

  @ApiProperty()
  committee: string;

  @ApiProperty({ type: () => ZonedTimeResponse })
  start: ZonedTimeResponse;

  @ApiProperty({ type: () => RegisterNoticeResponse })
  notice: RegisterNoticeResponse;

  @ApiProperty({ type: () => [RegisterEntryResponse] })
  entries: RegisterEntryResponse[];
}
