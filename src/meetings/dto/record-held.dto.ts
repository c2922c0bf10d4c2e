import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ATTENDANCE_STATUSES, AttendanceStatus } from '../attendance.entity';
import { DecisionDto } from './decision.dto';

export class AttendanceEntryDto {
  @ApiProperty({ format: 'uuid', description: 'A member of the committee on the day of the meeting' })
  @IsUUID('loose')
  personId: string;

  @ApiProperty({ enum: ATTENDANCE_STATUSES })
  @IsIn(ATTENDANCE_STATUSES)
  status: AttendanceStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Who came instead (status substituted): the member’s recorded substitute, or, on a seat that may be represented (« ou son représentant »), anyone who does not sit in the committee that day' })
  @IsOptional()
  @IsUUID('loose')
  substitutePersonId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The member present who holds the proxy (status represented)' })
  @IsOptional()
  @IsUUID('loose')
  proxyHolderPersonId?: string;
}

/** Members left out of `attendance` are recorded absent. */
export class RecordHeldDto {
  @ApiProperty({ type: () => [AttendanceEntryDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => AttendanceEntryDto)
  attendance: AttendanceEntryDto[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Guests who came; they never count for quorum' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('loose', { each: true })
  guestsPresent?: string[];

  @ApiPropertyOptional({ description: 'Compte rendu' })
  @IsOptional()
  @IsString()
  @MaxLength(200000)
  minutes?: string;

  @ApiPropertyOptional({ type: () => [DecisionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => DecisionDto)
  decisions?: DecisionDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
