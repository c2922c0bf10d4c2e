import { MigrationInterface, QueryRunner } from 'typeorm';

/** « En cas d'urgence, ce délai peut être ramené à N jours »: the committee's shorter notice, and the reason a meeting is urgent. */
export class AddUrgentNotice1763900020000 implements MigrationInterface {
  name = 'AddUrgentNotice1763900020000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "committees" ADD "notice_urgent_days" integer`);
    await queryRunner.query(`ALTER TABLE "meetings" ADD "urgency_reason" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meetings" DROP COLUMN "urgency_reason"`);
    await queryRunner.query(`ALTER TABLE "committees" DROP COLUMN "notice_urgent_days"`);
  }
}
