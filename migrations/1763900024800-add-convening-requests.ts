import { MigrationInterface, QueryRunner } from 'typeorm';

/** « … convoqué à la demande du tiers de ses membres, dans les quinze jours »: the committee's rule and the requests recorded. */
export class AddConveningRequests1763900024800 implements MigrationInterface {
  name = 'AddConveningRequests1763900024800';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "committees" ADD "convening_on_request" jsonb`);
    await queryRunner.query(
      `CREATE TABLE "convening_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "committee_id" uuid NOT NULL REFERENCES "committees" ("id") ON DELETE CASCADE,
         "requested_on" date NOT NULL, "requester_person_ids" uuid array NOT NULL, "reason" text NOT NULL,
         "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_convening_requests" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_convening_requests_committee" ON "convening_requests" ("committee_id", "requested_on")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "convening_requests"`);
    await queryRunner.query(`ALTER TABLE "committees" DROP COLUMN "convening_on_request"`);
  }
}
