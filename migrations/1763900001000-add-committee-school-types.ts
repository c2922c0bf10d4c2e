import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A committee per school or per circonscription may count only some types of school ("pour chaque
 * école élémentaire"): the filter is kept so that a definition exported and imported again yields
 * the same committees.
 */
export class AddCommitteeSchoolTypes1763900001000 implements MigrationInterface {
  name = 'AddCommitteeSchoolTypes1763900001000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "committees" ADD "school_types" text array`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "committees" DROP COLUMN "school_types"`);
  }
}
