import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** « Toute observation sur le compte rendu est formulée par écrit »: a member's objection, which stops a tacit approval. */
export class MinutesObjectionDto {
  @ApiProperty({ example: 'Le point 2 ne reprend pas la décision sur le budget.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}
