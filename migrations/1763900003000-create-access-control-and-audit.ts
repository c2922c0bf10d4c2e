import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may do what: accounts of people, grants of roles within a scope, sessions and API tokens,
 * sign-in links. And the audit trail, append-only: a trigger refuses any UPDATE, DELETE or
 * TRUNCATE of it, whoever asks.
 */
export class CreateAccessControlAndAudit1763900003000 implements MigrationInterface {
  name = 'CreateAccessControlAndAudit1763900003000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "accounts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "active" boolean NOT NULL DEFAULT true, "last_sign_in_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_cecdd107ca499a5b3279f9f2cea" UNIQUE ("person_id"), CONSTRAINT "PK_5a7a02c20412299d198e097a8fe" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "grants" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "account_id" uuid NOT NULL, "role" text NOT NULL, "convention_id" uuid, "committee_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_grants_scope" CHECK (("role" = 'admin' AND "convention_id" IS NULL AND "committee_id" IS NULL) OR ("role" = 'secretariat' AND "committee_id" IS NULL) OR ("role" = 'convener' AND ("convention_id" IS NULL) <> ("committee_id" IS NULL))), CONSTRAINT "PK_a25f5f89eff8b3277f7969b7094" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_grants_account" ON "grants" ("account_id")`);
    // One grant per role and scope; NULLS NOT DISTINCT so that "admin" or "secretariat of everything" cannot be granted twice.
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_grants_account_role_scope" ON "grants" ("account_id", "role", "convention_id", "committee_id") NULLS NOT DISTINCT`);
    await queryRunner.query(`CREATE TABLE "access_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "account_id" uuid NOT NULL, "kind" text NOT NULL, "name" text, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_9bbf8c3c1a897742f78d50e729b" UNIQUE ("token_hash"), CONSTRAINT "PK_65140f59763ff994a0252488166" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_access_tokens_account" ON "access_tokens" ("account_id")`);
    await queryRunner.query(`CREATE TABLE "sign_in_links" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "account_id" uuid NOT NULL, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_7e056095bb858289789025d055c" UNIQUE ("token_hash"), CONSTRAINT "PK_2097ee1b62272fac6526b35398e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_sign_in_links_account" ON "sign_in_links" ("account_id")`);
    await queryRunner.query(`CREATE TABLE "audit_entries" ("id" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_kind" text NOT NULL, "actor_person_id" uuid, "actor_label" text NOT NULL, "entity_type" text NOT NULL, "entity_id" text, "action" text NOT NULL, "before" jsonb, "after" jsonb, "convention_id" uuid, "committee_id" uuid, "meeting_id" uuid, CONSTRAINT "PK_6b1623bcad4d04530b76548d619" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_audit_entries_meeting" ON "audit_entries" ("meeting_id", "id")`);
    await queryRunner.query(`CREATE INDEX "ix_audit_entries_committee" ON "audit_entries" ("committee_id", "id")`);
    await queryRunner.query(`CREATE INDEX "ix_audit_entries_convention" ON "audit_entries" ("convention_id", "id")`);
    await queryRunner.query(`ALTER TABLE "accounts" ADD CONSTRAINT "FK_cecdd107ca499a5b3279f9f2cea" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "grants" ADD CONSTRAINT "FK_0b5585cdd076f3ca6e855c392bf" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "grants" ADD CONSTRAINT "FK_9ea4da4d953f3251542150c030a" FOREIGN KEY ("convention_id") REFERENCES "conventions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "grants" ADD CONSTRAINT "FK_900f1cbe319fa19fec45ae31146" FOREIGN KEY ("committee_id") REFERENCES "committees"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "access_tokens" ADD CONSTRAINT "FK_d69d5e926afbdb5cca4ccea86a5" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "sign_in_links" ADD CONSTRAINT "FK_3307ff237864b31031cbe607234" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`
      CREATE FUNCTION "audit_entries_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit entries are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`CREATE TRIGGER "audit_entries_append_only" BEFORE UPDATE OR DELETE ON "audit_entries" FOR EACH ROW EXECUTE FUNCTION "audit_entries_refuse_change"()`);
    await queryRunner.query(`CREATE TRIGGER "audit_entries_no_truncate" BEFORE TRUNCATE ON "audit_entries" FOR EACH STATEMENT EXECUTE FUNCTION "audit_entries_refuse_change"()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_entries"`);
    await queryRunner.query(`DROP FUNCTION "audit_entries_refuse_change"()`);
    await queryRunner.query(`DROP TABLE "sign_in_links"`);
    await queryRunner.query(`DROP TABLE "access_tokens"`);
    await queryRunner.query(`DROP TABLE "grants"`);
    await queryRunner.query(`DROP TABLE "accounts"`);
  }
}
