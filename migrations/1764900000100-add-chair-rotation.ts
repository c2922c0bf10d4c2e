import { MigrationInterface, QueryRunner } from 'typeorm';

/** A committee's rotation of the chair (« présidé à tour de rôle, pour une année scolaire, par chacun des signataires »), as its definition states it. */
export class AddChairRotation1764900000100 implements MigrationInterface {
  name = 'AddChairRotation1764900000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "committees" ADD "chair_rotation" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "committees" DROP COLUMN "chair_rotation"`);
  }
}
