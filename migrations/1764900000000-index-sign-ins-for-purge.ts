import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The daily purge of sign-in rows (SignInPurgeJob) finds them by age without reading the whole
 * outbox: sign-in emails are a small part of it, hence a partial index.
 */
export class IndexSignInsForPurge1764900000000 implements MigrationInterface {
  name = 'IndexSignInsForPurge1764900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_sign_in_links_expires" ON "sign_in_links" ("expires_at")`);
    await queryRunner.query(`CREATE INDEX "ix_outbound_messages_sign_in_age" ON "outbound_messages" ("updated_at") WHERE kind = 'sign_in_link'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_outbound_messages_sign_in_age"`);
    await queryRunner.query(`DROP INDEX "ix_sign_in_links_expires"`);
  }
}
