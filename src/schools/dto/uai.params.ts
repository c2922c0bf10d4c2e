import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsUai, normalizeUai } from '../../common/validators';

export class UaiParams {
  @ApiProperty({ example: '0382460T' })
  @Transform(normalizeUai)
  @IsUai()
  uai: string;
}
