import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';
import { COMMITTEE_KINDS, CommitteeKind } from '../../committees/committee-rules';
import { COMPLIANCE_STATUSES, ComplianceStatus } from '../../rules/frequency.rule';
import { IsLocalDate } from '../../common/validators';
import { PageQuery } from '../../common/page.query';

export const MAX_PAGE_SIZE = 500;

function commaSeparated({ value }: { value: unknown }): unknown {
  if (typeof value === 'string') return value.split(',').map((part) => part.trim()).filter((part) => part !== '');
  return value;
}

export class ListComplianceQuery extends PageQuery(50, MAX_PAGE_SIZE) {
  @ApiPropertyOptional({
    description: 'Committee standings to keep, comma-separated',
    example: 'at_risk,missed',
    enum: COMPLIANCE_STATUSES,
    isArray: true,
  })
  @IsOptional()
  @Transform(commaSeparated)
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(COMPLIANCE_STATUSES, { each: true, message: `status must list values among ${COMPLIANCE_STATUSES.join(', ')}` })
  status?: ComplianceStatus[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('loose')
  conventionId?: string;

  @ApiPropertyOptional({ enum: COMMITTEE_KINDS })
  @IsOptional()
  @IsIn(COMMITTEE_KINDS)
  kind?: CommitteeKind;

  @ApiPropertyOptional({
    format: 'date',
    example: '2025-03-20',
    description: 'The day the standings are computed for; today in each convention\'s zone when absent',
  })
  @IsOptional()
  @IsLocalDate()
  on?: string;
}
