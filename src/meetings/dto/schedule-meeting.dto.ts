import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  IsUrl,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { MEETING_KINDS, MeetingKind } from '../meeting.entity';
import { AgendaItemDto, VIDEO_URL } from './agenda-item.dto';
import { NewGuestDto, NewGuests } from './new-guest.dto';
import { IsMeetingTime, IsSendTime } from './meeting-validators';
import { IsSingleLine, trimmed } from '../../common/validators';

export class ScheduleMeetingDto {
  @ApiProperty({ example: '2025-03-31T09:00', description: "Wall-clock time in the convention's zone, or an instant with its offset" })
  @IsMeetingTime()
  start: string;

  @ApiProperty({ example: '2025-03-31T11:00' })
  @IsMeetingTime()
  end: string;

  @ApiPropertyOptional({ enum: MEETING_KINDS, default: 'ordinary' })
  @IsOptional()
  @IsIn(MEETING_KINDS)
  kind?: MeetingKind;

  @ApiPropertyOptional({
    description: 'Marks the meeting urgent, with why: the committee\'s shorter notice for urgency then applies (refused, urgency_not_provided, where its convention sets none)',
    example: 'Réponse à l’appel à projets avant le 15 mars',
  })
  @IsOptional()
  @IsString()
  @IsSingleLine()
  @IsNotEmpty({ message: '$property must say why the meeting is urgent' })
  @MaxLength(500)
  urgencyReason?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Comité de pilotage du 1er semestre' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @IsSingleLine()
  @MaxLength(300)
  title?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Mairie de Rémire-Montjoly, salle du conseil' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @IsSingleLine()
  @MaxLength(500)
  location?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'https://visio.education.fr/meeting/123', description: 'An https address (plain http is refused, not_a_url)' })
  @IsOptional()
  @IsUrl(VIDEO_URL)
  @MaxLength(2000)
  videoUrl?: string | null;

  @ApiPropertyOptional({ type: () => [AgendaItemDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => AgendaItemDto)
  agenda?: AgendaItemDto[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'People invited without a seat (only where the committee allows guests)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('loose', { each: true })
  guests?: string[];

  @NewGuests('Guests by name and address: a person the registry knows by that address is invited as they are; anyone else is added to the registry')
  newGuests?: NewGuestDto[];

  @ApiPropertyOptional({
    example: '2025-03-10T08:00',
    description:
      "When the convocation will leave, like start: a wall-clock time of the convention's zone, or an instant with its offset. Now when absent. Notice is counted from it.",
  })
  @IsOptional()
  @IsSendTime()
  convocationAt?: string;
}
