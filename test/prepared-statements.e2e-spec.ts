import { DataSource, QueryFailedError } from 'typeorm';
import { QueryRunnerAlreadyReleasedError } from 'typeorm/error/QueryRunnerAlreadyReleasedError';
import { dataSourceOptions } from '../src/database/data-source-options';
import { queryPrepared } from '../src/database/prepared';
import { TestDatabase } from './support/test-database';

/**
 * Statements prepared once per connection (src/database/prepared.ts), on a real PostgreSQL whose
 * pool holds one connection, so that every call meets the statements the previous ones prepared.
 */
describe('prepared statements', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const READ = 'SELECT amount FROM prepared_probe ORDER BY id';

  beforeAll(async () => {
    database = await TestDatabase.create();
    const options = dataSourceOptions(database.url);
    dataSource = new DataSource({ ...options, logging: false, extra: { ...(options.extra as object), max: 1 } } as typeof options);
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE prepared_probe (id serial PRIMARY KEY, amount int NOT NULL)');
    await dataSource.query('INSERT INTO prepared_probe (amount) VALUES (7), (8)');
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('runs the statement prepared on the connection, and prepares it again when a migration changed the type of a column it returns', async () => {
    expect(await queryPrepared(dataSource.manager, READ, [])).toEqual([{ amount: 7 }, { amount: 8 }]);
    const [{ count }] = await dataSource.query<Array<{ count: number }>>(`SELECT count(*)::int AS count FROM pg_prepared_statements WHERE statement = $1`, [READ]);
    expect(count).toBe(1);

    // PostgreSQL now refuses the prepared statement ("cached plan must not change result type").
    await dataSource.query('ALTER TABLE prepared_probe ALTER COLUMN amount TYPE bigint');
    expect(await queryPrepared(dataSource.manager, READ, [])).toEqual([{ amount: '7' }, { amount: '8' }]);
    expect(await queryPrepared(dataSource.manager, READ, [])).toEqual([{ amount: '7' }, { amount: '8' }]);
  });

  it('inside a transaction, fails the statement that went stale once (the transaction is aborted), then runs it prepared again', async () => {
    await queryPrepared(dataSource.manager, `${READ} DESC`, []);
    await dataSource.query('ALTER TABLE prepared_probe ALTER COLUMN amount TYPE numeric');
    await expect(dataSource.transaction((manager) => queryPrepared(manager, `${READ} DESC`, []))).rejects.toMatchObject({
      driverError: expect.objectContaining({ code: '0A000' }),
    });
    await expect(dataSource.transaction((manager) => queryPrepared(manager, `${READ} DESC`, []))).resolves.toEqual([{ amount: '8' }, { amount: '7' }]);
  });

  it('reports a refused statement as TypeORM does, with the driver’s code, and leaves the connection usable', async () => {
    const refused = await queryPrepared(dataSource.manager, 'SELECT id / $1::int AS share FROM prepared_probe', [0]).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(QueryFailedError);
    expect((refused as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('22012');
    expect(await queryPrepared(dataSource.manager, 'SELECT id / $1::int AS share FROM prepared_probe ORDER BY id', [1])).toEqual([{ share: 1 }, { share: 2 }]);
  });

  it('refuses to run on a query runner already released', async () => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.release();
    await expect(queryPrepared(runner.manager, READ, [])).rejects.toBeInstanceOf(QueryRunnerAlreadyReleasedError);
  });
});
