import { createHash } from 'node:crypto';
import { EntityManager, QueryFailedError } from 'typeorm';
import type { PoolClient, QueryResultRow } from 'pg';

/** Statement names by text: the name is a digest of the text, so one text always has one name. */
const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `copil_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs `text` as a named prepared statement on the connection `manager` works on (its
 * transaction's, or one from the pool for the time of the statement). PostgreSQL then parses and
 * plans it once per connection instead of at every call; for the statements run at each
 * convening and each claim of messages, planning cost more than running (several joins and
 * subqueries, a few rows each).
 *
 * Only for texts that do not depend on the values: the text names the statement, and every
 * distinct text stays prepared on each connection it ran on. Values that vary in number travel
 * as arrays.
 */
export async function queryPrepared<T extends QueryResultRow>(manager: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  const borrowed = manager.queryRunner === undefined;
  try {
    const client = (await runner.connect()) as PoolClient;
    try {
      const result = await client.query<T>({ name: statementName(text), text, values });
      return result.rows;
    } catch (error) {
      // As TypeORM reports a refused statement, so that the HTTP filter answers it the same way.
      throw error instanceof Error && 'code' in error ? new QueryFailedError(text, values, error) : error;
    }
  } finally {
    if (borrowed) await runner.release();
  }
}
