import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { SchoolsService } from './schools.service';
import { CreateSchoolDto } from './dto/create-school.dto';
import { UpdateSchoolDto } from './dto/update-school.dto';
import { ListSchoolsQuery } from './dto/list-schools.query';
import { UaiParams } from './dto/uai.params';
import { SchoolDetailResponse, SchoolResponse } from './dto/school.response';
import { Permission, SignedIn } from '../auth';

@ApiTags('schools')
@Controller('schools')
export class SchoolsController {
  constructor(private readonly schools: SchoolsService) {}

  @SignedIn()
  @Get()
  @ApiOperation({ summary: 'List schools, optionally by UAI, commune or circonscription' })
  @ApiOkResponse({ type: [SchoolResponse] })
  @ApiBadRequestResponse({ description: 'A filter is malformed (fields names it)' })
  list(@Query() query: ListSchoolsQuery): Promise<SchoolResponse[]> {
    return this.schools.list(query);
  }

  @SignedIn()
  @Get(':uai')
  @ApiOperation({ summary: 'One school and the conventions covering it' })
  @ApiOkResponse({ type: SchoolDetailResponse })
  @ApiBadRequestResponse({ description: 'The UAI is malformed or has the wrong check letter' })
  @ApiNotFoundResponse({ description: 'code school_not_found' })
  get(@Param() params: UaiParams): Promise<SchoolDetailResponse> {
    return this.schools.get(params.uai);
  }

  @Permission('school.manage')
  @Post()
  @ApiOperation({ summary: 'Record a school' })
  @ApiCreatedResponse({ type: SchoolResponse })
  @ApiBadRequestResponse({ description: 'fields: [{path, code, message}], e.g. a wrong UAI check letter with the letter expected' })
  @ApiConflictResponse({ description: 'code school_already_exists: the UAI is taken' })
  create(@Body() dto: CreateSchoolDto): Promise<SchoolResponse> {
    return this.schools.create(dto);
  }

  @Permission('school.manage')
  @Patch(':uai')
  @ApiOperation({ summary: 'Change a school (not its UAI); null clears an optional field' })
  @ApiOkResponse({ type: SchoolResponse })
  @ApiBadRequestResponse({ description: 'fields: [{path, code, message}]' })
  @ApiNotFoundResponse({ description: 'code school_not_found' })
  update(@Param() params: UaiParams, @Body() dto: UpdateSchoolDto): Promise<SchoolResponse> {
    return this.schools.update(params.uai, dto);
  }
}
