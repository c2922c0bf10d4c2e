import { ApiProperty } from '@nestjs/swagger';
import { REQUEST_STATUSES } from '../../rules/convening-request.rule';
import type { RequestStatus } from '../../rules/convening-request.rule';

/** A request for a sitting and where it stands (rules/convening-request.rule.ts). */
export class ConveningRequestResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: '2025-11-03' })
  requestedOn: string;

  @ApiProperty({ type: [String] })
  requesters: string[];

  @ApiProperty()
  reason: string;

  @ApiProperty({ enum: REQUEST_STATUSES })
  status: RequestStatus;

  @ApiProperty({ example: '2025-11-18', description: 'Last day the convocation may leave' })
  conveneBy: string;

  @ApiProperty({ example: '2025-11-13', description: 'From this day on, the convener and the secretariat are warned' })
  warnFrom: string;

  @ApiProperty({ description: 'Whether the deadline is near or passed without a convocation' })
  warning: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'Day the first convocation after the request was sent' })
  convenedOn: string | null;

  @ApiProperty({ type: [String] })
  reasons: string[];
}
