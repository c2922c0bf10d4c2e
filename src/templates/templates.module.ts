import { Module } from '@nestjs/common';
import { TemplateRenderer } from './template-renderer';

/** The one template renderer (templates/ read once): import this module wherever emails or pages are written. */
@Module({
  providers: [TemplateRenderer],
  exports: [TemplateRenderer],
})
export class TemplatesModule {}
