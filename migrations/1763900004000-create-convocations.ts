import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Convocations: one row per person convened to a meeting, with their answer; the outbox of every
 * email copil decides to send, and each attempt at handing one to the mail server; on meetings,
 * when and by whom they were convened.
 */
export class CreateConvocations1763900004000 implements MigrationInterface {
  name = 'CreateConvocations1763900004000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "convocations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "person_id" uuid NOT NULL, "membership_id" uuid, "role" text NOT NULL, "stands_in_for_id" uuid, "email" text NOT NULL, "full_name" text NOT NULL, "answer" text NOT NULL DEFAULT 'needs_action', "answered_at" TIMESTAMP WITH TIME ZONE, "answer_source" text, "answer_sequence" integer, "answer_stamped_at" TIMESTAMP WITH TIME ZONE, "answer_comment" text, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_convocations_meeting_person" UNIQUE ("meeting_id", "person_id"), CONSTRAINT "PK_db8a9dc9c0a8f667a01073f5b75" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_convocations_person" ON "convocations"  ("person_id")`);
    await queryRunner.query(`CREATE TABLE "outbound_messages" ("id" uuid NOT NULL, "kind" text NOT NULL, "meeting_id" uuid, "convocation_id" uuid, "recipient_email" text NOT NULL, "recipient_name" text NOT NULL, "ical_sequence" integer, "payload" jsonb NOT NULL DEFAULT '{}', "send_after" TIMESTAMP WITH TIME ZONE NOT NULL, "state" text NOT NULL DEFAULT 'pending', "message_id" text NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "accepted_at" TIMESTAMP WITH TIME ZONE, "server_response" text, "last_error" text, "dedupe_key" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_896d985379313ce2c47d167a798" UNIQUE ("message_id"), CONSTRAINT "UQ_5210b42b2335951a620c677538e" UNIQUE ("dedupe_key"), CONSTRAINT "PK_0a03db3e2f04f9f33e6daa597ff" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_outbound_messages_meeting" ON "outbound_messages"  ("meeting_id")`);
    await queryRunner.query(`CREATE INDEX "ix_outbound_messages_convocation" ON "outbound_messages"  ("convocation_id")`);
    await queryRunner.query(`CREATE INDEX "ix_outbound_messages_due" ON "outbound_messages"  ("state", "send_after")`);
    await queryRunner.query(`CREATE TABLE "delivery_attempts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "outbound_message_id" uuid NOT NULL, "attempted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "outcome" text NOT NULL, "smtp_code" integer, "response" text, "message_id" text NOT NULL, CONSTRAINT "PK_41eba4eb5401d72860f7cd9a7ac" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_delivery_attempts_message" ON "delivery_attempts"  ("outbound_message_id", "attempted_at")`);
    await queryRunner.query(`ALTER TABLE "meetings" ADD "convened_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "meetings" ADD "convened_by_person_id" uuid`);
    await queryRunner.query(`ALTER TABLE "meetings" ADD "convener_party_id" uuid`);
    await queryRunner.query(`ALTER TABLE "convocations" ADD CONSTRAINT "FK_419dbc7f3b5286dbe2235414919" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "convocations" ADD CONSTRAINT "FK_eabd10bb17f989c10a373c512fe" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "convocations" ADD CONSTRAINT "FK_a93fe9e7887e4cc8b8510ec0a23" FOREIGN KEY ("membership_id") REFERENCES "memberships"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "convocations" ADD CONSTRAINT "FK_07590dc276851cfeca34809353b" FOREIGN KEY ("stands_in_for_id") REFERENCES "convocations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "outbound_messages" ADD CONSTRAINT "FK_a069dc2e6d01f4f3e3a822883ec" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "outbound_messages" ADD CONSTRAINT "FK_aa58f22e82c1f327a5ae2e25da2" FOREIGN KEY ("convocation_id") REFERENCES "convocations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "delivery_attempts" ADD CONSTRAINT "FK_be15da5b57410671a5777165b7b" FOREIGN KEY ("outbound_message_id") REFERENCES "outbound_messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "delivery_attempts" DROP CONSTRAINT "FK_be15da5b57410671a5777165b7b"`);
    await queryRunner.query(`ALTER TABLE "outbound_messages" DROP CONSTRAINT "FK_aa58f22e82c1f327a5ae2e25da2"`);
    await queryRunner.query(`ALTER TABLE "outbound_messages" DROP CONSTRAINT "FK_a069dc2e6d01f4f3e3a822883ec"`);
    await queryRunner.query(`ALTER TABLE "convocations" DROP CONSTRAINT "FK_07590dc276851cfeca34809353b"`);
    await queryRunner.query(`ALTER TABLE "convocations" DROP CONSTRAINT "FK_a93fe9e7887e4cc8b8510ec0a23"`);
    await queryRunner.query(`ALTER TABLE "convocations" DROP CONSTRAINT "FK_eabd10bb17f989c10a373c512fe"`);
    await queryRunner.query(`ALTER TABLE "convocations" DROP CONSTRAINT "FK_419dbc7f3b5286dbe2235414919"`);
    await queryRunner.query(`ALTER TABLE "meetings" DROP COLUMN "convener_party_id"`);
    await queryRunner.query(`ALTER TABLE "meetings" DROP COLUMN "convened_by_person_id"`);
    await queryRunner.query(`ALTER TABLE "meetings" DROP COLUMN "convened_at"`);
    await queryRunner.query(`DROP INDEX "public"."ix_delivery_attempts_message"`);
    await queryRunner.query(`DROP TABLE "delivery_attempts"`);
    await queryRunner.query(`DROP INDEX "public"."ix_outbound_messages_due"`);
    await queryRunner.query(`DROP INDEX "public"."ix_outbound_messages_convocation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_outbound_messages_meeting"`);
    await queryRunner.query(`DROP TABLE "outbound_messages"`);
    await queryRunner.query(`DROP INDEX "public"."ix_convocations_person"`);
    await queryRunner.query(`DROP TABLE "convocations"`);
  }
}
