import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { AccessPolicy } from './access-policy';
import { AccessTokensService } from './access-tokens.service';
import { readCredential } from './credentials';
import { PERMISSION_KEY, PermissionRequirement, PUBLIC_KEY, SIGNED_IN_KEY } from './permission.decorator';
import { AuthenticatedRequest } from './principal';
import { ScopeResolver } from './scope.resolver';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one gate of the API, global: establishes who is asking (bearer token or session cookie),
 * then applies the handler's declared permission through AccessPolicy. A handler that declares
 * nothing is refused, so a forgotten decorator closes a route rather than opening it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');
  private readonly publicOrigin: string;

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokensService,
    private readonly scopes: ScopeResolver,
    private readonly policy: AccessPolicy,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.publicOrigin = new URL(config.publicBaseUrl).origin;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const presented = readCredential(request);
    if (presented === null) {
      throw new DomainError('unauthorized', 'authentication_required', 'Sign in first: send a session or API token as "Authorization: Bearer …"');
    }
    if (presented === 'malformed') {
      throw new DomainError('unauthorized', 'invalid_credentials', 'The Authorization header must be "Bearer <token>"');
    }
    const credential = await this.tokens.authenticate(presented.secret);
    if (!credential) {
      throw new DomainError('unauthorized', 'invalid_credentials', 'The session or token is unknown, expired or revoked, or its account is inactive');
    }
    if (presented.via === 'cookie') this.refuseCrossSite(request);

    request.principal = {
      accountId: credential.accountId,
      person: credential.person,
      credential: { id: credential.tokenId, kind: credential.kind, name: credential.name, expiresAt: credential.expiresAt },
      subject: credential.subject,
    };

    const requirement = this.reflector.getAllAndOverride<PermissionRequirement | undefined>(PERMISSION_KEY, targets);
    if (!requirement) {
      if (this.reflector.getAllAndOverride<boolean>(SIGNED_IN_KEY, targets)) return true;
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} declares no permission: refused`);
      throw new DomainError('forbidden', 'permission_undeclared', 'This route declares no permission, so nobody may use it');
    }
    const target = await this.scopes.resolve(requirement.scope, request);
    request.accessTarget = target;
    const subject = request.principal.subject;
    const decision = this.policy.decide(subject, requirement.permission, target);
    const known = !target.named || this.policy.mayRead(subject, target);
    // What one may not see answers exactly as what does not exist, so that nobody learns which.
    if (target.lookedUp && !known && (!decision.allowed || target.conventionId === null)) throw notFoundHere();
    if (!decision.allowed) {
      const reason = known ? decision.reason : `${requirement.permission} is not among your roles for what this request names`;
      throw new DomainError('forbidden', 'forbidden', `Refused: ${reason}`, { permission: requirement.permission });
    }
    return true;
  }

  /**
   * A cookie rides along with requests other sites make the browser send. SameSite=Lax already
   * keeps it off cross-site POSTs; a changing request whose Origin is not ours is refused as well.
   */
  private refuseCrossSite(request: Request): void {
    if (SAFE_METHODS.has(request.method)) return;
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== this.publicOrigin) {
      throw new DomainError('forbidden', 'cross_site_request', 'A request authenticated by the session cookie must come from copil itself');
    }
  }
}

/** The one answer for an id that names nothing and for one the caller may not see. */
function notFoundHere(): DomainError {
  return new DomainError('not_found', 'not_found', 'Nothing with this id or reference, or nothing you may see');
}
