import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsText } from '../../common/validators';

export class ListConventionsQuery {
  @ApiPropertyOptional({ description: 'Part of the title or reference, ignoring case and accents' })
  @IsOptional()
  @IsText({ max: 200 })
  q?: string;
}
