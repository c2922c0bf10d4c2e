import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, IsUrl, Matches, MaxLength } from 'class-validator';
import { REPORT_KINDS, ReportKind } from '../../committees/committee-rules';
import { WEB_URL } from './agenda-item.dto';
import { IsLocalDate, IsMultiLine, IsSingleLine, normalizedLineBreaks, trimmed } from '../../common/validators';

/**
 * The period is the one of the committee's obligation for this kind: named by `periodKey`, or the
 * one containing `date`, or that of `meetingId`'s meeting, or today's.
 */
export class CreateReportDto {
  @ApiProperty({ enum: REPORT_KINDS })
  @IsIn(REPORT_KINDS)
  kind: ReportKind;

  @ApiPropertyOptional({ example: '2025-S1' })
  @IsOptional()
  @IsString()
  @Matches(/^\S+$/, { message: 'periodKey must be a period key such as 2025-S1 or 2025' })
  @MaxLength(40)
  periodKey?: string;

  @ApiPropertyOptional({ format: 'date', description: 'A day of the period reported on' })
  @IsOptional()
  @IsLocalDate()
  date?: string;

  @ApiProperty({ example: 'État d’avancement du 1er semestre 2025' })
  @Transform(trimmed)
  @IsString()
  @IsSingleLine()
  @IsNotEmpty()
  @MaxLength(300)
  title: string;

  @ApiProperty()
  @Transform(normalizedLineBreaks)
  @IsString()
  @IsMultiLine()
  @IsNotEmpty()
  @MaxLength(200000)
  content: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsUrl(WEB_URL)
  @MaxLength(2000)
  documentUrl?: string | null;

  @ApiPropertyOptional({ format: 'uuid', description: 'The meeting of this committee that adopted it' })
  @IsOptional()
  @IsUUID('loose')
  meetingId?: string;
}
