import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The proof of sending keeps the exact message the mail server accepted (its bytes, RFC 5322) and
 * their SHA-256, so what a convocation said survives later edits of the meeting.
 */
export class KeepSentMessages1763900021200 implements MigrationInterface {
  name = 'KeepSentMessages1763900021200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "delivery_attempts" ADD "raw_message" bytea`);
    await queryRunner.query(`ALTER TABLE "delivery_attempts" ADD "raw_message_sha256" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "delivery_attempts" DROP COLUMN "raw_message_sha256"`);
    await queryRunner.query(`ALTER TABLE "delivery_attempts" DROP COLUMN "raw_message"`);
  }
}
