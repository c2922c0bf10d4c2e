import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Request } from 'express';
import { Subject, Target } from './access-policy';
import { AccessTokenKind } from './access-token.entity';

/** Who is asking, as the guard established it: their account, the credential used, their roles. */
export interface Principal {
  accountId: string;
  person: { id: string; fullName: string; email: string };
  credential: { id: string; kind: AccessTokenKind; name: string | null; expiresAt: Date };
  subject: Subject;
}

/** What the guard leaves on the request for handlers and the audit interceptor. */
export interface AuthenticatedRequest extends Request {
  principal?: Principal;
  /** The resolved scope of the handler's permission, when it declared one. */
  accessTarget?: Target;
}

export function principalOf(request: Request): Principal | undefined {
  return (request as AuthenticatedRequest).principal;
}

/** The signed-in principal, in a handler guarded by @Permission or @SignedIn. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = principalOf(context.switchToHttp().getRequest<Request>());
  if (!principal) throw new Error('CurrentPrincipal used on a route that is not signed in: mark it @Permission or @SignedIn');
  return principal;
});
