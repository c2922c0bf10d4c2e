import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, Optional, UseInterceptors } from '@nestjs/common';
import { Request, Response } from 'express';
import { from, lastValueFrom, map, Observable } from 'rxjs';
import { principalOf } from '../auth/principal';
import { ResponseCache } from '../database/response-cache';

/**
 * Keeps a GET route's JSON answer for the credential that asked, until a write commits or the
 * minute turns (ResponseCache); sends it again as it was: the same body and the headers the
 * handler set (X-Total-Count…). For routes whose answer depends only on the database, the
 * caller's rights, the URL and the time.
 */
@Injectable()
export class KeepResponseInterceptor implements NestInterceptor {
  // Absent where the module is loaded without serving HTTP (the worker): nothing is kept there.
  constructor(@Optional() @Inject(ResponseCache) private readonly cache: ResponseCache | null = null) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const principal = principalOf(request);
    if (!this.cache || request.method !== 'GET' || !principal) return next.handle();
    const cache = this.cache;
    const key = `api ${principal.credential.id} ${request.originalUrl}`;
    const kept = cache.remember(key, async () => {
      const before = new Set(response.getHeaderNames());
      const value: unknown = await lastValueFrom(next.handle(), { defaultValue: undefined });
      const headers = response
        .getHeaderNames()
        .filter((name) => !before.has(name))
        .map((name): [string, string] => [name, String(response.getHeader(name))]);
      return { status: response.statusCode, headers, body: JSON.stringify(value) ?? '' };
    });
    return from(kept).pipe(
      map((answer) => {
        for (const [name, value] of answer.headers) response.setHeader(name, value);
        response.type('application/json; charset=utf-8').setHeader('ETag', answer.etag);
        return answer.body;
      }),
    );
  }
}

/** On a GET route: its answer is kept while the data it was computed from stands (KeepResponseInterceptor). */
export const KeepResponse = (): MethodDecorator & ClassDecorator => UseInterceptors(KeepResponseInterceptor);
