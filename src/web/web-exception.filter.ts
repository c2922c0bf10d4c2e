import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { DomainError } from '../common/domain-error';
import { redactSecrets } from '../auth';
import { clearedSessionCookie } from '../auth/credentials';
import { errorPageText } from './french-messages';
import { WebPage } from './web-page';
import { OUTAGE_RETRY_AFTER_SECONDS } from '../database/database-outage';

/**
 * How the pages answer a refusal: someone not signed in goes to the sign-in page (and comes back
 * after), a refusal or an unknown page gets a French page with its status, never JSON.
 */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebPages');

  constructor(private readonly page: WebPage) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    if (exception instanceof DomainError && exception.kind === 'unauthorized') {
      if (exception.code === 'invalid_credentials') response.setHeader('Set-Cookie', clearedSessionCookie(request.protocol === 'https'));
      const back = request.method === 'GET' ? `?retour=${encodeURIComponent(request.originalUrl)}` : '';
      response.redirect(303, `/connexion${back}`);
      return;
    }
    const text = errorPageText(exception);
    if (text.status === 503) response.setHeader('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
    if (text.status >= 500 && text.status !== 503) {
      this.logger.error(redactSecrets(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)));
    }
    this.page.send(request, response, 'error', { title: text.title, message: text.message }, { title: text.title, status: text.status });
  }
}
