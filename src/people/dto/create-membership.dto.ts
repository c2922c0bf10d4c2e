import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsUUID, ValidateIf, ValidateNested } from 'class-validator';
import { IsLocalDate, IsText } from '../../common/validators';
import { CreatePersonDto } from './create-person.dto';

export class CreateMembershipDto {
  @ApiProperty({ example: 'ien', description: 'Key of the seat within the committee' })
  @IsText({ max: 200 })
  seatKey: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A person copil knows; or give `person` instead' })
  @ValidateIf((dto: CreateMembershipDto) => dto.person === undefined || dto.personId !== undefined)
  @IsUUID('loose')
  personId?: string;

  @ApiPropertyOptional({
    type: () => CreatePersonDto,
    description: 'Instead of personId: the person by their email (a known address seats that person, an unknown one creates them)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => CreatePersonDto)
  person?: CreatePersonDto;

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

  @ApiPropertyOptional({ type: () => CreatePersonDto, description: 'Instead of substituteId: the suppléant by their email, as for `person`' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CreatePersonDto)
  substitute?: CreatePersonDto;
}
