import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { IsText, trimmed } from '../../common/validators';
import { lowerCasedEmail } from '../../people/dto/create-person.dto';
import { ACADEMIES, DEPARTEMENT_CODE, DEPARTEMENT_MESSAGE } from '../../conventions/territory';
import { Account } from '../account.entity';
import { Grant } from '../grant.entity';
import { GRANTED_ROLES, GrantedRole } from '../permissions';
import { IdParams } from '../../common/validators';

export class GrantParams extends IdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('loose')
  grantId: string;
}

export class CreateAccountDto {
  @ApiProperty({ format: 'uuid', description: 'The person who signs in; their email receives the sign-in links' })
  @IsUUID('loose')
  personId: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class InviteAccountDto {
  @ApiProperty({ example: 'sylvie.morel@ac-grenoble.fr', description: 'The address the sign-in links go to; a person copil knows by it gets the account' })
  @Transform(lowerCasedEmail)
  @IsEmail()
  email: string;

  @ApiPropertyOptional({ example: 'Sylvie Morel', description: 'Needed when copil knows nobody at this address: the person is then recorded' })
  @IsOptional()
  @Transform(trimmed)
  @IsText({ max: 200 })
  fullName?: string;
}

export class UpdateAccountDto {
  @ApiProperty({ description: 'false closes every session and revokes every API token of the account' })
  @IsBoolean()
  active: boolean;

  @ApiPropertyOptional({
    description: 'Needed, true, to deactivate one\'s own account: the request signs its author out for good (409 self_deactivation without it)',
  })
  @IsOptional()
  @IsBoolean()
  confirmSelf?: boolean;
}

export class DeleteAccountQuery {
  @ApiPropertyOptional({ enum: ['true'], description: 'Needed to delete one\'s own account (409 self_deactivation without it)' })
  @IsOptional()
  @IsIn(['true'])
  confirmSelf?: 'true';
}

export class CreateGrantDto {
  @ApiProperty({ enum: GRANTED_ROLES })
  @IsIn(GRANTED_ROLES)
  role: GrantedRole;

  @ApiPropertyOptional({ format: 'uuid', description: 'secretariat: the convention (none: every convention); convener: a convention\'s committees' })
  @IsOptional()
  @IsUUID('loose')
  conventionId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'convener: one committee' })
  @IsOptional()
  @IsUUID('loose')
  committeeId?: string;

  @ApiPropertyOptional({ enum: ACADEMIES, description: 'secretariat or convener: every convention of this académie' })
  @IsOptional()
  @IsIn(ACADEMIES, { message: `$property must be one of ${ACADEMIES.join(', ')}` })
  academie?: string;

  @ApiPropertyOptional({ example: '38', description: 'secretariat or convener: every convention of this département (INSEE code)' })
  @IsOptional()
  @Matches(DEPARTEMENT_CODE, { message: DEPARTEMENT_MESSAGE })
  departement?: string;
}

export class GrantResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: GRANTED_ROLES })
  role: GrantedRole;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  conventionId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  committeeId: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Grenoble' })
  academie: string | null;

  @ApiProperty({ type: String, nullable: true, example: '38' })
  departement: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class AccountPersonResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  fullName: string;

  @ApiProperty()
  email: string;
}

export class AccountResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: () => AccountPersonResponse })
  person: AccountPersonResponse;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastSignInAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: () => [GrantResponse] })
  grants: GrantResponse[];
}

export function toGrantResponse(grant: Grant): GrantResponse {
  return {
    id: grant.id,
    role: grant.role,
    conventionId: grant.conventionId,
    committeeId: grant.committeeId,
    academie: grant.academie,
    departement: grant.departement,
    createdAt: grant.createdAt.toISOString(),
  };
}

export function toAccountResponse(account: Account, grants: Grant[]): AccountResponse {
  return {
    id: account.id,
    person: { id: account.person.id, fullName: account.person.fullName, email: account.person.email },
    active: account.active,
    lastSignInAt: account.lastSignInAt?.toISOString() ?? null,
    createdAt: account.createdAt.toISOString(),
    grants: grants.map(toGrantResponse),
  };
}
