import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { COMMITTEE_KINDS, COMMITTEE_SCOPES, CommitteeKind, CommitteeScope } from '../committee-rules';
import { IsText, IsUai, normalizeUai } from '../../common/validators';
import { PageQuery } from '../../common/page.query';

export const DEFAULT_COMMITTEES_PAGE_SIZE = 100;
export const MAX_COMMITTEES_PAGE_SIZE = 500;

export class ListCommitteesQuery extends PageQuery(
  DEFAULT_COMMITTEES_PAGE_SIZE,
  MAX_COMMITTEES_PAGE_SIZE,
  'Committees per page; the X-Total-Count header says how many match',
) {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('loose')
  conventionId?: string;

  @ApiPropertyOptional({ enum: COMMITTEE_KINDS })
  @IsOptional()
  @IsIn(COMMITTEE_KINDS)
  kind?: CommitteeKind;

  @ApiPropertyOptional({ enum: COMMITTEE_SCOPES })
  @IsOptional()
  @IsIn(COMMITTEE_SCOPES)
  scope?: CommitteeScope;

  @ApiPropertyOptional({ description: 'UAI of the school of a school-scoped committee', example: '0382460T' })
  @IsOptional()
  @Transform(normalizeUai)
  @IsUai()
  uai?: string;

  @ApiPropertyOptional({ description: 'Circonscription of a circonscription-scoped committee, ignoring case and accents' })
  @IsOptional()
  @IsText({ max: 200 })
  circonscription?: string;
}
