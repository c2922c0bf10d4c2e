import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables a report is computed from note each transaction that writes them, so that a finished
 * report can be kept until the data changes (src/compliance/data-version.ts). One row per writing
 * transaction, keyed by its id: a transaction's later statements find their row and insert
 * nothing, and two transactions never wait on each other — unlike a shared counter row, which
 * would queue every writer behind the one holding it until commit.
 */
const WATCHED = ['conventions', 'committees', 'seats', 'memberships', 'meetings', 'attendance', 'school_holidays'];

export class TrackDataChanges1764700000000 implements MigrationInterface {
  name = 'TrackDataChanges1764700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "data_changes" ("transaction_id" xid8 NOT NULL, CONSTRAINT "PK_data_changes" PRIMARY KEY ("transaction_id"))`);
    // The transactions folded away by compaction, counted: the version is this plus the rows left.
    await queryRunner.query(
      `CREATE TABLE "data_changes_folded" ("id" int NOT NULL DEFAULT 1 CHECK ("id" = 1), "transactions" bigint NOT NULL,
         CONSTRAINT "PK_data_changes_folded" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`INSERT INTO "data_changes_folded" ("transactions") VALUES (0)`);
    await queryRunner.query(
      `CREATE FUNCTION "note_data_change"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO data_changes (transaction_id) VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
         RETURN NULL;
       END $$`,
    );
    for (const table of WATCHED) {
      await queryRunner.query(
        `CREATE TRIGGER "note_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}"
           FOR EACH STATEMENT EXECUTE FUNCTION "note_data_change"()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of WATCHED) await queryRunner.query(`DROP TRIGGER "note_data_change" ON "${table}"`);
    await queryRunner.query(`DROP FUNCTION "note_data_change"()`);
    await queryRunner.query(`DROP TABLE "data_changes_folded"`);
    await queryRunner.query(`DROP TABLE "data_changes"`);
  }
}
