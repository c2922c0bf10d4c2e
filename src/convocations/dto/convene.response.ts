import { ApiProperty } from '@nestjs/swagger';
import { ZonedTimeResponse } from '../../meetings/dto/meeting.response';
import { RECIPIENT_ROLES, RecipientRole } from '../convocation.entity';

export class ConvenedRecipientResponse {
  @ApiProperty({ format: 'uuid', description: 'The convocation' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  personId: string;

  @ApiProperty()
  fullName: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ enum: RECIPIENT_ROLES })
  role: RecipientRole;
}

export class SenderResponse {
  @ApiProperty({ example: 'DSDEN 38' })
  name: string;

  @ApiProperty({ example: 'ce.dsden38@ac-grenoble.fr', description: 'The From address: always one copil sends from' })
  email: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Claire Martin <ce.0382460t@ac-grenoble.fr>',
    description: 'When a convener holding a seat convenes, the email is in their name and answers go to their own address',
  })
  replyTo: string | null;
}

export class ConveneResponse {
  @ApiProperty({ format: 'uuid' })
  meetingId: string;

  @ApiProperty({ format: 'date-time' })
  convenedAt: string;

  @ApiProperty({ type: () => ZonedTimeResponse, description: 'When the convocations leave' })
  sendAt: ZonedTimeResponse;

  @ApiProperty({ format: 'date', description: "The last day they may leave and still give the committee's notice" })
  latestSendingDate: string;

  @ApiProperty({ type: () => SenderResponse })
  sender: SenderResponse;

  @ApiProperty({ type: () => [ConvenedRecipientResponse] })
  recipients: ConvenedRecipientResponse[];
}
