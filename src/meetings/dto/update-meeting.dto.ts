import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  IsUrl,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MEETING_KINDS, MeetingKind } from '../meeting.entity';
import { AgendaItemDto, VIDEO_URL } from './agenda-item.dto';
import { NewGuestDto, NewGuests } from './new-guest.dto';
import { IsSingleLine, trimmed } from '../../common/validators';

/** Dates move through reschedule, not here. Null clears an optional field; an agenda or guest list replaces the old one. */
export class UpdateMeetingDto {
  @ApiPropertyOptional({ enum: MEETING_KINDS })
  @ValidateIf((dto: UpdateMeetingDto) => dto.kind !== undefined)
  @IsIn(MEETING_KINDS)
  kind?: MeetingKind;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @IsSingleLine()
  @MaxLength(300)
  title?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @IsSingleLine()
  @MaxLength(500)
  location?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'An https address (plain http is refused, not_a_url)' })
  @IsOptional()
  @IsUrl(VIDEO_URL)
  @MaxLength(2000)
  videoUrl?: string | null;

  @ApiPropertyOptional({ type: () => [AgendaItemDto] })
  @ValidateIf((dto: UpdateMeetingDto) => dto.agenda !== undefined)
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => AgendaItemDto)
  agenda?: AgendaItemDto[];

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @ValidateIf((dto: UpdateMeetingDto) => dto.guests !== undefined)
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('loose', { each: true })
  guests?: string[];

  @NewGuests('Guests added by name and address, beside those kept (guests)')
  newGuests?: NewGuestDto[];

  @ApiPropertyOptional({ description: 'The version read; a stale one is refused with 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
