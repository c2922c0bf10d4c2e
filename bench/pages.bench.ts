import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { DateTime } from 'luxon';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/app.setup';
import { loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { DefinitionsService } from '../src/definitions/definitions.service';
import { SESSION_COOKIE, SESSION_TOKEN_PREFIX, hashSecret, newSecret } from '../src/auth/credentials';
import { databaseUrl, positiveInt } from './bench-env';

/**
 * npm run bench:pages — the home page and a committee page of a signed-in convener (the director of
 * the Grenoble reference convention, made current), each under 50 connections for 30 s, beside a
 * bare route of the same server (the stylesheet: guards, no query). Prints throughput, p50 and p99,
 * and the ratio to the bare route on its last line. Creates its own database on the server named by
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) and drops it.
 * BENCH_SECONDS and BENCH_CONNECTIONS change the load.
 */
const DIRECTOR = 'anne.bouvier@ac-grenoble.example.fr';

interface Figures {
  name: string;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(name: string, url: string, cookie: string | null, connections: number, seconds: number): Promise<Figures> {
  const result = await autocannon({ url, connections, duration: seconds, headers: cookie ? { cookie } : {} });
  const wrong = result.non2xx + result.errors + result.timeouts;
  return { name, perSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: wrong };
}

function line(figures: Figures): string {
  return `${figures.name.padEnd(16)} ${figures.perSecond.toFixed(0).padStart(7)} req/s   p50 ${String(figures.p50).padStart(4)} ms   p99 ${String(figures.p99).padStart(4)} ms${figures.errors ? `   ${figures.errors} errors` : ''}`;
}

async function main(): Promise<void> {
  const seconds = positiveInt('BENCH_SECONDS', 30);
  const connections = positiveInt('BENCH_CONNECTIONS', 50);
  const maintenanceUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `copil_bench_pages_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: maintenanceUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const config = loadConfig({
    NODE_ENV: 'production',
    COPIL_SECRET: randomBytes(24).toString('hex'),
    DATABASE_URL: databaseUrl(maintenanceUrl, name),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `copil-bench-${randomBytes(3).toString('hex')}`,
    PUBLIC_BASE_URL: 'http://127.0.0.1',
    MAIL_OUTBOX_DIR: `/tmp/${name}`,
    RUN_MIGRATIONS: 'false',
    LOG_LEVEL: 'warn',
  });
  const dataSource = new DataSource(dataSourceOptions(config.databaseUrl));
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const app = configureApp(await NestFactory.create(AppModule.forRoot(config), { logger: ['error'] }));
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

    // The reference convention, signed a month ago for three years, so that its committees are current.
    const signedOn = DateTime.now().setZone('Europe/Paris').minus({ months: 1 }).toISODate() as string;
    const yaml = readFileSync(join(__dirname, '..', 'examples', 'grenoble-crets-en-belledonne-2016.yaml'), 'utf8')
      .replace(/signedOn: 2016-10-17/, `signedOn: ${signedOn}`)
      .replace(/durationMonths: 12/, 'durationMonths: 36')
      .replace(/startsOn: 2016-10-17/g, `startsOn: ${signedOn}`);
    await app.get(DefinitionsService).importDefinition(yaml);

    // Her session, as the sign-in page would have opened it.
    const secret = newSecret(SESSION_TOKEN_PREFIX);
    const [{ id: accountId }] = await dataSource.query(
      `INSERT INTO accounts (person_id, active) SELECT id, true FROM people WHERE email = $1 RETURNING id`,
      [DIRECTOR],
    );
    await dataSource.query(
      `INSERT INTO access_tokens (account_id, kind, token_hash, expires_at) VALUES ($1, 'session', $2, now() + interval '1 day')`,
      [accountId, hashSecret(config.auth.secret, secret)],
    );
    const cookie = `${SESSION_COOKIE}=${secret}`;
    const [{ id: committeeId }] = await dataSource.query(`SELECT id FROM committees WHERE key LIKE 'copil-local%' LIMIT 1`);
    for (const path of ['/', `/comites/${committeeId}`]) {
      const check = await fetch(`${base}${path}`, { headers: { cookie } });
      if (check.status !== 200) throw new Error(`${path} answered ${check.status}`);
    }

    process.stdout.write(`${connections} connections, ${seconds} s each\n`);
    const bare = await load('bare route', `${base}/assets/copil.css`, null, connections, seconds);
    process.stdout.write(`${line(bare)}\n`);
    const home = await load('home page', `${base}/`, cookie, connections, seconds);
    process.stdout.write(`${line(home)}\n`);
    const committee = await load('committee page', `${base}/comites/${committeeId}`, cookie, connections, seconds);
    process.stdout.write(`${line(committee)}\n`);
    // Requests autocannon gave up on may still be running: let them end before the pool closes.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await app.close();
    process.stdout.write(
      `pages: home ${(home.perSecond / bare.perSecond).toFixed(2)}× the bare route (p50 ${home.p50} ms, p99 ${home.p99} ms), ` +
        `committee ${(committee.perSecond / bare.perSecond).toFixed(2)}× (p50 ${committee.p50} ms, p99 ${committee.p99} ms)\n`,
    );
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
