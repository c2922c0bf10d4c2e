import { MigrationInterface, QueryRunner } from 'typeorm';

/** A meeting's agenda is read by meeting: without this index every read scanned every agenda item. */
export class IndexAgendaItemsByMeeting1763900021000 implements MigrationInterface {
  name = 'IndexAgendaItemsByMeeting1763900021000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_agenda_items_meeting" ON "agenda_items" ("meeting_id", "position") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_agenda_items_meeting"`);
  }
}
