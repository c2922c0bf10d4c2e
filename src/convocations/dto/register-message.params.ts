import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { IdParams } from '../../common/validators';

/** A meeting and one of its outbound messages (a register entry's id). */
export class RegisterMessageParams extends IdParams {
  @ApiProperty({ format: 'uuid', description: 'The register entry (outbound message)' })
  @IsUUID('loose')
  messageId: string;
}
