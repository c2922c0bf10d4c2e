import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { COMMITTEE_KINDS, COMMITTEE_SCOPES, CommitteeKind, CommitteeScope } from '../committee-rules';
import { IsText, IsUai, normalizeUai } from '../../common/validators';

export class ListCommitteesQuery {
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
