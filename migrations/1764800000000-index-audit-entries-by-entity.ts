import { MigrationInterface, QueryRunner } from 'typeorm';

/** A person's page links to the trail of that person's row (name, address): read by entity, newest first. */
export class IndexAuditEntriesByEntity1764800000000 implements MigrationInterface {
  name = 'IndexAuditEntriesByEntity1764800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_audit_entries_entity" ON "audit_entries" ("entity_type", "entity_id", "id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_audit_entries_entity"`);
  }
}
