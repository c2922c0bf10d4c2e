import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * « Le compte rendu est établi dans les quinze jours qui suivent la séance … réputé approuvé si
 * aucune observation n'est formulée »: the committee's minutes rule, and when each sitting's
 * minutes were written, sent for approval, approved or objected to.
 */
export class AddMinutesRule1763900024600 implements MigrationInterface {
  name = 'AddMinutesRule1763900024600';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "committees" ADD "minutes_rule" jsonb`);
    await queryRunner.query(
      `ALTER TABLE "meetings" ADD "minutes_written_at" TIMESTAMP WITH TIME ZONE, ADD "minutes_submitted_at" TIMESTAMP WITH TIME ZONE,
         ADD "minutes_approved_at" TIMESTAMP WITH TIME ZONE, ADD "minutes_objected_at" TIMESTAMP WITH TIME ZONE, ADD "minutes_objection" text`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "meetings" DROP COLUMN "minutes_objection", DROP COLUMN "minutes_objected_at", DROP COLUMN "minutes_approved_at",
         DROP COLUMN "minutes_submitted_at", DROP COLUMN "minutes_written_at"`,
    );
    await queryRunner.query(`ALTER TABLE "committees" DROP COLUMN "minutes_rule"`);
  }
}
