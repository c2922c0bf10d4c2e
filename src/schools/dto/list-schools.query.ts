import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional } from 'class-validator';
import { IsText, IsUai, normalizeUai } from '../../common/validators';

export class ListSchoolsQuery {
  @ApiPropertyOptional({ example: '0382460T' })
  @IsOptional()
  @Transform(normalizeUai)
  @IsUai()
  uai?: string;

  @ApiPropertyOptional({ description: 'Exact commune name, ignoring case and accents' })
  @IsOptional()
  @IsText({ max: 200 })
  commune?: string;

  @ApiPropertyOptional({ description: 'Exact circonscription, ignoring case and accents' })
  @IsOptional()
  @IsText({ max: 200 })
  circonscription?: string;
}
