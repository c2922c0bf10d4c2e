import { ApiProperty } from '@nestjs/swagger';
import { QUORUM_KINDS, QuorumKind } from '../../committees/committee-rules';
import { ANSWERS, ANSWER_SOURCES, Answer, AnswerSource, RECIPIENT_ROLES, RecipientRole } from '../convocation.entity';
import { MESSAGE_STATES, MessageState } from '../outbound-message.entity';
import { ANSWER_EVENTS, AnswerEvent } from '../answer-history.entity';

export class AnswerPersonResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  fullName: string;

  @ApiProperty()
  email: string;
}

export class AnswerSeatResponse {
  @ApiProperty()
  key: string;

  @ApiProperty({ example: 'un élu' })
  role: string;
}

export class AnswerPartyResponse {
  @ApiProperty()
  key: string;

  @ApiProperty()
  name: string;
}

export class DeliveryStateResponse {
  @ApiProperty({ enum: MESSAGE_STATES, description: 'State of the last invitation or update sent to this recipient' })
  state: MessageState;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the mail server accepted it' })
  acceptedAt: string | null;
}

export class InvitationsSentResponse {
  @ApiProperty({ description: 'People convened (withdrawn excluded) whose invitation, or an update of it, the mail server accepted' })
  sent: number;

  @ApiProperty({ description: 'People convened whose invitation has not reached the mail server: planned for later, being sent, withheld or refused' })
  notYetSent: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the first invitation still to leave is planned to leave (null when none waits)' })
  nextSendingAt: string | null;
}

export class AnswerHistoryResponse {
  @ApiProperty({ enum: ANSWERS, description: 'The answer from then on (needs_action after a reset)' })
  answer: Answer;

  @ApiProperty({
    enum: ANSWER_EVENTS,
    description: 'link or calendar: how the recipient answered; meeting_moved: the time changed, every answer was asked again',
  })
  event: AnswerEvent;

  @ApiProperty({ type: String, format: 'date-time' })
  at: string;

  @ApiProperty({ type: Number, nullable: true, description: 'The SEQUENCE answered; for meeting_moved, the new one' })
  sequence: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'The note typed with a calendar answer' })
  comment: string | null;
}

export class RecipientAnswerResponse {
  @ApiProperty({ format: 'uuid', description: 'The convocation' })
  id: string;

  @ApiProperty({ enum: RECIPIENT_ROLES })
  role: RecipientRole;

  @ApiProperty({ type: () => AnswerPersonResponse })
  person: AnswerPersonResponse;

  @ApiProperty({ type: () => AnswerSeatResponse, nullable: true })
  seat: AnswerSeatResponse | null;

  @ApiProperty({ type: () => AnswerPartyResponse, nullable: true })
  party: AnswerPartyResponse | null;

  @ApiProperty({ enum: ANSWERS })
  answer: Answer;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  answeredAt: string | null;

  @ApiProperty({ enum: ANSWER_SOURCES, nullable: true })
  answerSource: AnswerSource | null;

  @ApiProperty({ type: String, nullable: true, description: 'The note typed with a calendar answer' })
  comment: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "A substitute's convocation: the member's convocation" })
  standsInFor: string | null;

  @ApiProperty({ description: 'No longer convened (guest removed, substitute no longer needed)' })
  withdrawn: boolean;

  @ApiProperty({ type: () => DeliveryStateResponse, nullable: true })
  delivery: DeliveryStateResponse | null;

  @ApiProperty({ description: 'Whether an invitation, or an update of it, reached this recipient (accepted by the mail server): only then are they reminded, and may answer from « Mes réunions »' })
  invitationSent: boolean;

  @ApiProperty({ type: () => [AnswerHistoryResponse], description: 'Every answer and reset, oldest first: what was answered before the meeting moved stays here' })
  history: AnswerHistoryResponse[];
}

export class AnswerSummaryResponse {
  @ApiProperty()
  accepted: number;

  @ApiProperty()
  declined: number;

  @ApiProperty()
  tentative: number;

  @ApiProperty({ description: 'Members sending their substitute' })
  substitute: number;

  @ApiProperty()
  needsAction: number;
}

export class PartyOutlookResponse {
  @ApiProperty()
  key: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'Members of its seats who will come, themselves or through their substitute' })
  coming: number;

  @ApiProperty()
  declined: number;

  @ApiProperty()
  unanswered: number;

  @ApiProperty({ description: 'Nobody of this signatory has said they will come' })
  nobodyComing: boolean;
}

export class QuorumDecisionResponse {
  @ApiProperty()
  reached: boolean;

  @ApiProperty({ type: [String] })
  missingParties: string[];

  @ApiProperty({ type: [String] })
  reasons: string[];
}

export class QuorumForecastResponse {
  @ApiProperty({ enum: QUORUM_KINDS })
  kind: QuorumKind;

  @ApiProperty({
    enum: ['reached', 'pending', 'out_of_reach'],
    description: 'reached: the answers make it; pending: only if some who have not answered come; out_of_reach: not even then',
  })
  outlook: 'reached' | 'pending' | 'out_of_reach';

  @ApiProperty({ type: () => QuorumDecisionResponse, description: 'Counting only those who said they will come' })
  expected: QuorumDecisionResponse;

  @ApiProperty({ type: () => QuorumDecisionResponse, description: 'As if every member who has not answered came' })
  ifAllUnansweredCome: QuorumDecisionResponse;

  @ApiProperty()
  unanswered: number;
}

export class AnswersResponse {
  @ApiProperty({ format: 'uuid' })
  meetingId: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  convenedAt: string | null;

  @ApiProperty({ type: () => AnswerSummaryResponse, description: 'Answers of those convened and not withdrawn' })
  summary: AnswerSummaryResponse;

  @ApiProperty({ type: () => InvitationsSentResponse, description: 'Whether the invitations have left: a meeting convened for a later sending is convened before anyone received anything' })
  invitations: InvitationsSentResponse;

  @ApiProperty({ type: () => [PartyOutlookResponse] })
  parties: PartyOutlookResponse[];

  @ApiProperty({ type: () => QuorumForecastResponse })
  quorum: QuorumForecastResponse;

  @ApiProperty({ type: () => [RecipientAnswerResponse] })
  recipients: RecipientAnswerResponse[];
}

export class AnswerRecordedResponse {
  @ApiProperty({ format: 'uuid' })
  convocationId: string;

  @ApiProperty({ enum: ANSWERS })
  answer: Answer;

  @ApiProperty({ format: 'date-time' })
  answeredAt: string;

  @ApiProperty({ type: String, nullable: true, description: 'When a substitute is sent: who' })
  substitute: string | null;
}

export class ReplyResultResponse {
  @ApiProperty({ description: 'Whether the reply changed the recorded answer' })
  applied: boolean;

  @ApiProperty({ format: 'uuid' })
  convocationId: string;

  @ApiProperty({ enum: ANSWERS, description: 'The answer recorded after this reply' })
  answer: Answer;

  @ApiProperty({ type: String, nullable: true, example: 'stale_sequence', description: 'Why the reply was not applied' })
  ignoredBecause: string | null;
}
