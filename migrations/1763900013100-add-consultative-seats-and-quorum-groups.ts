import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Members « avec voix consultative » sit but never count for the quorum; a quorum may be counted
 * over some groups of seats only (« le collège des élus »).
 */
export class AddConsultativeSeatsAndQuorumGroups1763900013100 implements MigrationInterface {
  name = 'AddConsultativeSeatsAndQuorumGroups1763900013100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "seats" ADD "consultative" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "committees" ADD "quorum_over_groups" text array`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "committees" DROP COLUMN "quorum_over_groups"`);
    await queryRunner.query(`ALTER TABLE "seats" DROP COLUMN "consultative"`);
  }
}
