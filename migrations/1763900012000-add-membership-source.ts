import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a membership came from a definition file or was entered through the API: a definition
 * imported again keeps the memberships entered since through the API, which it does not list.
 * Rows that exist already count as coming from their definition, so that a file that no longer
 * lists them asks before removing them rather than keeping them silently.
 */
export class AddMembershipSource1763900012000 implements MigrationInterface {
  name = 'AddMembershipSource1763900012000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "memberships" ADD "source" text NOT NULL DEFAULT 'definition'`);
    await queryRunner.query(`ALTER TABLE "memberships" ALTER COLUMN "source" SET DEFAULT 'api'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "memberships" DROP COLUMN "source"`);
  }
}
