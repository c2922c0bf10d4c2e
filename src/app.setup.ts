import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createValidationPipe } from './common/validation';
import { verifyJsonBody, verifyTextBody } from './common/request-body';
import { YAML_CONTENT_TYPES } from './definitions/definition-validation';
import { definitionComponents } from './definitions/definition-openapi';
import { addAuthSchemes, applySecurity } from './auth';

/** What main.ts and the end-to-end tests both apply to the HTTP application. */
export function configureApp(app: INestApplication): INestApplication {
  applySecurity(app);
  app.useGlobalPipes(createValidationPipe());
  // Bodies are checked on their bytes before parsing (UTF-8, nesting): see request-body.ts. Nest's
  // option types leave out body-parser's `verify`, which it passes on all the same.
  const json = { limit: '100kb', verify: verifyJsonBody };
  (app as NestExpressApplication).useBodyParser('json', json);
  // Convention definitions may be sent as YAML: handed to the definitions service as text.
  const yaml = { type: YAML_CONTENT_TYPES, limit: '1mb', verify: verifyTextBody };
  (app as NestExpressApplication).useBodyParser('text', yaml);
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
  // The definition routes' body is the definition file's schema, kept inside the document so that it resolves.
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...definitionComponents() } };
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
