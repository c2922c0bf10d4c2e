import { ApiProperty } from '@nestjs/swagger';
import { SCHOOL_TYPES, School, SchoolType } from '../school.entity';

export class SchoolResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: '0382460T' })
  uai: string;

  @ApiProperty({ example: 'École primaire des Crêts' })
  name: string;

  @ApiProperty({ enum: SCHOOL_TYPES })
  type: SchoolType;

  @ApiProperty({ example: 'Crêts en Belledonne' })
  commune: string;

  @ApiProperty({ type: String, nullable: true })
  circonscription: string | null;

  @ApiProperty({ type: String, nullable: true, example: '0380002W' })
  referenceCollegeUai: string | null;

  @ApiProperty({ type: String, nullable: true })
  address: string | null;
}

export class SchoolConventionResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  reference: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true, description: 'Reference of the amendment that added the school, if one did' })
  amendmentReference: string | null;
}

export class SchoolDetailResponse extends SchoolResponse {
  @ApiProperty({ type: () => [SchoolConventionResponse], description: 'Conventions covering the school' })
  conventions: SchoolConventionResponse[];
}

export function toSchoolResponse(school: School): SchoolResponse {
  return {
    id: school.id,
    uai: school.uai,
    name: school.name,
    type: school.type,
    commune: school.commune,
    circonscription: school.circonscription,
    referenceCollegeUai: school.referenceCollegeUai,
    address: school.address,
  };
}

export interface CoveringConvention {
  id: string;
  reference: string;
  title: string;
  amendmentReference: string | null;
}

export function toSchoolDetailResponse(school: School, conventions: CoveringConvention[]): SchoolDetailResponse {
  return {
    ...toSchoolResponse(school),
    conventions: conventions.map((convention) => ({
      id: convention.id,
      reference: convention.reference,
      title: convention.title,
      amendmentReference: convention.amendmentReference,
    })),
  };
}
