import { ApiProperty } from '@nestjs/swagger';
import { ACCESS_TOKEN_KINDS, AccessTokenKind } from '../access-token.entity';
import { GRANTED_ROLES, GrantedRole } from '../permissions';
import { Principal } from '../principal';

export class MePersonResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  fullName: string;

  @ApiProperty()
  email: string;
}

export class MeGrantResponse {
  @ApiProperty({ enum: GRANTED_ROLES })
  role: GrantedRole;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'For a committee grant, the committee\'s convention' })
  conventionId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  committeeId: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Grenoble' })
  academie: string | null;

  @ApiProperty({ type: String, nullable: true, example: '38' })
  departement: string | null;
}

export class MeCommitteeResponse {
  @ApiProperty({ format: 'uuid' })
  committeeId: string;

  @ApiProperty({ format: 'uuid' })
  conventionId: string;
}

export class MeCredentialResponse {
  @ApiProperty({ enum: ACCESS_TOKEN_KINDS })
  kind: AccessTokenKind;

  @ApiProperty({ type: String, nullable: true })
  name: string | null;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;
}

export class MeResponse {
  @ApiProperty({ format: 'uuid' })
  accountId: string;

  @ApiProperty({ type: () => MePersonResponse })
  person: MePersonResponse;

  @ApiProperty({ type: () => MeCredentialResponse })
  credential: MeCredentialResponse;

  @ApiProperty({ type: () => [MeGrantResponse] })
  grants: MeGrantResponse[];

  @ApiProperty({ type: () => [MeCommitteeResponse], description: 'Derived: committees where the person holds or substitutes a current membership' })
  memberOf: MeCommitteeResponse[];

  @ApiProperty({ type: () => [MeCommitteeResponse], description: 'Derived: committees the person convenes by holding the seat their convener rule names' })
  convenerBySeat: MeCommitteeResponse[];
}

export function toMeResponse(principal: Principal): MeResponse {
  return {
    accountId: principal.accountId,
    person: principal.person,
    credential: {
      kind: principal.credential.kind,
      name: principal.credential.name,
      expiresAt: principal.credential.expiresAt.toISOString(),
    },
    grants: principal.subject.grants.map((grant) => ({
      role: grant.role,
      conventionId: grant.conventionId,
      committeeId: grant.committeeId,
      academie: grant.academie ?? null,
      departement: grant.departement ?? null,
    })),
    memberOf: principal.subject.memberOf,
    convenerBySeat: principal.subject.convenerBySeat,
  };
}
