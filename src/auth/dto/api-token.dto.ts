import { ApiProperty } from '@nestjs/swagger';
import { IsDateString, IsString, Length } from 'class-validator';
import { AccessToken } from '../access-token.entity';

export class CreateApiTokenDto {
  @ApiProperty({ example: 'Tableau de bord académique', description: 'What the token is for, to recognise it later' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-31T23:59:59Z', description: 'In the future, at most 366 days ahead' })
  @IsDateString({ strict: true }, { message: 'expiresAt must be an ISO 8601 date-time' })
  expiresAt: string;
}

export class ApiTokenResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastUsedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt: string | null;
}

export class CreatedApiTokenResponse extends ApiTokenResponse {
  @ApiProperty({ example: 'copil_3q2…', description: 'The secret, shown this once only' })
  token: string;
}

export function toApiTokenResponse(token: AccessToken): ApiTokenResponse {
  return {
    id: token.id,
    name: token.name ?? '',
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}
