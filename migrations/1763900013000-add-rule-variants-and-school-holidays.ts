import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rules beyond the five reference conventions: which sittings count (ordinary by default), a
 * quorum of « la majorité des membres », committees that do not meet during the school holidays of
 * their convention's zone, and the school holidays imported from the ministry's dataset.
 */
export class AddRuleVariantsAndSchoolHolidays1763900013000 implements MigrationInterface {
  name = 'AddRuleVariantsAndSchoolHolidays1763900013000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "school_holidays" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "zone" text NOT NULL, "school_year" text NOT NULL, "description" text NOT NULL, "first_day" date NOT NULL, "last_day" date NOT NULL, "source" text NOT NULL, "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_school_holidays_zone_year_first_day" UNIQUE ("zone", "school_year", "first_day"), CONSTRAINT "PK_457ec3ebf4a4e85aacc98b12c7a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`ALTER TABLE "conventions" ADD "school_zone" text`);
    await queryRunner.query(`ALTER TABLE "committees" ADD "meets_during_school_holidays" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "committees" ADD "frequency_counts" text NOT NULL DEFAULT 'ordinary'`);
    await queryRunner.query(`ALTER TABLE "committees" ADD "quorum_majority_of" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "committees" DROP COLUMN "quorum_majority_of"`);
    await queryRunner.query(`ALTER TABLE "committees" DROP COLUMN "frequency_counts"`);
    await queryRunner.query(`ALTER TABLE "committees" DROP COLUMN "meets_during_school_holidays"`);
    await queryRunner.query(`ALTER TABLE "conventions" DROP COLUMN "school_zone"`);
    await queryRunner.query(`DROP TABLE "school_holidays"`);
  }
}
