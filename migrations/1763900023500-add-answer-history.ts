import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every answer and every reset of a convocation, kept when a change of time asks everyone again. */
export class AddAnswerHistory1763900023500 implements MigrationInterface {
  name = 'AddAnswerHistory1763900023500';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "answer_history" ("id" BIGSERIAL NOT NULL, "convocation_id" uuid NOT NULL, "answer" text NOT NULL, "event" text NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ical_sequence" integer, "comment" text, CONSTRAINT "PK_answer_history" PRIMARY KEY ("id"), CONSTRAINT "ck_answer_history_event" CHECK ("event" IN ('link', 'calendar', 'meeting_moved')))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_answer_history_convocation" ON "answer_history" ("convocation_id") `);
    await queryRunner.query(
      `ALTER TABLE "answer_history" ADD CONSTRAINT "FK_c776ae095586ad4da9caa8c2c05" FOREIGN KEY ("convocation_id") REFERENCES "convocations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // The answers recorded so far are the first entries of their history.
    await queryRunner.query(
      `INSERT INTO "answer_history" ("convocation_id", "answer", "event", "recorded_at", "ical_sequence", "comment")
       SELECT "id", "answer", "answer_source", "answered_at", "answer_sequence", "answer_comment" FROM "convocations"
        WHERE "answered_at" IS NOT NULL AND "answer_source" IS NOT NULL ORDER BY "answered_at"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "answer_history"`);
  }
}
