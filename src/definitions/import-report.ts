import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const REPORTED_KINDS = [
  'conventions',
  'parties',
  'schools',
  'amendments',
  'coverage',
  'people',
  'committees',
  'seats',
  'memberships',
] as const;
export type ReportedKind = (typeof REPORTED_KINDS)[number];

export class ChangeCounts {
  @ApiProperty({ type: 'integer' }) created = 0;
  @ApiProperty({ type: 'integer' }) updated = 0;
  @ApiProperty({ type: 'integer' }) deleted = 0;
  @ApiProperty({ type: 'integer' }) unchanged = 0;
}

export type ImportReport = Record<ReportedKind, ChangeCounts>;

export function emptyReport(): ImportReport {
  return Object.fromEntries(REPORTED_KINDS.map((kind) => [kind, new ChangeCounts()])) as ImportReport;
}

export function hasChanges(report: ImportReport): boolean {
  return REPORTED_KINDS.some((kind) => report[kind].created + report[kind].updated + report[kind].deleted > 0);
}

/** "parties: 2 created; schools: 1 updated, 4 unchanged" — or "unchanged" when nothing changed. */
export function describeReport(report: ImportReport): string {
  if (!hasChanges(report)) return 'unchanged';
  return REPORTED_KINDS.map((kind) => {
    const counts = report[kind];
    const parts = (['created', 'updated', 'deleted', 'unchanged'] as const).filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${k}`);
    return parts.length ? `${kind}: ${parts.join(', ')}` : null;
  })
    .filter((part): part is string => part !== null)
    .join('; ');
}

class ImportReportDto implements ImportReport {
  @ApiProperty({ type: ChangeCounts }) conventions: ChangeCounts;
  @ApiProperty({ type: ChangeCounts }) parties: ChangeCounts;
  @ApiProperty({ type: ChangeCounts }) schools: ChangeCounts;
  @ApiProperty({ type: ChangeCounts, description: 'Schools covered by the convention.' }) coverage: ChangeCounts;
  @ApiProperty({ type: ChangeCounts }) amendments: ChangeCounts;
  @ApiProperty({ type: ChangeCounts }) people: ChangeCounts;
  @ApiProperty({ type: ChangeCounts }) committees: ChangeCounts;
  @ApiProperty({ type: ChangeCounts }) seats: ChangeCounts;
  @ApiProperty({ type: ChangeCounts }) memberships: ChangeCounts;
}

/** One row an import creates, changes, removes or keeps, by its natural key. */
export class RowChange {
  @ApiProperty({
    enum: [...REPORTED_KINDS, 'substitutes', 'end_dates'],
    description: "Kind of row; 'substitutes': a membership's substitute taken off; 'end_dates': a membership's end date taken off (the member would sit again)",
  })
  kind: ReportedKind | 'substitutes' | 'end_dates';
  @ApiProperty({
    example: 'copil/elu/anne.bouvier@ac-grenoble.example.fr/2016-10-17',
    description:
      'Natural key: reference (conventions, amendments), key (parties, committees), UAI (schools, coverage), email (people), committee/seat (seats), committee/seat/email/startsOn (memberships, substitutes, end_dates)',
  })
  key: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The stored row (null for coverage).' })
  id: string | null;
  @ApiPropertyOptional({ type: [String], description: 'Updated rows: the fields that change.' })
  fields?: string[];
  @ApiPropertyOptional({ enum: ['definition', 'api'], description: 'Memberships: entered by a definition file or through the API.' })
  source?: 'definition' | 'api';
  @ApiPropertyOptional({ description: 'Memberships: the member\'s email; substitutes: the substitute\'s.' })
  person?: string;
  @ApiPropertyOptional({ format: 'date', description: 'end_dates: the end date the import would take off.' })
  endsOn?: string;
}

/** What an import does, row by row. */
export class ImportChanges {
  @ApiProperty({ type: [RowChange] }) created: RowChange[] = [];
  @ApiProperty({ type: [RowChange] }) updated: RowChange[] = [];
  @ApiProperty({ type: [RowChange], description: 'Rows of this convention the file no longer lists: removed only with confirmRemovals=true.' })
  removed: RowChange[] = [];
  @ApiProperty({ type: [RowChange], description: 'Memberships entered through the API that the file does not list: kept.' })
  kept: RowChange[] = [];
}

export function emptyChanges(): ImportChanges {
  return new ImportChanges();
}

/** A row of the file left as it is stored, and why. */
export class UntouchedRow {
  @ApiProperty({ example: 'people[3]', description: 'Where the entry is in the file.' }) path: string;
  @ApiProperty({ enum: ['people', 'schools'] }) kind: 'people' | 'schools';
  @ApiProperty({ example: 'anne.bouvier@ac-grenoble.example.fr', description: 'Its natural key: email or UAI.' }) key: string;
  @ApiProperty({ example: 'also serves 1 other convention(s) you do not manage: left as it is' }) reason: string;
}

export class ImportResult {
  @ApiProperty({ format: 'uuid' }) conventionId: string;
  @ApiProperty({ example: 'guyane-remire-montjoly-2015' }) reference: string;
  @ApiProperty({ description: 'Whether the convention did not exist before.' }) created: boolean;
  @ApiProperty({ description: 'Whether anything was written.' }) changed: boolean;
  @ApiProperty({ type: ImportReportDto, description: 'Per kind of row: how many were created, updated, deleted or left unchanged.' })
  report: ImportReport;
  @ApiProperty({
    type: [UntouchedRow],
    description: 'People and schools of the file that differ from what is stored but also serve conventions the importer does not manage: left as they are.',
  })
  untouched: UntouchedRow[];
  @ApiProperty({ type: ImportChanges, description: 'Row by row: what is created, updated, removed, and the memberships kept though the file does not list them.' })
  changes: ImportChanges;
  @ApiPropertyOptional({ description: 'true: a preview (dryRun=true); nothing was written.' })
  dryRun?: boolean;
}
