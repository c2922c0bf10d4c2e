import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Response } from 'express';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { Clock } from '../common/clock';
import { Public, SignedIn } from './permission.decorator';
import { LinkRedeemRateLimit, SignInRateLimit } from './rate-limit';
import { SignInService, OpenedSession } from './sign-in.service';
import { AccessTokensService } from './access-tokens.service';
import { clearedSessionCookie, sessionCookie } from './credentials';
import { CurrentPrincipal, Principal } from './principal';
import { SessionResponse, SessionTokenDto, SIGN_IN_ACCEPTED, SignInAcceptedResponse, SignInRequestDto } from './dto/sign-in.dto';
import { ApiTokenResponse, CreateApiTokenDto, CreatedApiTokenResponse, toApiTokenResponse } from './dto/api-token.dto';
import { IdParams } from '../common/validators';
import { MeResponse, toMeResponse } from './dto/me.response';

const MAX_API_TOKEN_DAYS = 366;

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  private readonly secureCookie: boolean;

  constructor(
    private readonly signIn: SignInService,
    private readonly tokens: AccessTokensService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.secureCookie = config.publicBaseUrl.startsWith('https:');
  }

  @Post('sign-in')
  @Public()
  @SignInRateLimit()
  @HttpCode(202)
  @ApiOperation({ summary: 'Ask for a sign-in link by email; the answer is the same whether or not the address has an account' })
  @ApiAcceptedResponse({ type: SignInAcceptedResponse })
  @ApiBadRequestResponse({ description: 'fields: [{path: "email", code, message}]' })
  @ApiTooManyRequestsResponse({ description: 'code rate_limited, with Retry-After' })
  @ApiServiceUnavailableResponse({ description: 'code service_unavailable, with Retry-After: the database does not answer, ask again later' })
  async requestLink(@Body() dto: SignInRequestDto): Promise<SignInAcceptedResponse> {
    await this.signIn.requestLink(dto.email);
    return SIGN_IN_ACCEPTED;
  }

  @Get('callback')
  @Public()
  @LinkRedeemRateLimit()
  @ApiOperation({ summary: 'Where the emailed link leads: opens a session (JSON body and HttpOnly cookie). Works once.' })
  @ApiOkResponse({ type: SessionResponse })
  @ApiUnauthorizedResponse({ description: 'code invalid_sign_in_link: unknown, used or expired' })
  async callback(@Query() query: SessionTokenDto, @Res({ passthrough: true }) response: Response): Promise<SessionResponse> {
    return this.startSession(await this.signIn.openSession(query.token), response);
  }

  @Post('session')
  @Public()
  @LinkRedeemRateLimit()
  @HttpCode(201)
  @ApiOperation({ summary: 'For a web client that received the link\'s token: opens a session. Works once.' })
  @ApiCreatedResponse({ type: SessionResponse })
  @ApiUnauthorizedResponse({ description: 'code invalid_sign_in_link: unknown, used or expired' })
  async session(@Body() dto: SessionTokenDto, @Res({ passthrough: true }) response: Response): Promise<SessionResponse> {
    return this.startSession(await this.signIn.openSession(dto.token), response);
  }

  @Post('sign-out')
  @SignedIn()
  @HttpCode(204)
  @ApiOperation({ summary: 'Ends the current session (API tokens are revoked with DELETE /auth/tokens/{id})' })
  @ApiNoContentResponse({ description: 'Signed out; the cookie is cleared' })
  async signOut(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) response: Response): Promise<void> {
    if (principal.credential.kind === 'session') await this.tokens.revokeSession(principal.credential.id);
    response.setHeader('Set-Cookie', clearedSessionCookie(this.secureCookie));
  }

  @Get('me')
  @SignedIn()
  @ApiOperation({ summary: 'Who is signed in: person, grants, and the roles their memberships give them' })
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentPrincipal() principal: Principal): MeResponse {
    return toMeResponse(principal);
  }

  @Post('tokens')
  @SignedIn()
  @HttpCode(201)
  @ApiOperation({ summary: 'Make an API token for an integration; the token is shown in this answer only' })
  @ApiCreatedResponse({ type: CreatedApiTokenResponse })
  @ApiBadRequestResponse({ description: 'fields: [{path, code, message}]: expiresAt in the past or too far' })
  @ApiForbiddenResponse({ description: 'code session_required: an API token cannot make tokens' })
  async createToken(@CurrentPrincipal() principal: Principal, @Body() dto: CreateApiTokenDto): Promise<CreatedApiTokenResponse> {
    if (principal.credential.kind !== 'session') {
      throw new DomainError('forbidden', 'session_required', 'API tokens are made from a session, not from another token');
    }
    const expiresAt = new Date(dto.expiresAt);
    const now = this.clock.now().getTime();
    if (expiresAt.getTime() <= now) throw DomainError.invalid([{ path: 'expiresAt', code: 'not_in_future', message: 'must be in the future' }]);
    if (expiresAt.getTime() > now + MAX_API_TOKEN_DAYS * 86_400_000) {
      throw DomainError.invalid([{ path: 'expiresAt', code: 'too_large', message: `must be at most ${MAX_API_TOKEN_DAYS} days ahead` }]);
    }
    const issued = await this.tokens.issueApiToken(principal.accountId, dto.name, expiresAt);
    return { ...toApiTokenResponse(issued.token), token: issued.secret };
  }

  @Get('tokens')
  @SignedIn()
  @ApiOperation({ summary: 'One\'s API tokens, without their secrets' })
  @ApiOkResponse({ type: [ApiTokenResponse] })
  async listTokens(@CurrentPrincipal() principal: Principal): Promise<ApiTokenResponse[]> {
    return (await this.tokens.listApiTokens(principal.accountId)).map(toApiTokenResponse);
  }

  @Delete('tokens/:id')
  @SignedIn()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one of one\'s API tokens: refused from the next request on' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiNotFoundResponse({ description: 'code api_token_not_found' })
  async revokeToken(@CurrentPrincipal() principal: Principal, @Param() params: IdParams): Promise<void> {
    await this.tokens.revokeApiToken(principal.accountId, params.id);
  }

  private startSession(opened: OpenedSession, response: Response): SessionResponse {
    const maxAgeSeconds = this.config.auth.sessionTtlHours * 3600;
    response.setHeader('Set-Cookie', sessionCookie(opened.issued.secret, { secure: this.secureCookie, maxAgeSeconds }));
    // The answer carries a credential: never cached, never sent on as a Referer.
    response.setHeader('Cache-Control', 'no-store');
    return {
      token: opened.issued.secret,
      expiresAt: opened.issued.token.expiresAt.toISOString(),
      person: opened.person,
    };
  }
}
