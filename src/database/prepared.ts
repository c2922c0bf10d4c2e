import { createHash } from 'node:crypto';
import { EntityManager, QueryFailedError, QueryRunner } from 'typeorm';
import { QueryRunnerAlreadyReleasedError } from 'typeorm/error/QueryRunnerAlreadyReleasedError';
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
 * PostgreSQL's answers meaning that a connection's prepared statement can no longer run as it was
 * prepared: 0A000 "cached plan must not change result type" (a migration changed a column it
 * returns) and 26000 "prepared statement does not exist" (the session was reset under it).
 */
const STALE_STATEMENT_CODES = new Set(['0A000', '26000']);

/**
 * How many times each connection had to prepare its statements again: the names it prepares carry
 * the count, since the stale statement keeps its name on the server until the session ends.
 */
const preparedAgain = new WeakMap<PoolClient, number>();

/**
 * Runs `text` as a named prepared statement on the connection `manager` works on (its
 * transaction's, or one from the pool for the time of the statement). PostgreSQL then parses and
 * plans it once per connection instead of at every call; for the statements run at each
 * convening and each claim of messages, planning cost more than running (several joins and
 * subqueries, a few rows each).
 *
 * Only for texts that do not depend on the values: the text names the statement, and every
 * distinct text stays prepared on each connection it ran on. Values that vary in number travel
 * as arrays. A statement that went stale on its connection is prepared again under a new name:
 * at once when the connection was borrowed for it, at the next call inside a transaction (which
 * the failure has aborted).
 */
export async function queryPrepared<T extends QueryResultRow>(manager: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  const borrowed = manager.queryRunner === undefined;
  if (runner.isReleased) throw new QueryRunnerAlreadyReleasedError();
  try {
    const client = (await runner.connect()) as PoolClient;
    try {
      return await run<T>(client, text, values).catch((error: unknown) => {
        if (borrowed && isStale(error)) return run<T>(client, text, values);
        throw error;
      });
    } catch (error) {
      throw refused(runner, text, values, error);
    }
  } finally {
    if (borrowed) await runner.release();
  }
}

async function run<T extends QueryResultRow>(client: PoolClient, text: string, values: unknown[]): Promise<T[]> {
  const again = preparedAgain.get(client) ?? 0;
  const name = again === 0 ? statementName(text) : `${statementName(text)}_${again}`;
  try {
    return (await client.query<T>({ name, text, values })).rows;
  } catch (error) {
    if (isStale(error)) preparedAgain.set(client, again + 1);
    throw error;
  }
}

function isStale(error: unknown): boolean {
  return error instanceof Error && STALE_STATEMENT_CODES.has(String((error as { code?: unknown }).code));
}

/** As TypeORM reports and logs a refused statement, so that the HTTP filter and the logs treat it the same way. */
function refused(runner: QueryRunner, text: string, values: unknown[], error: unknown): unknown {
  if (!(error instanceof Error && 'code' in error)) return error;
  runner.connection.logger.logQueryError(error, text, values, runner);
  return new QueryFailedError(text, values, error);
}
