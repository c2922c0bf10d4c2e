import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { definitionFromBody, validateDefinition } from './definition-validation';
import { planDefinition } from './definition-plan';
import { DefinitionImport } from './definition-import';
import { exportDefinition } from './definition-export';
import { ImportResult } from './import-report';

export interface ImportRequest {
  /** The reference the caller expects (PUT /conventions/:reference/definition). */
  reference?: string;
  /** Refuse when the convention exists (POST /conventions). */
  createOnly?: boolean;
  /** The conventions whoever imports manages (default: all, as on the command line). */
  manages?: 'all' | readonly string[];
  /** Work out and report everything the import would do, then write nothing. */
  dryRun?: boolean;
  /** Carry out the removals the definition implies; without it, an import that would remove rows is refused. */
  confirmRemovals?: boolean;
}

/** Thrown inside a dry run's transaction so that it rolls back. */
const ROLLBACK = Symbol('dry run');

/**
 * The one way conventions are written: a whole definition at a time, validated first, then
 * applied in one transaction — a definition with any fault changes nothing.
 */
@Injectable()
export class DefinitionsService {
  constructor(private readonly dataSource: DataSource) {}

  /** `input` is the text of a file (YAML or JSON) or data already parsed from JSON. */
  async importDefinition(input: unknown, request: ImportRequest = {}): Promise<ImportResult> {
    const definition = validateDefinition(definitionFromBody(input));
    if (request.reference !== undefined && definition.reference !== request.reference) {
      throw DomainError.invalid(
        [{ path: 'reference', code: 'inconsistent', message: `must be ${request.reference}, the reference in the URL, got ${definition.reference}` }],
        'The definition is for another convention',
      );
    }
    const plan = planDefinition(definition);
    const options = {
      createOnly: request.createOnly,
      manages: request.manages,
      // A preview lists the removals instead of refusing them.
      confirmRemovals: request.confirmRemovals === true || request.dryRun === true,
    };
    if (!request.dryRun) return this.dataSource.transaction((manager) => new DefinitionImport(manager).run(plan, options));
    let preview: ImportResult | null = null;
    try {
      await this.dataSource.transaction(async (manager) => {
        preview = await new DefinitionImport(manager).run(plan, options);
        throw ROLLBACK;
      });
    } catch (error) {
      if (error !== ROLLBACK) throw error;
    }
    return { ...preview!, dryRun: true };
  }

  /** The current definition of a convention, as plain data ready for JSON or YAML. */
  async exportDefinition(reference: string): Promise<Record<string, unknown>> {
    return exportDefinition(this.dataSource.manager, reference);
  }
}
