import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsLocalDate } from '../../common/validators';

/** « Les membres soussignés demandent la réunion du conseil … »: who asks, on which day, and why. */
export class ConveningRequestDto {
  @ApiProperty({ example: '2025-11-03', description: "Local day the request was received, in the convention's zone" })
  @IsLocalDate()
  requestedOn: string;

  @ApiProperty({ type: [String], description: 'People who signed the request (members, or the holder of a seat allowed to ask alone)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  requesters: string[];

  @ApiProperty({ example: 'Examen du projet de charte d’usage des tablettes' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}
