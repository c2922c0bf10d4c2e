import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Memberships looked up by substitute (sign-in of a substitute, a person's deletion, the people a
 * convocation reaches) read the whole table without it; person_id has had its index from the start.
 */
export class IndexMembershipsBySubstitute1763900025300 implements MigrationInterface {
  name = 'IndexMembershipsBySubstitute1763900025300';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_memberships_substitute" ON "memberships" ("substitute_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_memberships_substitute"`);
  }
}
