import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { IsLocalDate, IsText } from '../../common/validators';

export class CreateMembershipDto {
  @ApiProperty({ example: 'ien', description: 'Key of the seat within the committee' })
  @IsText({ max: 200 })
  seatKey: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('loose')
  personId: string;

  @ApiProperty({ format: 'date', example: '2024-09-01', description: 'First day held' })
  @IsLocalDate()
  startsOn: string;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'Last day held; absent or null for open-ended' })
  @IsOptional()
  @IsLocalDate()
  endsOn?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'The suppléant' })
  @IsOptional()
  @IsUUID('loose')
  substituteId?: string | null;
}
