import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { IsLocalDate } from '../../common/validators';
import { CreatePersonDto } from './create-person.dto';

/** Absent fields stay as they are; null makes the membership open-ended, or removes the substitute. */
export class UpdateMembershipDto {
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @IsLocalDate()
  endsOn?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID('loose')
  substituteId?: string | null;

  @ApiPropertyOptional({ type: () => CreatePersonDto, description: 'Instead of substituteId: the suppléant by their email (a known address names that person, an unknown one creates them)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CreatePersonDto)
  substitute?: CreatePersonDto;
}
