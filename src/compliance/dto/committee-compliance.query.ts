import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsLocalDate } from '../../common/validators';

export class CommitteeComplianceQuery {
  @ApiPropertyOptional({
    format: 'date',
    example: '2024-09-01',
    description: 'Periods overlapping from this day are shown; the convention\'s start when absent',
  })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2025-08-31',
    description: 'Periods overlapping up to this day are shown; today in the convention\'s zone when absent',
  })
  @IsOptional()
  @IsLocalDate()
  to?: string;
}
