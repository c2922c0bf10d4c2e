import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** A uuid path parameter, refused with 400 naming `id` before it reaches PostgreSQL. */
export class IdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('loose')
  id: string;
}
