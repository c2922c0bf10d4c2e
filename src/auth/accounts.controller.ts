import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
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
import { Permission } from './permission.decorator';
import { CurrentPrincipal, Principal } from './principal';
import { AccountsService } from './accounts.service';
import {
  AccountResponse,
  CreateAccountDto,
  CreateGrantDto,
  DeleteAccountQuery,
  GrantParams,
  GrantResponse,
  InviteAccountDto,
  UpdateAccountDto,
} from './dto/account.dto';
import { IdParams } from '../common/validators';

@ApiTags('accounts')
@Controller('accounts')
@Permission('account.manage')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @ApiOperation({ summary: 'Every account, with its person and grants' })
  @ApiOkResponse({ type: [AccountResponse] })
  list(): Promise<AccountResponse[]> {
    return this.accounts.list();
  }

  @Post()
  @ApiOperation({ summary: 'Give a person an account: they can then ask for sign-in links' })
  @ApiCreatedResponse({ type: AccountResponse })
  @ApiBadRequestResponse({ description: 'fields: [{path, code, message}]' })
  @ApiNotFoundResponse({ description: 'code person_not_found' })
  @ApiConflictResponse({ description: 'code account_exists' })
  create(@Body() dto: CreateAccountDto): Promise<AccountResponse> {
    return this.accounts.create(dto);
  }

  @Post('invitations')
  @ApiOperation({
    summary: 'Invite someone by email: their person (recorded if new), an active account, and a sign-in link sent with an invitation',
  })
  @ApiCreatedResponse({ type: AccountResponse })
  @ApiBadRequestResponse({ description: 'fields: [{path, code, message}]; fullName required when copil knows nobody at the address' })
  @ApiConflictResponse({ description: 'code account_exists' })
  invite(@Body() dto: InviteAccountDto, @CurrentPrincipal() who: Principal): Promise<AccountResponse> {
    return this.accounts.invite(dto, who.person.fullName);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One account' })
  @ApiOkResponse({ type: AccountResponse })
  @ApiNotFoundResponse({ description: 'code account_not_found' })
  get(@Param() params: IdParams): Promise<AccountResponse> {
    return this.accounts.get(params.id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Activate or deactivate; deactivating ends every session and revokes every API token' })
  @ApiOkResponse({ type: AccountResponse })
  @ApiNotFoundResponse({ description: 'code account_not_found' })
  @ApiConflictResponse({ description: 'code last_admin; code self_deactivation: one\'s own account, without confirmSelf' })
  update(@Param() params: IdParams, @Body() dto: UpdateAccountDto, @CurrentPrincipal() who: Principal): Promise<AccountResponse> {
    return this.accounts.update(params.id, dto, who.accountId);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an account, its grants, sessions and tokens (the person stays)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'code account_not_found' })
  @ApiConflictResponse({ description: 'code last_admin; code self_deactivation: one\'s own account, without ?confirmSelf=true' })
  async remove(@Param() params: IdParams, @Query() query: DeleteAccountQuery, @CurrentPrincipal() who: Principal): Promise<void> {
    await this.accounts.remove(params.id, who.accountId, query.confirmSelf === 'true');
  }

  @Get(':id/grants')
  @ApiOperation({ summary: 'The roles an account holds, each with its scope' })
  @ApiOkResponse({ type: [GrantResponse] })
  @ApiNotFoundResponse({ description: 'code account_not_found' })
  listGrants(@Param() params: IdParams): Promise<GrantResponse[]> {
    return this.accounts.listGrants(params.id);
  }

  @Post(':id/grants')
  @ApiOperation({ summary: 'Grant a role: admin; secretariat of a convention or of all; convener of a committee or of a convention\'s committees' })
  @ApiCreatedResponse({ type: GrantResponse })
  @ApiBadRequestResponse({ description: 'fields: [{path, code, message}]: a scope the role does not take' })
  @ApiNotFoundResponse({ description: 'codes account_not_found, convention_not_found, committee_not_found' })
  @ApiConflictResponse({ description: 'code grant_exists' })
  addGrant(@Param() params: IdParams, @Body() dto: CreateGrantDto): Promise<GrantResponse> {
    return this.accounts.addGrant(params.id, dto);
  }

  @Delete(':id/grants/:grantId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Withdraw a role' })
  @ApiNoContentResponse({ description: 'Withdrawn' })
  @ApiNotFoundResponse({ description: 'code grant_not_found' })
  @ApiConflictResponse({ description: 'code last_admin' })
  async removeGrant(@Param() params: GrantParams): Promise<void> {
    await this.accounts.removeGrant(params.id, params.grantId);
  }
}
