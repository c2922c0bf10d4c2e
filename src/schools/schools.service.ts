import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { foldedColumn, foldText } from '../people/folded-text';
import { School } from './school.entity';
import { CreateSchoolDto } from './dto/create-school.dto';
import { UpdateSchoolDto } from './dto/update-school.dto';
import { ListSchoolsQuery } from './dto/list-schools.query';
import {
  CoveringConvention,
  SchoolDetailResponse,
  SchoolResponse,
  toSchoolDetailResponse,
  toSchoolResponse,
} from './dto/school.response';

@Injectable()
export class SchoolsService {
  constructor(@InjectRepository(School) private readonly schools: Repository<School>) {}

  async list(query: ListSchoolsQuery): Promise<SchoolResponse[]> {
    const builder = this.schools.createQueryBuilder('school').orderBy('school.uai');
    if (query.uai !== undefined) builder.andWhere('school.uai = :uai', { uai: query.uai });
    if (query.commune !== undefined) {
      builder.andWhere(`${foldedColumn('school.commune')} = :commune`, { commune: foldText(query.commune.trim()) });
    }
    if (query.circonscription !== undefined) {
      builder.andWhere(`${foldedColumn('school.circonscription')} = :circonscription`, {
        circonscription: foldText(query.circonscription.trim()),
      });
    }
    return (await builder.getMany()).map(toSchoolResponse);
  }

  async get(uai: string): Promise<SchoolDetailResponse> {
    const school = await this.findOrFail(uai);
    const conventions: CoveringConvention[] = await this.schools.manager.query(
      `SELECT c.id, c.reference, c.title, a.reference AS "amendmentReference"
         FROM convention_schools cs
         JOIN conventions c ON c.id = cs.convention_id
         LEFT JOIN amendments a ON a.id = cs.amendment_id
        WHERE cs.school_id = $1
        ORDER BY c.reference`,
      [school.id],
    );
    return toSchoolDetailResponse(school, conventions);
  }

  async create(dto: CreateSchoolDto): Promise<SchoolResponse> {
    if (await this.schools.existsBy({ uai: dto.uai })) throw schoolExists(dto.uai);
    const school = this.schools.create({
      uai: dto.uai,
      name: dto.name.trim(),
      type: dto.type,
      commune: dto.commune.trim(),
      circonscription: dto.circonscription?.trim() ?? null,
      referenceCollegeUai: dto.referenceCollegeUai ?? null,
      address: dto.address ?? null,
    });
    // A concurrent insert of the same UAI still fails on the unique index (409 from the filter).
    return toSchoolResponse(await this.schools.save(school));
  }

  async update(uai: string, dto: UpdateSchoolDto): Promise<SchoolResponse> {
    const school = await this.findOrFail(uai);
    if (dto.name !== undefined) school.name = dto.name.trim();
    if (dto.type !== undefined) school.type = dto.type;
    if (dto.commune !== undefined) school.commune = dto.commune.trim();
    if (dto.circonscription !== undefined) school.circonscription = dto.circonscription?.trim() ?? null;
    if (dto.referenceCollegeUai !== undefined) school.referenceCollegeUai = dto.referenceCollegeUai;
    if (dto.address !== undefined) school.address = dto.address;
    return toSchoolResponse(await this.schools.save(school));
  }

  private async findOrFail(uai: string): Promise<School> {
    const school = await this.schools.findOneBy({ uai });
    if (!school) throw DomainError.notFound('school', `UAI ${uai}`);
    return school;
  }
}

function schoolExists(uai: string): DomainError {
  return DomainError.conflict('school_already_exists', `A school with UAI ${uai} already exists`, { uai });
}
