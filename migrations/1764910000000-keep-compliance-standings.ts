import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The académie's compliance report, kept per convention, kind of committee and day, under the
 * convention's data version (data-version.ts): a service just started reads it back instead of
 * computing every convention again. Not tracked by data_changes — it is derived, never a source.
 */
export class KeepComplianceStandings1764910000000 implements MigrationInterface {
  name = 'KeepComplianceStandings1764910000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "compliance_standings" (
         "convention_id" uuid NOT NULL,
         "kind" text NOT NULL,
         "day" date NOT NULL,
         "version" bigint NOT NULL,
         "format" int NOT NULL,
         "standings" json NOT NULL,
         "stored_at" timestamptz NOT NULL,
         CONSTRAINT "PK_compliance_standings" PRIMARY KEY ("convention_id", "kind", "day"),
         CONSTRAINT "FK_compliance_standings_convention" FOREIGN KEY ("convention_id") REFERENCES "conventions"("id") ON DELETE CASCADE
       )`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "compliance_standings"`);
  }
}
