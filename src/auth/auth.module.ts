import { Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, Reflector } from '@nestjs/core';
import { ThrottlerStorage } from '@nestjs/throttler';
import { AuditModule } from '../audit/audit.module';
import { MailModule } from '../mail/mail.module';
import { AccessPolicy } from './access-policy';
import { AccessTokensService } from './access-tokens.service';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { AdminBootstrap } from './admin-bootstrap';
import { AuditActorInterceptor } from './audit-actor.interceptor';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { RateLimitGuard, RateLimitRedisCloser, rateLimitRedisProvider, RedisThrottlerStorage } from './rate-limit';
import { ScopeResolver } from './scope.resolver';
import { SignInService } from './sign-in.service';
import { SubjectLoader } from './subject.loader';

/**
 * Who may do what, for the whole API: importing this module puts every route behind the
 * AuthGuard (rate limits first, then authentication and the handler's @Permission), makes the
 * signed-in person the author of the audit trail, and brings the sign-in, token and account
 * routes. HTTP headers are hardened separately by applySecurity(app). Global, so that any module
 * may ask AccessPolicy what a principal may see.
 */
@Global()
@Module({
  imports: [AuditModule, MailModule],
  controllers: [AuthController, AccountsController],
  providers: [
    AccessPolicy,
    AccessTokensService,
    AccountsService,
    AdminBootstrap,
    ScopeResolver,
    SignInService,
    SubjectLoader,
    AuthGuard,
    rateLimitRedisProvider,
    RateLimitRedisCloser,
    RedisThrottlerStorage,
    {
      provide: RateLimitGuard,
      inject: [RedisThrottlerStorage, Reflector],
      useFactory: (storage: ThrottlerStorage, reflector: Reflector) => RateLimitGuard.create(storage, reflector),
    },
    // Order matters: a flood is turned away before it costs a token lookup.
    { provide: APP_GUARD, useExisting: RateLimitGuard },
    { provide: APP_GUARD, useExisting: AuthGuard },
    { provide: APP_INTERCEPTOR, useClass: AuditActorInterceptor },
  ],
  exports: [AccessPolicy, AccountsService, ScopeResolver, AccessTokensService, SignInService, SubjectLoader],
})
export class AuthModule {}
