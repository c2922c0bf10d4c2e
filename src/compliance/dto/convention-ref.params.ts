import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ConventionRefParams {
  @ApiProperty({ description: 'The convention\'s id or its reference', example: 'guyane-remire-montjoly-2015' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  idOrReference: string;
}
