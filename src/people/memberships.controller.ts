import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { MembershipsService } from './memberships.service';
import { CreateMembershipDto } from './dto/create-membership.dto';
import { UpdateMembershipDto } from './dto/update-membership.dto';
import { MembershipResponse } from './dto/membership.response';
import { Permission } from '../auth';
import { IdParams } from '../common/validators';

@ApiTags('memberships')
@Controller()
export class MembershipsController {
  constructor(private readonly memberships: MembershipsService) {}

  @Permission('committee.manage_members', { committee: 'param:id' })
  @Post('committees/:id/memberships')
  @ApiOperation({ summary: 'Seat a person in a committee, from startsOn and until endsOn if given' })
  @ApiCreatedResponse({ type: MembershipResponse })
  @ApiBadRequestResponse({ description: 'fields: [{path, code, message}]: endsOn before startsOn, substitute equal to the member, malformed values' })
  @ApiNotFoundResponse({ description: 'codes committee_not_found, seat_not_found, person_not_found' })
  @ApiConflictResponse({ description: 'codes seat_full (every place taken during part of the period), membership_overlaps (the person already holds the seat then)' })
  create(@Param() params: IdParams, @Body() dto: CreateMembershipDto): Promise<MembershipResponse> {
    return this.memberships.create(params.id, dto);
  }

  @Permission('registry.read', { membership: 'param:id' })
  @Get('memberships/:id')
  @ApiOperation({ summary: 'One membership' })
  @ApiOkResponse({ type: MembershipResponse })
  @ApiNotFoundResponse({ description: 'code membership_not_found' })
  get(@Param() params: IdParams): Promise<MembershipResponse> {
    return this.memberships.get(params.id);
  }

  @Permission('committee.manage_members', { membership: 'param:id' })
  @Patch('memberships/:id')
  @ApiOperation({ summary: 'End a membership, make it open-ended again (endsOn null), or change the substitute' })
  @ApiOkResponse({ type: MembershipResponse })
  @ApiBadRequestResponse({ description: 'fields: [{path, code, message}]' })
  @ApiNotFoundResponse({ description: 'codes membership_not_found, person_not_found' })
  @ApiConflictResponse({ description: 'codes seat_full, membership_overlaps' })
  update(@Param() params: IdParams, @Body() dto: UpdateMembershipDto): Promise<MembershipResponse> {
    return this.memberships.update(params.id, dto);
  }

  @Permission('committee.manage_members', { membership: 'param:id' })
  @Delete('memberships/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a membership recorded by mistake (to end one, set endsOn)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'code membership_not_found' })
  async remove(@Param() params: IdParams): Promise<void> {
    await this.memberships.remove(params.id);
  }
}
