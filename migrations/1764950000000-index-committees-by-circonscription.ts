import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The overview's filter form offers the circonscriptions of the committees a person sees: without
 * it, every page of « Suivi des comités » read the whole committees table (50,000 rows nationally)
 * to find the few that name one. Partial: most committees name none.
 */
export class IndexCommitteesByCirconscription1764950000000 implements MigrationInterface {
  name = 'IndexCommitteesByCirconscription1764950000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_committees_circonscription" ON "committees" ("convention_id", "circonscription") WHERE "circonscription" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_committees_circonscription"`);
  }
}
