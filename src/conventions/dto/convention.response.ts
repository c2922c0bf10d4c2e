import { ApiProperty } from '@nestjs/swagger';
import { DateTime } from 'luxon';
import { SCHOOL_TYPES, SchoolType } from '../../schools/school.entity';
import { NOTICE_UNITS, Convention, NoticeUnit } from '../convention.entity';
import { PARTY_KINDS, Party, PartyKind } from '../party.entity';
import { Amendment } from '../amendment.entity';
import { ConventionSchool } from '../convention-school.entity';
import { CommitteeSummaryResponse } from '../../committees/dto/committee-summary.response';

export class HolidaysResponse {
  @ApiProperty({ example: 'FR', description: 'date-holidays country code of the territory: FR, GF, RE, GP, MQ, YT' })
  country: string;

  @ApiProperty({ type: String, nullable: true })
  region: string | null;
}

export class ValidityResponse {
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'effectiveFrom, or else signedOn' })
  from: string | null;

  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'endsOn, or else the last day of durationMonths counted from "from"; the first term when tacitly renewed',
  })
  to: string | null;

  @ApiProperty()
  tacitRenewal: boolean;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  terminatedOn: string | null;
}

export class ConventionPartyResponse {
  @ApiProperty({ example: 'academie' })
  key: string;

  @ApiProperty({ enum: PARTY_KINDS })
  kind: PartyKind;

  @ApiProperty({ example: 'Académie de Grenoble' })
  name: string;
}

export class ConventionCountsResponse {
  @ApiProperty()
  schools: number;

  @ApiProperty()
  committees: number;
}

export class ConventionSummaryResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'grenoble-crets-en-belledonne-2016' })
  reference: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ example: 'Europe/Paris' })
  timeZone: string;

  @ApiProperty({ type: () => HolidaysResponse })
  holidays: HolidaysResponse;

  @ApiProperty({ type: String, nullable: true, example: 'Grenoble' })
  academie: string | null;

  @ApiProperty({ type: String, nullable: true, example: '38', description: 'INSEE code of the département' })
  departement: string | null;

  @ApiProperty({ type: () => ValidityResponse })
  validity: ValidityResponse;

  @ApiProperty({ type: () => [ConventionPartyResponse] })
  parties: ConventionPartyResponse[];

  @ApiProperty({ type: () => ConventionCountsResponse })
  counts: ConventionCountsResponse;
}

export class RepresentativeResponse {
  @ApiProperty({ type: String, nullable: true, example: 'Jean-Louis Maret' })
  name: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Maire' })
  title: string | null;
}

export class ConventionPartyDetailResponse extends ConventionPartyResponse {
  @ApiProperty({ type: () => RepresentativeResponse, nullable: true })
  representative: RepresentativeResponse | null;

  @ApiProperty({ type: String, nullable: true })
  address: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Address convocations sent on behalf of the party come from' })
  email: string | null;
}

export class TerminationNoticeResponse {
  @ApiProperty({ type: Number, nullable: true })
  amount: number | null;

  @ApiProperty({ enum: NOTICE_UNITS, nullable: true })
  unit: NoticeUnit | null;

  @ApiProperty({ type: String, nullable: true, example: 'lettre recommandée' })
  form: string | null;
}

export class CoveredSchoolResponse {
  @ApiProperty({ example: '0382460T' })
  uai: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: SCHOOL_TYPES })
  type: SchoolType;

  @ApiProperty()
  commune: string;

  @ApiProperty({ type: String, nullable: true })
  circonscription: string | null;

  @ApiProperty({ type: String, nullable: true })
  referenceCollegeUai: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Reference of the amendment that added the school, if one did' })
  amendmentReference: string | null;
}

export class AmendmentResponse {
  @ApiProperty()
  reference: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ format: 'date' })
  signedOn: string;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  effectiveOn: string | null;

  @ApiProperty({ type: String, nullable: true })
  summary: string | null;

  @ApiProperty({ type: [String] })
  addedSchoolUais: string[];

  @ApiProperty({ type: [String] })
  removedSchoolUais: string[];
}

export class ConventionDetailResponse extends ConventionSummaryResponse {
  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  signedOn: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  effectiveFrom: string | null;

  @ApiProperty({ type: Number, nullable: true })
  durationMonths: number | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  endsOn: string | null;

