import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * « Si le quorum n'est pas atteint, une nouvelle réunion se tient dans un délai de huit à quinze
 * jours »: the committee's rule for a second sitting, and the link from a second sitting to the
 * sitting that lacked its quorum (one second sitting per failed sitting).
 */
export class AddReconvening1763900024500 implements MigrationInterface {
  name = 'AddReconvening1763900024500';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "committees" ADD "reconvening" jsonb`);
    await queryRunner.query(`ALTER TABLE "meetings" ADD "reconvenes_meeting_id" uuid REFERENCES "meetings" ("id")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_meetings_reconvenes" ON "meetings" ("reconvenes_meeting_id") WHERE "reconvenes_meeting_id" IS NOT NULL AND "state" <> 'cancelled'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_meetings_reconvenes"`);
    await queryRunner.query(`ALTER TABLE "meetings" DROP COLUMN "reconvenes_meeting_id"`);
    await queryRunner.query(`ALTER TABLE "committees" DROP COLUMN "reconvening"`);
  }
}
