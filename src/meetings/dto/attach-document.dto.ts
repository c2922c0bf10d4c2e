import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUrl, MaxLength, ValidateIf } from 'class-validator';
import { DOCUMENT_KINDS, DocumentKind } from '../meeting-document.entity';
import { WEB_URL } from './agenda-item.dto';
import { IsSingleLine, trimmed } from '../../common/validators';

export class AttachDocumentDto {
  @ApiProperty({ enum: DOCUMENT_KINDS })
  @IsIn(DOCUMENT_KINDS)
  kind: DocumentKind;

  @ApiPropertyOptional({ example: 'technical', description: 'Definition key of the committee that sent the document up; required for a prerequisite' })
  @ValidateIf((dto: AttachDocumentDto) => dto.kind === 'prerequisite' || dto.fromCommittee !== undefined)
  @Transform(trimmed)
  @IsString()
  @IsSingleLine()
  @IsNotEmpty()
  @MaxLength(100)
  fromCommittee?: string;

  @ApiProperty({ example: 'Relevé des besoins des écoles' })
  @Transform(trimmed)
  @IsString()
  @IsSingleLine()
  @IsNotEmpty()
  @MaxLength(300)
  title: string;

  @ApiProperty({ example: 'https://partage.ac-guyane.fr/ct/releve.pdf' })
  @IsUrl(WEB_URL)
  @MaxLength(2000)
  url: string;
}
