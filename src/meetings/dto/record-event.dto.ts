import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsLocalDate } from '../../common/validators';

/** « La proclamation des résultats des élections a eu lieu le 10 octobre »: an event a committee's sittings count from. */
export class RecordEventDto {
  @ApiProperty({ example: 'election_results', description: "One of the events the committee's deadlines name" })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]*$/, { message: '$property must be lower-case letters, digits and underscores' })
  event: string;

  @ApiProperty({ example: '2025-10-10', description: "Local day of the convention's zone" })
  @IsLocalDate()
  occurredOn: string;

  @ApiPropertyOptional({ example: 'Résultats proclamés par le bureau des élections' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}
