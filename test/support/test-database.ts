import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { adminUrl, databaseUrl } from './database-urls';

/** A fresh database for one test file, cloned from the migrated template of the run. */
export class TestDatabase {
  private constructor(readonly name: string) {}

  get url(): string {
    return databaseUrl(this.name);
  }

  static async create(): Promise<TestDatabase> {
    const template = process.env.COPIL_TEST_TEMPLATE_DB;
    if (!template) throw new Error('COPIL_TEST_TEMPLATE_DB is unset: run the tests through jest (globalSetup)');
    const name = `copil_test_${randomBytes(6).toString('hex')}`;
    await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
    return new TestDatabase(name);
  }

  async drop(): Promise<void> {
    await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${this.name}" WITH (FORCE)`));
  }
}

/** Runs `work` on a client of the server's maintenance database, then closes it. */
export async function withAdmin<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