  @ApiProperty({ type: () => TerminationNoticeResponse })
  terminationNotice: TerminationNoticeResponse;

  @ApiProperty({ type: () => [ConventionPartyDetailResponse] })
  override parties: ConventionPartyDetailResponse[];

  @ApiProperty({ type: () => [CoveredSchoolResponse] })
  schools: CoveredSchoolResponse[];

  @ApiProperty({ type: () => [AmendmentResponse] })
  amendments: AmendmentResponse[];

  @ApiProperty({ type: () => [CommitteeSummaryResponse] })
  committees: CommitteeSummaryResponse[];

  @ApiProperty({ description: 'Increases with every change' })
  version: number;
}

export function validityOf(convention: Convention): ValidityResponse {
  const from = convention.effectiveFrom ?? convention.signedOn;
  let to = convention.endsOn;
  if (to === null && from !== null && convention.durationMonths !== null) {
    // "Valable un an à compter de…": the last day is the day before the same date a year later.
    to = DateTime.fromISO(from, { zone: 'utc' }).plus({ months: convention.durationMonths }).minus({ days: 1 }).toISODate();
  }
  return { from, to, tacitRenewal: convention.tacitRenewal, terminatedOn: convention.terminatedOn };
}

const byPosition = (a: Party, b: Party) => a.position - b.position || a.key.localeCompare(b.key);

export function toConventionSummaryResponse(convention: Convention, counts: ConventionCountsResponse): ConventionSummaryResponse {
  return {
    id: convention.id,
    reference: convention.reference,
    title: convention.title,
    timeZone: convention.timeZone,
    holidays: { country: convention.holidayCountry, region: convention.holidayRegion },
    academie: convention.academie,
    departement: convention.departement,
    validity: validityOf(convention),
    parties: [...convention.parties].sort(byPosition).map((party) => ({ key: party.key, kind: party.kind, name: party.name })),
    counts: { schools: counts.schools, committees: counts.committees },
  };
}

/** `convention` comes with its parties, amendments and schools (each with school and amendment). */
export function toConventionDetailResponse(convention: Convention, committees: CommitteeSummaryResponse[]): ConventionDetailResponse {
  const schools = [...convention.schools].sort((a, b) => a.school.uai.localeCompare(b.school.uai)).map(toCoveredSchoolResponse);
  return {
    ...toConventionSummaryResponse(convention, { schools: schools.length, committees: committees.length }),
    description: convention.description,
    signedOn: convention.signedOn,
    effectiveFrom: convention.effectiveFrom,
    durationMonths: convention.durationMonths,
    endsOn: convention.endsOn,
    terminationNotice: {
      amount: convention.terminationNotice.amount,
      unit: convention.terminationNotice.unit,
      form: convention.terminationNotice.form,
    },
    parties: [...convention.parties].sort(byPosition).map(toPartyDetailResponse),
    schools,
    amendments: [...convention.amendments]
      .sort((a, b) => a.signedOn.localeCompare(b.signedOn) || a.reference.localeCompare(b.reference))
      .map(toAmendmentResponse),
    committees,
    version: convention.version,
  };
}

function toPartyDetailResponse(party: Party): ConventionPartyDetailResponse {
  const represented = party.representativeName !== null || party.representativeTitle !== null;
  return {
    key: party.key,
    kind: party.kind,
    name: party.name,
    representative: represented ? { name: party.representativeName, title: party.representativeTitle } : null,
    address: party.address,
    email: party.email,
  };
}

function toCoveredSchoolResponse(link: ConventionSchool): CoveredSchoolResponse {
  return {
    uai: link.school.uai,
    name: link.school.name,
    type: link.school.type,
    commune: link.school.commune,
    circonscription: link.school.circonscription,
    referenceCollegeUai: link.school.referenceCollegeUai,
    amendmentReference: link.amendment?.reference ?? null,
  };
}

function toAmendmentResponse(amendment: Amendment): AmendmentResponse {
  return {
    reference: amendment.reference,
    title: amendment.title,
    signedOn: amendment.signedOn,
    effectiveOn: amendment.effectiveOn,
    summary: amendment.summary,
    addedSchoolUais: amendment.addedSchoolUais,
    removedSchoolUais: amendment.removedSchoolUais,
  };
}
