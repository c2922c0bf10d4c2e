import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class PlanningQuery {
  @ApiProperty({
    description: 'A school year (2025-2026, from 1 September to 31 August) or a civil year (2025)',
    example: '2025-2026',
  })
  @Matches(/^\d{4}(-\d{4})?$/, { message: 'year must be a civil year (2025) or a school year (2025-2026)' })
  year: string;
}
