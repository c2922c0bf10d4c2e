import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** A committee's id in the path, refused with 400 naming `id` before it reaches PostgreSQL. */
export class CommitteeIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('loose')
  id: string;
}
