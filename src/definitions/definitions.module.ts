import { Module } from '@nestjs/common';
import { DefinitionSchemaController, DefinitionsController } from './definitions.controller';
import { DefinitionsService } from './definitions.service';

/** Conventions as definition files: the single write path for conventions, their committees and seats. */
@Module({
  controllers: [DefinitionsController, DefinitionSchemaController],
  providers: [DefinitionsService],
  exports: [DefinitionsService],
})
export class DefinitionsModule {}
