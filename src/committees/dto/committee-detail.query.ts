import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsLocalDate } from '../../common/validators';

export class CommitteeDetailQuery {
  @ApiPropertyOptional({
    format: 'date',
    example: '2025-01-15',
    description: 'Day whose members are shown; today in the convention\'s time zone when absent',
  })
  @IsOptional()
  @IsLocalDate()
  on?: string;
}
