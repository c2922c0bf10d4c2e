import { ApiProperty } from '@nestjs/swagger';
import { MINUTES_STATUSES } from '../../rules/minutes.rule';
import type { MinutesStatus } from '../../rules/minutes.rule';

/** Where the minutes of one sitting stand under the committee's minutes rule. */
export class MinutesStatusResponse {
  @ApiProperty({ format: 'uuid' })
  meetingId: string;

  @ApiProperty({ example: '2025-11-04', description: 'Local day of the sitting' })
  heldOn: string;

  @ApiProperty({ enum: MINUTES_STATUSES })
  status: MinutesStatus;

  @ApiProperty({ description: 'Written or sent late, or not yet and the day has passed' })
  late: boolean;

  @ApiProperty({ example: '2025-11-19', description: 'Last day to write them' })
  dueOn: string;

  @ApiProperty({ type: String, nullable: true, description: 'Last day to send them to the members for approval' })
  submitBy: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'With tacit approval, once sent: the day they stand approved if nobody objects' })
  tacitApprovalOn: string | null;

  @ApiProperty({ type: String, nullable: true })
  approvedOn: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Key of the party or seat whose turn it is to write them' })
  writer: string | null;

  @ApiProperty({ type: String, nullable: true })
  writtenOn: string | null;

  @ApiProperty({ type: String, nullable: true })
  submittedOn: string | null;

  @ApiProperty({ type: String, nullable: true })
  objectedOn: string | null;

  @ApiProperty({ type: String, nullable: true })
  objection: string | null;

  @ApiProperty({ type: [String] })
  reasons: string[];
}
