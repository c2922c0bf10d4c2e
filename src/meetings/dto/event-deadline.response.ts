import { ApiProperty } from '@nestjs/swagger';
import { DEADLINE_STATUSES } from '../../rules/event-deadlines.rule';
import type { DeadlineStatus } from '../../rules/event-deadlines.rule';

/** One occurrence of an event and the sitting it calls for (rules/event-deadlines.rule.ts). */
export class EventDeadlineResponse {
  @ApiProperty({ example: 'election_results' })
  event: string;

  @ApiProperty({ example: '2025-10-10', description: 'Local day of the event' })
  occurredOn: string;

  @ApiProperty({ example: '2025-10-25', description: 'Last day the sitting may be held on' })
  dueBy: string;

  @ApiProperty({ enum: DEADLINE_STATUSES })
  status: DeadlineStatus;

  @ApiProperty({ type: String, nullable: true, description: 'Day of the sitting held with quorum that meets it' })
  metOn: string | null;

  @ApiProperty({ type: String, nullable: true, description: "The text's own words" })
  text: string | null;

  @ApiProperty({ type: [String] })
  reasons: string[];
}
