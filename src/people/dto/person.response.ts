import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Person } from '../person.entity';

export class PersonResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Anne Martin' })
  fullName: string;

  @ApiProperty({ example: 'anne.martin@ac-grenoble.fr', description: 'Always lower case' })
  email: string;

  @ApiProperty({ type: String, nullable: true, example: 'IEN de la circonscription de Grenoble 4' })
  title: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Académie de Grenoble' })
  organization: string | null;

  @ApiProperty({ type: String, nullable: true })
  phone: string | null;
}

@ApiSchema({ name: 'PersonNameResponse' })
export class PersonRefResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  fullName: string;
}

export class CommitteeRefResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;
}

export class ConventionRefResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  reference: string;

  @ApiProperty()
  title: string;
}

export class SeatRefResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  key: string;

  @ApiProperty({ example: "l'IEN de circonscription" })
  role: string;
}

/** A seat the person holds, or held, or will hold. */
export class PersonMembershipResponse {
  @ApiProperty({ format: 'uuid' })
  membershipId: string;

  @ApiProperty({ type: () => ConventionRefResponse })
  convention: ConventionRefResponse;

  @ApiProperty({ type: () => CommitteeRefResponse })
  committee: CommitteeRefResponse;

  @ApiProperty({ type: () => SeatRefResponse })
  seat: SeatRefResponse;

  @ApiProperty({ format: 'date' })
  startsOn: string;

  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Last day held; null while open-ended' })
  endsOn: string | null;

  @ApiProperty({ type: () => PersonRefResponse, nullable: true })
  substitute: PersonRefResponse | null;
}

/** A membership in which the person is the substitute (suppléant) of the member. */
export class PersonSubstitutionResponse {
  @ApiProperty({ format: 'uuid' })
  membershipId: string;

  @ApiProperty({ type: () => ConventionRefResponse })
  convention: ConventionRefResponse;

  @ApiProperty({ type: () => CommitteeRefResponse })
  committee: CommitteeRefResponse;

  @ApiProperty({ type: () => SeatRefResponse })
  seat: SeatRefResponse;

  @ApiProperty({ format: 'date' })
  startsOn: string;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  endsOn: string | null;

  @ApiProperty({ type: () => PersonRefResponse })
  member: PersonRefResponse;
}

export class PersonDetailResponse extends PersonResponse {
  @ApiProperty({ type: () => [PersonMembershipResponse] })
  memberships: PersonMembershipResponse[];

  @ApiProperty({ type: () => [PersonSubstitutionResponse] })
  substituteFor: PersonSubstitutionResponse[];
}

export function toPersonResponse(person: Person): PersonResponse {
  return {
    id: person.id,
    fullName: person.fullName,
    email: person.email,
    title: person.title,
    organization: person.organization,
    phone: person.phone,
  };
}

/** One membership row as PeopleService reads it, joined with its seat, committee and convention. */
export interface PersonMembershipRow {
  membershipId: string;
  startsOn: string;
  endsOn: string | null;
  seatId: string;
  seatKey: string;
  seatRole: string;
  committeeId: string;
  committeeName: string;
  conventionId: string;
  conventionReference: string;
  conventionTitle: string;
  memberId: string;
  memberFullName: string;
  substituteId: string | null;
  substituteFullName: string | null;
}

export function toPersonDetailResponse(person: Person, rows: PersonMembershipRow[]): PersonDetailResponse {
  const context = (row: PersonMembershipRow) => ({
    membershipId: row.membershipId,
    convention: { id: row.conventionId, reference: row.conventionReference, title: row.conventionTitle },
    committee: { id: row.committeeId, name: row.committeeName },
    seat: { id: row.seatId, key: row.seatKey, role: row.seatRole },
    startsOn: row.startsOn,
    endsOn: row.endsOn,
  });
  return {
    ...toPersonResponse(person),
    memberships: rows
      .filter((row) => row.memberId === person.id)
      .map((row) => ({
        ...context(row),
        substitute: row.substituteId === null ? null : { id: row.substituteId, fullName: row.substituteFullName ?? '' },
      })),
    substituteFor: rows
      .filter((row) => row.substituteId === person.id)
      .map((row) => ({ ...context(row), member: { id: row.memberId, fullName: row.memberFullName } })),
  };
}
