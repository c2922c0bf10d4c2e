import { ApiProperty } from '@nestjs/swagger';
import { Membership } from '../membership.entity';
import { Person } from '../person.entity';
import { Seat } from '../../committees/seat.entity';

export class MembershipPersonResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  fullName: string;

  @ApiProperty()
  email: string;
}

export class MembershipSeatResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  key: string;

  @ApiProperty()
  role: string;
}

export class MembershipResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  committeeId: string;

  @ApiProperty({ type: () => MembershipSeatResponse })
  seat: MembershipSeatResponse;

  @ApiProperty({ type: () => MembershipPersonResponse })
  person: MembershipPersonResponse;

  @ApiProperty({ format: 'date' })
  startsOn: string;

  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Last day held; null while open-ended' })
  endsOn: string | null;

  @ApiProperty({ type: () => MembershipPersonResponse, nullable: true })
  substitute: MembershipPersonResponse | null;
}

const personRef = (person: Person): MembershipPersonResponse => ({ id: person.id, fullName: person.fullName, email: person.email });

export function toMembershipResponse(membership: Membership, seat: Seat, person: Person, substitute: Person | null): MembershipResponse {
  return {
    id: membership.id,
    committeeId: seat.committeeId,
    seat: { id: seat.id, key: seat.key, role: seat.role },
    person: personRef(person),
    startsOn: membership.startsOn,
    endsOn: membership.endsOn,
    substitute: substitute === null ? null : personRef(substitute),
  };
}
