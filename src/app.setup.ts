import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createValidationPipe } from './common/validation';
import { YAML_CONTENT_TYPES } from './definitions/definition-validation';
import { addAuthSchemes, applySecurity } from './auth';

/** What main.ts and the end-to-end tests both apply to the HTTP application. */
export function configureApp(app: INestApplication): INestApplication {
  applySecurity(app);
  app.useGlobalPipes(createValidationPipe());
  // Convention definitions may be sent as YAML: handed to the definitions service as text.
  (app as NestExpressApplication).useBodyParser('text', { type: YAML_CONTENT_TYPES, limit: '1mb' });
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    addAuthSchemes(new DocumentBuilder())
      .setTitle('copil')
      .setDescription(
        'Committees of French education partnership conventions: registry, meetings under the conventions\' rules, convocations.',
      )
      .setVersion('0.1.0')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
