import { MigrationInterface, QueryRunner } from 'typeorm';

/** Stands for "every convention": a write that no convention owns (school holidays, a TRUNCATE). */
const EVERY_CONVENTION = '00000000-0000-0000-0000-000000000000';

/**
 * How each watched table reaches the convention its rows belong to, from the rows a statement
 * wrote (the transition table `changed`).
 */
const CONVENTION_OF: Record<string, string> = {
  conventions: `SELECT x.id FROM changed x`,
  committees: `SELECT x.convention_id FROM changed x`,
  seats: `SELECT k.convention_id FROM changed x JOIN committees k ON k.id = x.committee_id`,
  memberships: `SELECT k.convention_id FROM changed x JOIN seats s ON s.id = x.seat_id JOIN committees k ON k.id = s.committee_id`,
  meetings: `SELECT k.convention_id FROM changed x JOIN committees k ON k.id = x.committee_id`,
  attendance: `SELECT k.convention_id FROM changed x JOIN meetings m ON m.id = x.meeting_id JOIN committees k ON k.id = m.committee_id`,
};
const OWNED_BY_NONE = ['school_holidays'];

/**
 * The writes reports are computed from, noted per convention (TrackDataChanges noted them as one
 * count): a report then computes again only the conventions written since it was kept. Each
 * writing transaction leaves one row per convention it wrote, keyed by its id and the convention,
 * so that its later statements insert nothing and writers never wait on each other. A statement
 * whose rows reach no convention (a cascade whose parent row is already gone, school holidays, a
 * TRUNCATE) notes every convention. A statement that writes no row notes nothing.
 */
export class TrackDataChangesByConvention1764800000100 implements MigrationInterface {
  name = 'TrackDataChangesByConvention1764800000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...Object.keys(CONVENTION_OF), ...OWNED_BY_NONE]) {
      await queryRunner.query(`DROP TRIGGER "note_data_change" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION "note_data_change"()`);
    await queryRunner.query(`DROP TABLE "data_changes"`);
    await queryRunner.query(`DROP TABLE "data_changes_folded"`);

    await queryRunner.query(
      `CREATE TABLE "data_changes" ("transaction_id" xid8 NOT NULL, "convention_id" uuid NOT NULL,
         CONSTRAINT "PK_data_changes" PRIMARY KEY ("transaction_id", "convention_id"))`,
    );
    // The transactions folded away by compaction, counted per convention: a convention's version is
    // its count and its rows left, plus those of every convention.
    await queryRunner.query(
      `CREATE TABLE "data_changes_folded" ("convention_id" uuid NOT NULL, "transactions" bigint NOT NULL,
         CONSTRAINT "PK_data_changes_folded" PRIMARY KEY ("convention_id"))`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "note_every_convention_change"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO data_changes (transaction_id, convention_id) VALUES (pg_current_xact_id(), '${EVERY_CONVENTION}') ON CONFLICT DO NOTHING;
         RETURN NULL;
       END $$`,
    );
    for (const [table, conventionOf] of Object.entries(CONVENTION_OF)) {
      // An UPDATE notes the conventions of the rows before and after (a row moved to another one).
      await queryRunner.query(
        `CREATE FUNCTION "note_${table}_change"() RETURNS trigger LANGUAGE plpgsql AS $$
         DECLARE owners int;
         BEGIN
           IF TG_OP = 'UPDATE' THEN
             WITH found AS (SELECT DISTINCT owner FROM (${conventionOf} UNION ${conventionOf.replace('changed x', 'changed_before x')}) AS f(owner)),
                  noted AS (INSERT INTO data_changes (transaction_id, convention_id) SELECT pg_current_xact_id(), owner FROM found ON CONFLICT DO NOTHING)
             SELECT count(*) INTO owners FROM found;
           ELSE
             WITH found AS (SELECT DISTINCT owner FROM (${conventionOf}) AS f(owner)),
                  noted AS (INSERT INTO data_changes (transaction_id, convention_id) SELECT pg_current_xact_id(), owner FROM found ON CONFLICT DO NOTHING)
             SELECT count(*) INTO owners FROM found;
           END IF;
           IF owners = 0 AND EXISTS (SELECT 1 FROM changed) THEN
             INSERT INTO data_changes (transaction_id, convention_id) VALUES (pg_current_xact_id(), '${EVERY_CONVENTION}') ON CONFLICT DO NOTHING;
           END IF;
           RETURN NULL;
         END $$`,
      );
      // Transition tables need one trigger per event.
      await queryRunner.query(
        `CREATE TRIGGER "note_data_change_insert" AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS changed
           FOR EACH STATEMENT EXECUTE FUNCTION "note_${table}_change"()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "note_data_change_update" AFTER UPDATE ON "${table}" REFERENCING NEW TABLE AS changed OLD TABLE AS changed_before
           FOR EACH STATEMENT EXECUTE FUNCTION "note_${table}_change"()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "note_data_change_delete" AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS changed
           FOR EACH STATEMENT EXECUTE FUNCTION "note_${table}_change"()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "note_data_change_truncate" AFTER TRUNCATE ON "${table}"
           FOR EACH STATEMENT EXECUTE FUNCTION "note_every_convention_change"()`,
      );
    }
    for (const table of OWNED_BY_NONE) {
      await queryRunner.query(
        `CREATE TRIGGER "note_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}"
           FOR EACH STATEMENT EXECUTE FUNCTION "note_every_convention_change"()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of Object.keys(CONVENTION_OF)) {
      for (const event of ['insert', 'update', 'delete', 'truncate']) await queryRunner.query(`DROP TRIGGER "note_data_change_${event}" ON "${table}"`);
      await queryRunner.query(`DROP FUNCTION "note_${table}_change"()`);
    }
    for (const table of OWNED_BY_NONE) await queryRunner.query(`DROP TRIGGER "note_data_change" ON "${table}"`);
    await queryRunner.query(`DROP FUNCTION "note_every_convention_change"()`);
    await queryRunner.query(`DROP TABLE "data_changes_folded"`);
    await queryRunner.query(`DROP TABLE "data_changes"`);
    await queryRunner.query(`CREATE TABLE "data_changes" ("transaction_id" xid8 NOT NULL, CONSTRAINT "PK_data_changes" PRIMARY KEY ("transaction_id"))`);
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
    for (const table of [...Object.keys(CONVENTION_OF), ...OWNED_BY_NONE]) {
      await queryRunner.query(
        `CREATE TRIGGER "note_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}"
           FOR EACH STATEMENT EXECUTE FUNCTION "note_data_change"()`,
      );
    }
  }
}
