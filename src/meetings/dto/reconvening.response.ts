import { ApiProperty } from '@nestjs/swagger';
import { NOTICE_DAY_KINDS, QUORUM_KINDS } from '../../committees/committee-rules';
import type { NoticeDayKind, QuorumKind } from '../../committees/committee-rules';

export class ReconveningWindowResponse {
  @ApiProperty({ example: '2025-11-12', description: 'First local day the second sitting may be held on' })
  start: string;

  @ApiProperty({ example: '2025-11-19', description: 'Last local day' })
  end: string;
}

export class ReconveningNoticeResponse {
  @ApiProperty()
  days: number;

  @ApiProperty({ enum: NOTICE_DAY_KINDS })
  dayKind: NoticeDayKind;

  @ApiProperty({ type: String, nullable: true })
  text: string | null;
}

export class ReconveningQuorumResponse {
  @ApiProperty({ enum: QUORUM_KINDS, description: 'none: whatever the number present (somebody must be there)' })
  kind: QuorumKind;

  @ApiProperty({ type: Number, nullable: true })
  share: number | null;

  @ApiProperty({ type: String, nullable: true })
  majorityOf: string | null;

  @ApiProperty({ type: String, nullable: true })
  text: string | null;
}

export class ReconveningRuleResponse {
  @ApiProperty()
  earliestDays: number;

  @ApiProperty()
  latestDays: number;

  @ApiProperty({ type: () => ReconveningNoticeResponse, description: "The second sitting's notice (the committee's when the text sets none)" })
  notice: ReconveningNoticeResponse;

  @ApiProperty({ type: () => ReconveningQuorumResponse, description: 'The quorum the second sitting is judged by' })
  quorum: ReconveningQuorumResponse;

  @ApiProperty({ type: String, nullable: true })
  text: string | null;
}

export class SecondSittingResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: '2025-11-12' })
  localDate: string;

  @ApiProperty({ example: 'scheduled' })
  state: string;

  @ApiProperty({ type: Boolean, nullable: true })
  quorumReached: boolean | null;
}

/** Whether, when and how a sitting held without its quorum is followed by a second one. */
export class ReconveningResponse {
  @ApiProperty({ format: 'uuid', description: 'The sitting that lacked its quorum' })
  meetingId: string;

  @ApiProperty({ example: '2025-11-04' })
  heldOn: string;

  @ApiProperty({ type: () => ReconveningRuleResponse, nullable: true })
  rule: ReconveningRuleResponse | null;

  @ApiProperty({ description: 'Whether this sitting may be followed by a second one' })
  allowed: boolean;

  @ApiProperty({ type: () => ReconveningWindowResponse, nullable: true })
  window: ReconveningWindowResponse | null;

  @ApiProperty({ type: String, nullable: true, example: '2025-11-12', description: 'The first lawful working day for it, convened today; null once reconvened or out of reach' })
  proposedOn: string | null;

  @ApiProperty({ type: () => SecondSittingResponse, nullable: true })
  secondSitting: SecondSittingResponse | null;

  @ApiProperty({ type: [String] })
  reasons: string[];
}
