import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from '../../migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { WriteNotingClient } from './local-writes';

/** One definition of the database connection for the API, the worker, the CLI and the tests. */
export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    // A connection that cannot be made within 5 s fails the request (503) instead of holding it up;
    // keep-alive lets a server that vanished be noticed on idle connections. The client notes this
    // process's writes as they end, for the responses kept until one commits (write-feed.ts).
    extra: { max: 10, connectionTimeoutMillis: 5000, keepAlive: true, Client: WriteNotingClient },
  };
}
