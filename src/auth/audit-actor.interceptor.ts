import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Request } from 'express';
import { Observable } from 'rxjs';
import { personActor, runAsActor, SYSTEM_ACTOR } from '../audit/audit-context';
import { principalOf } from './principal';

/**
 * Makes the signed-in person the author of every change the handler makes. Nest runs
 * next.handle() inside the async scope it was called from, so the actor follows every await
 * down to the audit subscriber.
 */
@Injectable()
export class AuditActorInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const principal = principalOf(context.switchToHttp().getRequest<Request>());
    const actor = principal ? personActor(principal.person) : SYSTEM_ACTOR;
    return runAsActor(actor, () => next.handle());
  }
}
