import { MigrationInterface, QueryRunner } from 'typeorm';

/** Meetings: agenda, attendance, guests, attached documents, and the reports of steering committees. */
export class CreateMeetings1763900000100 implements MigrationInterface {
  name = 'CreateMeetings1763900000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "agenda_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "position" integer NOT NULL, "title" text NOT NULL, "description" text, "presenter" text, "documents" jsonb NOT NULL DEFAULT '[]', CONSTRAINT "PK_7274c40301175b4b4b347820d0c" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "attendance" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "person_id" uuid NOT NULL, "membership_id" uuid, "guest" boolean NOT NULL DEFAULT false, "status" text NOT NULL, "substitute_person_id" uuid, "proxy_holder_person_id" uuid, CONSTRAINT "uq_attendance_meeting_person" UNIQUE ("meeting_id", "person_id"), CONSTRAINT "PK_ee0ffe42c1f1a01e72b725c0cb2" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "meetings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "committee_id" uuid NOT NULL, "kind" text NOT NULL DEFAULT 'ordinary', "state" text NOT NULL DEFAULT 'scheduled', "title" text, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "location" text, "video_url" text, "ical_uid" text NOT NULL, "ical_sequence" integer NOT NULL DEFAULT '0', "quorum_reached" boolean, "quorum_reasons" jsonb NOT NULL DEFAULT '[]', "held_recorded_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancellation_reason" text, "minutes" text, "decisions" jsonb NOT NULL DEFAULT '[]', "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_ed71d3fff45173dbf225af1ca15" UNIQUE ("ical_uid"), CONSTRAINT "PK_aa73be861afa77eb4ed31f3ed57" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_meetings_committee_start" ON "meetings"  ("committee_id", "starts_at")`);
    await queryRunner.query(`CREATE TABLE "meeting_documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "kind" text NOT NULL, "from_committee" text, "title" text NOT NULL, "url" text NOT NULL, "attached_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_87263cf3c23670926615b91ceb6" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "meeting_guests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "person_id" uuid NOT NULL, "reason" text, CONSTRAINT "uq_meeting_guests_meeting_person" UNIQUE ("meeting_id", "person_id"), CONSTRAINT "PK_2ecc3a5a3d1ddc461089cc73ad4" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "committee_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "committee_id" uuid NOT NULL, "kind" text NOT NULL, "period_key" text NOT NULL, "period_start" date NOT NULL, "period_end" date NOT NULL, "meeting_id" uuid, "title" text NOT NULL, "content" text NOT NULL, "document_url" text, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_committee_reports_period" UNIQUE ("committee_id", "kind", "period_key"), CONSTRAINT "PK_4954f3e65a9ca2b039c8298db9e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`ALTER TABLE "agenda_items" ADD CONSTRAINT "FK_c58f166b8bff4fd19c5353cd310" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "attendance" ADD CONSTRAINT "FK_fedd75244556b90cd6a92b7c149" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "attendance" ADD CONSTRAINT "FK_86687a3aa35d66a5613e23ddd65" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "attendance" ADD CONSTRAINT "FK_3827fdf31bf06b4acb7f9cb969c" FOREIGN KEY ("membership_id") REFERENCES "memberships"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meetings" ADD CONSTRAINT "FK_c5fa1d306cdc7ef7da4d72af6a3" FOREIGN KEY ("committee_id") REFERENCES "committees"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meeting_documents" ADD CONSTRAINT "FK_71ce465252b5177f3a8734a66de" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meeting_guests" ADD CONSTRAINT "FK_053276aa6b3f89761dd4c1f5eab" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "meeting_guests" ADD CONSTRAINT "FK_f4a6aa2a091e5d0247bb25ccf01" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "committee_reports" ADD CONSTRAINT "FK_e9026908c97bef638185c46f1ee" FOREIGN KEY ("committee_id") REFERENCES "committees"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "committee_reports" ADD CONSTRAINT "FK_64635bb9b2de1162cae60db9298" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "committee_reports" DROP CONSTRAINT "FK_64635bb9b2de1162cae60db9298"`);
    await queryRunner.query(`ALTER TABLE "committee_reports" DROP CONSTRAINT "FK_e9026908c97bef638185c46f1ee"`);
    await queryRunner.query(`ALTER TABLE "meeting_guests" DROP CONSTRAINT "FK_f4a6aa2a091e5d0247bb25ccf01"`);
    await queryRunner.query(`ALTER TABLE "meeting_guests" DROP CONSTRAINT "FK_053276aa6b3f89761dd4c1f5eab"`);
    await queryRunner.query(`ALTER TABLE "meeting_documents" DROP CONSTRAINT "FK_71ce465252b5177f3a8734a66de"`);
    await queryRunner.query(`ALTER TABLE "meetings" DROP CONSTRAINT "FK_c5fa1d306cdc7ef7da4d72af6a3"`);
    await queryRunner.query(`ALTER TABLE "attendance" DROP CONSTRAINT "FK_3827fdf31bf06b4acb7f9cb969c"`);
    await queryRunner.query(`ALTER TABLE "attendance" DROP CONSTRAINT "FK_86687a3aa35d66a5613e23ddd65"`);
    await queryRunner.query(`ALTER TABLE "attendance" DROP CONSTRAINT "FK_fedd75244556b90cd6a92b7c149"`);
    await queryRunner.query(`ALTER TABLE "agenda_items" DROP CONSTRAINT "FK_c58f166b8bff4fd19c5353cd310"`);
    await queryRunner.query(`DROP TABLE "committee_reports"`);
    await queryRunner.query(`DROP TABLE "meeting_guests"`);
    await queryRunner.query(`DROP TABLE "meeting_documents"`);
    await queryRunner.query(`DROP INDEX "public"."ix_meetings_committee_start"`);
    await queryRunner.query(`DROP TABLE "meetings"`);
    await queryRunner.query(`DROP TABLE "attendance"`);
    await queryRunner.query(`DROP TABLE "agenda_items"`);
  }
}
