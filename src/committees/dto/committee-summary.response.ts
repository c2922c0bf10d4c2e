import { ApiProperty } from '@nestjs/swagger';
import { COMMITTEE_KINDS, COMMITTEE_SCOPES, CommitteeKind, CommitteeScope } from '../committee-rules';

export class CommitteeSchoolResponse {
  @ApiProperty({ example: '0382460T' })
  uai: string;

  @ApiProperty()
  name: string;
}

/** A committee at a glance: what it is, where it sits, and how many places are held today. */
export class CommitteeSummaryResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  conventionId: string;

  @ApiProperty({ example: 'copil-local-0382460T', description: 'Unique within the convention' })
  key: string;

  @ApiProperty({ example: 'copil-local', description: 'Shared by the instances of a "one per school/circonscription" definition' })
  definitionKey: string;

  @ApiProperty({ enum: COMMITTEE_KINDS })
  kind: CommitteeKind;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: COMMITTEE_SCOPES })
  scope: CommitteeScope;

  @ApiProperty({ type: () => CommitteeSchoolResponse, nullable: true, description: 'Set when scope is school' })
  school: CommitteeSchoolResponse | null;

  @ApiProperty({ type: String, nullable: true, description: 'Set when scope is circonscription' })
  circonscription: string | null;

  @ApiProperty({ description: 'Places: the sum of the seats\' counts' })
  seats: number;

  @ApiProperty({ description: 'Places held today (in the convention\'s time zone)' })
  filled: number;

  @ApiProperty()
  vacant: number;
}

/** One row of CommitteesService's summary query. */
export interface CommitteeSummaryRow {
  id: string;
  conventionId: string;
  key: string;
  definitionKey: string;
  kind: CommitteeKind;
  name: string;
  scope: CommitteeScope;
  circonscription: string | null;
  schoolUai: string | null;
  schoolName: string | null;
  places: number;
  filled: number;
}

export function toCommitteeSummaryResponse(row: CommitteeSummaryRow): CommitteeSummaryResponse {
  return {
    id: row.id,
    conventionId: row.conventionId,
    key: row.key,
    definitionKey: row.definitionKey,
    kind: row.kind,
    name: row.name,
    scope: row.scope,
    school: row.schoolUai === null ? null : { uai: row.schoolUai, name: row.schoolName ?? '' },
    circonscription: row.circonscription,
    seats: row.places,
    filled: row.filled,
    vacant: row.places - row.filled,
  };
}
