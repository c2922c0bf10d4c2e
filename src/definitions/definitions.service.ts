import { Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { MembershipChangeListener } from '../convocations/membership-change.listener';
import type { DueMessage } from '../queue/outbox-queue';
import { definitionFromBody, validateDefinition } from './definition-validation';
import { DefinitionPlan, planDefinition } from './definition-plan';
import { DefinitionImport, ImportOptions } from './definition-import';
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
  constructor(
    private readonly dataSource: DataSource,
    // Convenes those a definition seats after a meeting was convened, withdraws those it unseats; absent where convocations are not loaded.
    @Optional() private readonly convocations?: MembershipChangeListener,
  ) {}

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
    if (!request.dryRun) return this.apply(plan, options);
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

  /**
   * Imports for good. The convocations the membership changes call for are written in the import's
   * transaction, as for a change through the API, and handed to the queue once it commits.
   */
  private async apply(plan: DefinitionPlan, options: ImportOptions): Promise<ImportResult> {
    const messages: DueMessage[] = [];
    const result = await this.dataSource.transaction(async (manager) => {
      const definitionImport = new DefinitionImport(manager);
      const imported = await definitionImport.run(plan, options);
      if (this.convocations) {
        for (const committeeId of definitionImport.committeesWithMembershipChanges) {
          messages.push(...(await this.convocations.onMembershipsChanged(committeeId, manager)));
        }
      }
      return imported;
    });
    await this.convocations?.afterCommit(messages);
    return result;
  }

  /** The current definition of a convention, as plain data ready for JSON or YAML. */
  async exportDefinition(reference: string): Promise<Record<string, unknown>> {
    return exportDefinition(this.dataSource.manager, reference);
  }
}
