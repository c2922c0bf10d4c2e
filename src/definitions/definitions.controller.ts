import { Body, Controller, Get, Header, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { stringify } from 'yaml';
import { DefinitionsService } from './definitions.service';
import { ImportResult } from './import-report';
import { ImportQuery } from './dto/import.query';
import { conventionDefinitionSchema } from './definition-schema';
import { DEFINITION_COMPONENT } from './definition-openapi';
import { YAML_CONTENT_TYPES } from './definition-validation';
import { AccessPolicy, CurrentPrincipal, Permission, Principal, SignedIn } from '../auth';

const DEFINITION_SCHEMA = { $ref: `#/components/schemas/${DEFINITION_COMPONENT}` };
const DEFINITION_BODY = {
  description: 'A convention definition, in JSON or YAML. Its JSON Schema is served at /schemas/convention-definition.json.',
  schema: DEFINITION_SCHEMA,
};
const INVALID = {
  description: 'code validation_failed with fields [{path, code, message}], every fault at once; code malformed_definition with line and column for a YAML syntax error',
};
const REMOVALS = {
  description:
    'code removals_need_confirmation, with removals [{kind, key, id, source?, person?}]: the definition no longer lists rows of this convention; ' +
    'preview with dryRun=true, import with confirmRemovals=true to remove them',
};
const REFERENCE = { name: 'reference', description: 'The convention\'s reference, e.g. guyane-remire-montjoly-2015' };

/** Conventions are written as whole definitions: create, replace, import, and read back. */
@ApiTags('conventions')
@Controller('conventions')
export class DefinitionsController {
  constructor(
    private readonly definitions: DefinitionsService,
    private readonly policy: AccessPolicy,
  ) {}

  @Permission('convention.manage', { conventionReference: 'body:reference' })
  @Post()
  @ApiOperation({ summary: 'Create a convention from its definition' })
  @ApiConsumes('application/json', ...YAML_CONTENT_TYPES)
  @ApiBody(DEFINITION_BODY)
  @ApiCreatedResponse({ type: ImportResult, description: 'The convention id and, per kind of row, what was created' })
  @ApiBadRequestResponse(INVALID)
  @ApiOkResponse({ type: ImportResult, description: 'dryRun=true: what the import would create; nothing written' })
  @ApiConflictResponse({ description: 'code convention_exists: a convention has this reference' })
  async create(
    @Body() body: unknown,
    @Query() query: ImportQuery,
    @Res({ passthrough: true }) response: Response,
    @CurrentPrincipal() who: Principal,
  ): Promise<ImportResult> {
    const result = await this.definitions.importDefinition(body, { createOnly: true, ...this.importOptions(query, who) });
    response.status(result.dryRun ? 200 : 201);
    return result;
  }

  @Permission('convention.manage', { conventionReference: 'body:reference' })
  @Post('import')
  @ApiOperation({ summary: 'Create or replace the convention a definition names', description: 'Idempotent: importing the same definition twice changes nothing.' })
  @ApiConsumes(...YAML_CONTENT_TYPES, 'application/json')
  @ApiBody(DEFINITION_BODY)
  @ApiCreatedResponse({ type: ImportResult, description: 'The convention did not exist' })
  @ApiOkResponse({ type: ImportResult, description: 'The convention existed (the report says what changed), or dryRun=true' })
  @ApiBadRequestResponse(INVALID)
  @ApiConflictResponse(REMOVALS)
  async import(
    @Body() body: unknown,
    @Query() query: ImportQuery,
    @Res({ passthrough: true }) response: Response,
    @CurrentPrincipal() who: Principal,
  ): Promise<ImportResult> {
    const result = await this.definitions.importDefinition(body, this.importOptions(query, who));
    response.status(result.created && !result.dryRun ? 201 : 200);
    return result;
  }

  @Permission('convention.manage', { conventionReference: 'param:reference' })
  @Put(':reference/definition')
  @ApiOperation({
    summary: 'Create or replace a convention from its definition',
    description:
      'Idempotent. Parties, committees, seats, amendments, covered schools and memberships from a definition that it no longer lists are removed only with confirmRemovals=true; memberships entered through the API are kept.',
  })
  @ApiParam(REFERENCE)
  @ApiConsumes('application/json', ...YAML_CONTENT_TYPES)
  @ApiBody(DEFINITION_BODY)
  @ApiCreatedResponse({ type: ImportResult, description: 'The convention did not exist' })
  @ApiOkResponse({ type: ImportResult, description: 'The convention existed (the report says what changed), or dryRun=true' })
  @ApiBadRequestResponse({ description: `${INVALID.description}; the reference of the body differs from the URL's` })
  @ApiConflictResponse(REMOVALS)
  async replace(
    @Param('reference') reference: string,
    @Body() body: unknown,
    @Query() query: ImportQuery,
    @Res({ passthrough: true }) response: Response,
    @CurrentPrincipal() who: Principal,
  ): Promise<ImportResult> {
    const result = await this.definitions.importDefinition(body, { reference, ...this.importOptions(query, who) });
    response.status(result.created && !result.dryRun ? 201 : 200);
    return result;
  }

  private importOptions(query: ImportQuery, who: Principal) {
    return {
      manages: this.policy.managedConventions(who.subject),
      dryRun: query.dryRun === 'true',
      confirmRemovals: query.confirmRemovals === 'true',
    };
  }

  @Permission('registry.read', { conventionReference: 'param:reference' })
  @Get(':reference/definition')
  @ApiOperation({ summary: 'The current definition of a convention', description: 'JSON, or YAML when Accept asks for application/yaml or text/yaml. Importing it again changes nothing.' })
  @ApiParam(REFERENCE)
  @ApiProduces('application/json', 'application/yaml')
  @ApiOkResponse({ schema: DEFINITION_SCHEMA })
  @ApiNotFoundResponse({ description: 'code convention_not_found' })
  async definition(@Param('reference') reference: string, @Res({ passthrough: true }) response: Response): Promise<Record<string, unknown> | string> {
    const definition = await this.definitions.exportDefinition(reference);
    const preferred = response.req.accepts(['application/json', ...YAML_CONTENT_TYPES]);
    if (typeof preferred !== 'string' || !YAML_CONTENT_TYPES.includes(preferred)) return definition;
    response.type('application/yaml; charset=utf-8');
    return stringify(definition, { lineWidth: 0 });
  }
}

@ApiTags('conventions')
@Controller('schemas')
export class DefinitionSchemaController {
  @SignedIn()
  @Get('convention-definition.json')
  @Header('Content-Type', 'application/schema+json; charset=utf-8')
  @ApiOperation({ summary: 'The JSON Schema of convention definition files' })
  @ApiOkResponse({ description: 'A JSON Schema (draft-07)', schema: { type: 'object', additionalProperties: true } })
  schema(): Record<string, unknown> {
    return conventionDefinitionSchema();
  }
}
