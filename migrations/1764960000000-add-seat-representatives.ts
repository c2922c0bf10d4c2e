import { MigrationInterface, QueryRunner } from 'typeorm';

/** Who the text allows to represent a seat's holder (« ou l'un de ses adjoints »), as its definition names them. */
export class AddSeatRepresentatives1764960000000 implements MigrationInterface {
  name = 'AddSeatRepresentatives1764960000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "seats" ADD "represented_by" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "seats" DROP COLUMN "represented_by"`);
  }
}
