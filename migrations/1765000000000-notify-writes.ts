import { MigrationInterface, QueryRunner } from 'typeorm';

/** The channel every committed write is announced on (src/database/write-feed.ts listens). */
export const WRITES_CHANNEL = 'copil_writes';

/**
 * Tables whose writes change nothing a response shows: the migrations' own bookkeeping, the
 * per-convention change notes, which are only written beside a watched table's write, and the
 * stored compliance standings, which only keep what the data of a version gives.
 */
export const UNANNOUNCED_TABLES = ['migrations', 'data_changes', 'data_changes_folded', 'compliance_standings'];

/** The columns of access_tokens whose change is not announced: when a token was last used (a hint, written every few minutes). */
const ACCESS_TOKEN_BOOKKEEPING = ['last_used_at'];

/** Announces a table's writes: one statement trigger, whatever the statement wrote. */
export async function announceWritesOn(queryRunner: QueryRunner, table: string, updateOf: string[] | null = null): Promise<void> {
  const events = updateOf ? `INSERT OR DELETE OR TRUNCATE OR UPDATE OF ${updateOf.map((column) => `"${column}"`).join(', ')}` : 'INSERT OR UPDATE OR DELETE OR TRUNCATE';
  await queryRunner.query(
    `CREATE TRIGGER "announce_write" AFTER ${events} ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "announce_write"()`,
  );
}

/**
 * Every write to a table copil reads is announced by NOTIFY on copil_writes, delivered to
 * listeners when (and only if) its transaction commits, once per transaction whatever it wrote.
 * Processes that keep responses (ResponseCache) drop them when they hear one. A table added later
 * calls announceWritesOn in its own migration; test/write-feed.e2e-spec.ts checks every table.
 */
export class NotifyWrites1765000000000 implements MigrationInterface {
  name = 'NotifyWrites1765000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION "announce_write"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM pg_notify('${WRITES_CHANNEL}', '');
         RETURN NULL;
       END $$`,
    );
    const tables: Array<{ name: string }> = await queryRunner.query(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND NOT (tablename = ANY($1)) ORDER BY tablename`,
      [UNANNOUNCED_TABLES],
    );
    for (const { name } of tables) {
      if (name === 'access_tokens') {
        const columns: Array<{ name: string }> = await queryRunner.query(
          `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'access_tokens' ORDER BY ordinal_position`,
        );
        await announceWritesOn(queryRunner, name, columns.map((column) => column.name).filter((column) => !ACCESS_TOKEN_BOOKKEEPING.includes(column)));
      } else {
        await announceWritesOn(queryRunner, name);
      }
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const tables: Array<{ name: string }> = await queryRunner.query(
      `SELECT DISTINCT c.relname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = 'announce_write'`,
    );
    for (const { name } of tables) await queryRunner.query(`DROP TRIGGER "announce_write" ON "${name}"`);
    await queryRunner.query(`DROP FUNCTION "announce_write"()`);
  }
}
