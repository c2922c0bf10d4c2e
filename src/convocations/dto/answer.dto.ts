import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

/** What a recipient may answer through their link. */
export const LINK_ANSWERS = ['accepted', 'declined', 'substitute'] as const;
export type LinkAnswer = (typeof LINK_ANSWERS)[number];

export class AnswerDto {
  @ApiProperty({
    enum: LINK_ANSWERS,
    description: 'accepted: will come; declined: will not; substitute: a member sends their substitute, who is then convened',
  })
  @IsIn(LINK_ANSWERS, { message: `answer must be one of ${LINK_ANSWERS.join(', ')}` })
  answer: LinkAnswer;
}
