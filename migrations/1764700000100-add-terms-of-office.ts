import { MigrationInterface, QueryRunner } from 'typeorm';

/** A committee's terms of office (« désignés pour trois ans, renouvelable une fois »), as its definition states them. */
export class AddTermsOfOffice1764700000100 implements MigrationInterface {
  name = 'AddTermsOfOffice1764700000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "committees" ADD "term_of_office" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "committees" DROP COLUMN "term_of_office"`);
  }
}
