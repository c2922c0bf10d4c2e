import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Inject, Logger, NotFoundException, Optional } from '@nestjs/common';
import { Request, Response } from 'express';
import { QueryFailedError, EntityNotFoundError } from 'typeorm';
import { DomainError, DomainErrorKind } from './domain-error';
import type { ErrorCode } from './error-codes';
import { redactSecrets } from '../auth/credentials';
import { isServiceOutage, OUTAGE_RETRY_AFTER_SECONDS } from '../database/database-outage';
import { allowedMethods, isRouteNotFound } from './method-not-allowed';

const STATUS: Record<DomainErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthorized: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  rule: HttpStatus.UNPROCESSABLE_ENTITY,
  too_many: HttpStatus.TOO_MANY_REQUESTS,
};

/** Codes of the refusals Nest and Express make themselves (routing, body parsing, throttling). */
const HTTP_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  503: 'service_unavailable',
};

/**
 * The pages' own way of answering an error (the web module's WebExceptionFilter): a browser that
 * asks for an address no route answers gets the French « Page introuvable », not the API's JSON.
 */
export const BROWSER_ERROR_PAGE = Symbol('BROWSER_ERROR_PAGE');
export type BrowserErrorPage = ExceptionFilter;

/** A browser reading a page: GET or HEAD, HTML preferred to JSON (an API client or curl prefers JSON or anything). */
function wantsPage(request: Request): boolean {
  return (request.method === 'GET' || request.method === 'HEAD') && request.accepts(['application/json', 'text/html']) === 'text/html';
}

interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  [detail: string]: unknown;
}

/** The one place where errors become HTTP answers. Anything unexpected is logged and answered 500. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  constructor(@Optional() @Inject(BROWSER_ERROR_PAGE) private readonly pages?: BrowserErrorPage) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const noRoute = exception instanceof NotFoundException && isRouteNotFound(exception.message, request);
    const allowed = noRoute ? allowedMethods(request) : [];
    if (allowed.length > 0 && !response.headersSent) {
      response.setHeader('Allow', allowed.join(', '));
      response.status(405).json({ statusCode: 405, code: 'method_not_allowed', message: `${request.method} is not allowed here; allowed: ${allowed.join(', ')}` });
      return;
    }
    if (noRoute && this.pages && wantsPage(request)) {
      this.pages.catch(new DomainError('not_found', 'not_found', `No page at ${request.path}`), host);
      return;
    }
    const body = this.toBody(exception);
    if (body.statusCode === 503 && !response.headersSent) response.setHeader('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
    if (body.statusCode === 503) {
      // An outage is not a bug: one line, not a stack per refused request.
      this.logger.warn(`Service unavailable: ${redactSecrets(exception instanceof Error ? exception.message : String(exception))}`);
    } else if (body.statusCode >= 500) {
      // A stack or driver message may quote a request's token or link: never log one.
      this.logger.error(redactSecrets(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)));
    }
    if (response.headersSent) return;
    // A route that answers a file (.eml, .csv, a schema) set its own type and disposition before
    // failing: the error is JSON all the same, shown rather than saved.
    response.removeHeader('Content-Disposition');
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    // A refusal made while the body was read (request-body.ts) reaches here wrapped by Nest's adapter.
    if (exception instanceof HttpException && exception.cause instanceof DomainError) return this.toBody(exception.cause);
    if (exception instanceof DomainError) {
      return { statusCode: STATUS[exception.kind], code: exception.code, message: exception.message, ...exception.details };
    }
    // Before the driver's codes below: a connection lost mid-statement is also a QueryFailedError.
    if (isServiceOutage(exception)) {
      return { statusCode: 503, code: 'service_unavailable', message: 'The database or the queue does not answer; retry after the Retry-After delay' };
    }
    if (exception instanceof EntityNotFoundError) {
      return { statusCode: 404, code: 'not_found', message: 'The requested resource does not exist' };
    }
    if (exception instanceof QueryFailedError) {
      const driverError = (exception as QueryFailedError & { driverError?: { code?: string; detail?: string; constraint?: string } }).driverError;
      switch (driverError?.code) {
        case '23505':
          return { statusCode: 409, code: 'already_exists', message: `Already exists: ${driverError.detail ?? driverError.constraint ?? 'unique constraint'}` };
        case '23503':
          return { statusCode: 409, code: 'still_referenced', message: `Still referenced or missing reference: ${driverError.detail ?? driverError.constraint ?? 'foreign key'}` };
        case '22P02':
        case '22021':
        case '22008':
          // Invalid text representation, a NUL byte in text, a date out of range: bad input that
          // a DTO let through; the client's fault, not ours.
          return { statusCode: 400, code: 'validation_failed', message: 'A value has an invalid format', fields: [] };
      }
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      const message = typeof payload === 'string' ? payload : ((payload as { message?: unknown }).message ?? exception.message);
      if (status === 400 && /JSON|Unexpected token/i.test(String(message))) {
        return { statusCode: 400, code: 'malformed_body', message: 'The request body is not valid JSON' };
      }
      return { statusCode: status, code: HTTP_CODES[status] ?? (status >= 500 ? 'internal_error' : 'bad_request'), message: Array.isArray(message) ? message.join('; ') : String(message) };
    }
    return { statusCode: 500, code: 'internal_error', message: 'Internal error' };
  }
}
