import { MigrationInterface, QueryRunner } from 'typeorm';

/** Subscribable calendars: one row per secret feed URL (its keyed hash only), per owner account. */
export class CreateCalendarFeeds1763900019000 implements MigrationInterface {
  name = 'CreateCalendarFeeds1763900019000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "calendar_feeds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "account_id" uuid NOT NULL, "scope" text NOT NULL, "committee_id" uuid, "convention_id" uuid, "token_hash" text NOT NULL, "rotated_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_df53b5f17d35a6bac0fb13e16ad" UNIQUE ("token_hash"), CONSTRAINT "PK_045067d8bb57f971f3c5426ea71" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_calendar_feeds_account" ON "calendar_feeds"  ("account_id") `);
    await queryRunner.query(`ALTER TABLE "calendar_feeds" ADD CONSTRAINT "FK_fddb14aa3929589652072f3fce3" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "calendar_feeds" ADD CONSTRAINT "FK_7d36c5f7403a2f2f9280d8c9956" FOREIGN KEY ("committee_id") REFERENCES "committees"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "calendar_feeds" ADD CONSTRAINT "FK_1853adea86f02bbf341cedaec8d" FOREIGN KEY ("convention_id") REFERENCES "conventions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "calendar_feeds" DROP CONSTRAINT "FK_1853adea86f02bbf341cedaec8d"`);
    await queryRunner.query(`ALTER TABLE "calendar_feeds" DROP CONSTRAINT "FK_7d36c5f7403a2f2f9280d8c9956"`);
    await queryRunner.query(`ALTER TABLE "calendar_feeds" DROP CONSTRAINT "FK_fddb14aa3929589652072f3fce3"`);
    await queryRunner.query(`DROP INDEX "public"."ix_calendar_feeds_account"`);
    await queryRunner.query(`DROP TABLE "calendar_feeds"`);
  }
}
