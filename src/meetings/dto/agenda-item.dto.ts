import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, IsUrl, MaxLength, ValidateNested } from 'class-validator';
import type { IsURLOptions } from 'validator';
import { IsMultiLine, IsSingleLine, normalizedLineBreaks, trimmed } from '../../common/validators';

export const WEB_URL: IsURLOptions = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/**
 * A video-conference link: https only. People join it from the convocation with their camera and
 * microphone, which browsers refuse on plain http; documents may still sit on an intranet's http.
 */
export const VIDEO_URL: IsURLOptions = { ...WEB_URL, protocols: ['https'] };

export class AttachedDocumentDto {
  @ApiProperty({ example: 'Bilan des usages 2024' })
  @Transform(trimmed)
  @IsString()
  @IsSingleLine()
  @IsNotEmpty()
  @MaxLength(300)
  title: string;

  @ApiProperty({ example: 'https://partage.ac-guyane.fr/copil/bilan-2024.pdf' })
  @IsUrl(WEB_URL)
  @MaxLength(2000)
  url: string;
}

/** One item of the ordre du jour, in the order given. */
export class AgendaItemDto {
  @ApiProperty({ example: 'Point d’étape du déploiement des tablettes' })
  @Transform(trimmed)
  @IsString()
  @IsSingleLine()
  @IsNotEmpty()
  @MaxLength(300)
  title: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Transform(normalizedLineBreaks)
  @IsString()
  @IsMultiLine()
  @MaxLength(5000)
  description?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'IEN de la circonscription' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @IsSingleLine()
  @MaxLength(300)
  presenter?: string | null;

  @ApiPropertyOptional({ type: () => [AttachedDocumentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AttachedDocumentDto)
  documents?: AttachedDocumentDto[];
}
