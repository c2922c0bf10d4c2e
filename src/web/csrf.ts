import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Request, Response } from 'express';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { hashSecret, newSecret, readCookie, sameHash } from '../auth/credentials';
import { principalOf } from '../auth';

/** Name of the hidden field every form of the pages carries. */
export const CSRF_FIELD = '_csrf';
/** Before signing in, the token is a random value the browser also holds in this cookie. */
export const CSRF_COOKIE = 'copil_csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection of the pages' forms. Signed in, the token is a keyed hash of the session's id
 * (a synchronizer token nobody can compute without the server's secret, valid as long as the
 * session); before signing in (asking for a link, opening the session), a random value held both
 * in a cookie and in the form (double submit), which a foreign site can neither read nor set.
 * The AuthGuard also refuses a cookie request whose Origin is not copil's.
 */
@Injectable()
export class Csrf {
  private readonly secureCookie: boolean;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.secureCookie = config.publicBaseUrl.startsWith('https:');
  }

  /** The token the forms of this page carry; sets the cookie for an anonymous visitor who has none. */
  tokenFor(request: Request, response: Response): string {
    const principal = principalOf(request);
    if (principal) return this.sessionToken(principal.credential.id);
    const existing = readCookie(request.headers.cookie, CSRF_COOKIE);
    if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
    const fresh = newSecret();
    const parts = [`${CSRF_COOKIE}=${fresh}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
    if (this.secureCookie) parts.push('Secure');
    response.append('Set-Cookie', parts.join('; '));
    return fresh;
  }

  verify(request: Request): boolean {
    const sent = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (typeof sent !== 'string' || sent === '') return false;
    const principal = principalOf(request);
    const expected = principal ? this.sessionToken(principal.credential.id) : readCookie(request.headers.cookie, CSRF_COOKIE);
    return expected !== null && sameHash(sent, expected);
  }

  private sessionToken(credentialId: string): string {
    return hashSecret(this.config.auth.secret, `csrf:${credentialId}`);
  }
}

/** On the pages' controllers: a form posted without its token is refused (403 csrf_token_invalid). */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly csrf: Csrf) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(request.method)) return true;
    if (!this.csrf.verify(request)) {
      throw new DomainError('forbidden', 'csrf_token_invalid', 'The form was not sent from a page of copil, or the page is too old: reload it');
    }
    return true;
  }
}
