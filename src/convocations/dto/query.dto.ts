import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { LINK_ANSWERS, LinkAnswer } from './answer.dto';

/** The answer page may open with one answer chosen (the link clicked in the email); nothing is recorded until confirmed. */
export class AnswerPageQuery {
  @ApiPropertyOptional({ enum: LINK_ANSWERS })
  @IsOptional()
  @IsIn(LINK_ANSWERS, { message: `answer must be one of ${LINK_ANSWERS.join(', ')}` })
  answer?: LinkAnswer;
}
