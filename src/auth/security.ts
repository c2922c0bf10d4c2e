import { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder } from '@nestjs/swagger';
import helmet from 'helmet';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { SESSION_COOKIE, SESSION_COOKIE_SCHEME } from './credentials';

/**
 * HTTP hardening, applied once by configureApp (main.ts and the tests): security headers by
 * helmet, the client address behind proxies (rate limits count per address), no X-Powered-By.
 * The CSP keeps what the Swagger UI at /docs and the pages need and nothing more (images from this
 * server, and from the organization's logo's origin when it is elsewhere).
 */
export function applySecurity(app: INestApplication): INestApplication {
  const config = app.get<AppConfig>(APP_CONFIG);
  const express = app as NestExpressApplication;
  // The organization's logo may live on its own site (ORGANIZATION_LOGO_URL): that one origin may serve images.
  const logo = config.organization.logoUrl;
  const logoOrigin = logo && /^https?:/.test(logo) ? new URL(logo).origin : null;
  express.set('trust proxy', config.http.trustProxy);
  express.disable('x-powered-by');
  express.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', ...(logoOrigin ? [logoOrigin] : [])],
          'connect-src': ["'self'"],
          'frame-ancestors': ["'none'"],
          'form-action': ["'self'"],
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: config.publicBaseUrl.startsWith('https:') ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      crossOriginResourcePolicy: { policy: 'same-origin' },
    }),
  );
  return app;
}

/** The two ways to authenticate, as the OpenAPI document describes them: bearer token and session cookie. */
export function addAuthSchemes(builder: DocumentBuilder): DocumentBuilder {
  return builder
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A session token (copilsession_…) or an API token (copil_…)' })
    .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }, SESSION_COOKIE_SCHEME);
}
