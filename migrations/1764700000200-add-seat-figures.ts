import { MigrationInterface, QueryRunner } from 'typeorm';

/** Seats whose number follows a figure of the school or of the convention (« autant que de classes »). */
export class AddSeatFigures1764700000200 implements MigrationInterface {
  name = 'AddSeatFigures1764700000200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "conventions" ADD "figures" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "schools" ADD "figures" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "seats" ADD "count_follows" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "seats" DROP COLUMN "count_follows"`);
    await queryRunner.query(`ALTER TABLE "schools" DROP COLUMN "figures"`);
    await queryRunner.query(`ALTER TABLE "conventions" DROP COLUMN "figures"`);
  }
}
