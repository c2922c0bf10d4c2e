import { MigrationInterface, QueryRunner } from 'typeorm';

/** Conventions belong to an académie and a département; grants may be scoped to either. */
export class AddAcademieScope1763900022000 implements MigrationInterface {
  name = 'AddAcademieScope1763900022000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "conventions" ADD "academie" text`);
    await queryRunner.query(`ALTER TABLE "conventions" ADD "departement" text`);
    await queryRunner.query(`CREATE INDEX "ix_conventions_academie" ON "conventions" ("academie") `);
    await queryRunner.query(`CREATE INDEX "ix_conventions_departement" ON "conventions" ("departement") `);
    await queryRunner.query(`ALTER TABLE "grants" ADD "academie" text`);
    await queryRunner.query(`ALTER TABLE "grants" ADD "departement" text`);
    await queryRunner.query(`ALTER TABLE "grants" DROP CONSTRAINT "ck_grants_scope"`);
    await queryRunner.query(
      `ALTER TABLE "grants" ADD CONSTRAINT "ck_grants_scope" CHECK (("role" = 'admin' AND num_nonnulls("convention_id", "committee_id", "academie", "departement") = 0)` +
        ` OR ("role" = 'secretariat' AND "committee_id" IS NULL AND num_nonnulls("convention_id", "academie", "departement") <= 1)` +
        ` OR ("role" = 'convener' AND num_nonnulls("convention_id", "committee_id", "academie", "departement") = 1))`,
    );
    await queryRunner.query(`DROP INDEX "public"."uq_grants_account_role_scope"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_grants_account_role_scope" ON "grants" ("account_id", "role", "convention_id", "committee_id", "academie", "departement") NULLS NOT DISTINCT`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "grants" WHERE "academie" IS NOT NULL OR "departement" IS NOT NULL`);
    await queryRunner.query(`DROP INDEX "public"."uq_grants_account_role_scope"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_grants_account_role_scope" ON "grants" ("account_id", "role", "convention_id", "committee_id") NULLS NOT DISTINCT`);
    await queryRunner.query(`ALTER TABLE "grants" DROP CONSTRAINT "ck_grants_scope"`);
    await queryRunner.query(
      `ALTER TABLE "grants" ADD CONSTRAINT "ck_grants_scope" CHECK (("role" = 'admin' AND "convention_id" IS NULL AND "committee_id" IS NULL) OR ("role" = 'secretariat' AND "committee_id" IS NULL) OR ("role" = 'convener' AND ("convention_id" IS NULL) <> ("committee_id" IS NULL)))`,
    );
    await queryRunner.query(`ALTER TABLE "grants" DROP COLUMN "departement"`);
    await queryRunner.query(`ALTER TABLE "grants" DROP COLUMN "academie"`);
    await queryRunner.query(`DROP INDEX "public"."ix_conventions_departement"`);
    await queryRunner.query(`DROP INDEX "public"."ix_conventions_academie"`);
    await queryRunner.query(`ALTER TABLE "conventions" DROP COLUMN "departement"`);
    await queryRunner.query(`ALTER TABLE "conventions" DROP COLUMN "academie"`);
  }
}
