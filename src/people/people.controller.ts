import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { PeopleService } from './people.service';
import { CreatePersonDto } from './dto/create-person.dto';
import { UpdatePersonDto } from './dto/update-person.dto';
import { CorrectEmailDto } from './dto/correct-email.dto';
import { EmailCorrectionService } from './email-correction.service';
import { ListPeopleQuery } from './dto/list-people.query';
import { PersonDetailResponse, PersonResponse } from './dto/person.response';
import { AccessPolicy, CurrentPrincipal, Permission, Principal, SignedIn } from '../auth';
import { IdParams } from '../common/validators';

@ApiTags('people')
@Controller('people')
export class PeopleController {
  constructor(
    private readonly people: PeopleService,
    private readonly policy: AccessPolicy,
    private readonly emails: EmailCorrectionService,
  ) {}

  @Permission('people.read')
  @Get()
  @ApiOperation({
    summary: 'Find people by part of their name, email or organization, or by exact email',
    description: 'Within the committees one sees (administrators and a global secretariat: everyone); an exact email finds anyone.',
  })
  @ApiOkResponse({ type: [PersonResponse] })
  @ApiBadRequestResponse({ description: 'A filter is malformed' })
  list(@Query() query: ListPeopleQuery, @CurrentPrincipal() who: Principal): Promise<PersonResponse[]> {
    return this.people.list(query, this.policy.visibleScope(who.subject), who.person.id);
  }

  @Permission('people.read')
  @Get(':id')
  @ApiOperation({
    summary: 'One person, the seats they hold and those in which they substitute',
    description: 'Only someone within the committees one sees, with their memberships in those committees.',
  })
  @ApiOkResponse({ type: PersonDetailResponse })
  @ApiBadRequestResponse({ description: 'The id is not a uuid' })
  @ApiNotFoundResponse({ description: 'code person_not_found: nobody with this id, or nobody one may see' })
  get(@Param() params: IdParams, @CurrentPrincipal() who: Principal): Promise<PersonDetailResponse> {
    return this.people.get(params.id, this.policy.visibleScope(who.subject), who.person.id);
  }

  @Permission('people.manage')
  @Post()
  @ApiOperation({ summary: 'Record a person (email stored lower-cased)' })
  @ApiCreatedResponse({ type: PersonResponse })
  @ApiBadRequestResponse({ description: 'fields: [{path, code, message}]' })
  @ApiConflictResponse({ description: 'code email_already_used' })
  create(@Body() dto: CreatePersonDto): Promise<PersonResponse> {
    return this.people.create(dto);
  }

  @Permission('people.manage')
  @Patch(':id')
  @ApiOperation({ summary: 'Change a person; null clears an optional field' })
  @ApiOkResponse({ type: PersonResponse })
  @ApiBadRequestResponse({ description: 'fields: [{path, code, message}]' })
  @ApiNotFoundResponse({ description: 'code person_not_found' })
  @ApiConflictResponse({ description: 'code email_already_used' })
  update(@Param() params: IdParams, @Body() dto: UpdatePersonDto): Promise<PersonResponse> {
    return this.people.update(params.id, dto);
  }

  @SignedIn()
  @Put(':id/email')
  @ApiOperation({
    summary: 'Correct a person\'s email: later convocations and sign-in links go to the new address; the old one is told',
    description:
      'Administrators: anyone. Anyone else: a person who holds no role and whose every current seat is in a committee whose members the caller keeps (docs/access-control.md).',
  })
  @ApiOkResponse({ type: PersonResponse })
  @ApiBadRequestResponse({ description: 'fields: [{path, code, message}]' })
  @ApiForbiddenResponse({ description: 'code email_change_not_allowed, details.refusal: holds_role, no_current_seat or seat_elsewhere' })
  @ApiNotFoundResponse({ description: 'code person_not_found: nobody with this id, or nobody one may see' })
  @ApiConflictResponse({ description: 'code email_already_used' })
  correctEmail(@Param() params: IdParams, @Body() dto: CorrectEmailDto, @CurrentPrincipal() who: Principal): Promise<PersonResponse> {
    return this.emails.correct(who, params.id, dto.email);
  }

  @Permission('people.manage')
  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a person named in no membership' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'code person_not_found' })
  @ApiConflictResponse({ description: 'code person_has_memberships: they hold or substitute in a membership; code person_has_account: they have a sign-in account' })
  async remove(@Param() params: IdParams): Promise<void> {
    await this.people.remove(params.id);
  }
}
