import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * « Le conseil se réunit dans les quinze jours qui suivent la proclamation des résultats »: the
 * committee's sittings due after events, and the events recorded with their day.
 */
export class AddEventDeadlines1763900024700 implements MigrationInterface {
  name = 'AddEventDeadlines1763900024700';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "committees" ADD "event_deadlines" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(
      `CREATE TABLE "committee_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "committee_id" uuid NOT NULL REFERENCES "committees" ("id") ON DELETE CASCADE,
         "event" text NOT NULL, "occurred_on" date NOT NULL, "note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
         CONSTRAINT "PK_committee_events" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_committee_events_committee" ON "committee_events" ("committee_id", "event", "occurred_on")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "committee_events"`);
    await queryRunner.query(`ALTER TABLE "committees" DROP COLUMN "event_deadlines"`);
  }
}
