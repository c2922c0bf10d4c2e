import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/app.setup';
import { Clock } from '../src/common/clock';
import { loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { API_TOKEN_PREFIX, hashSecret, newSecret } from '../src/auth/credentials';
import { fillComplianceData } from './compliance-fill';
import { databaseUrl, positiveInt, deleteKeys } from './bench-env';

/**
 * npm run bench:api — API reads under load beside a bare route of the same server (/health).
 * An académie-sized data set (BENCH_COMMITTEES, 5,000 by default, over BENCH_CONVENTIONS, 30,
 * with three years of meetings each, as bench:compliance fills it), read by an administrator's
 * API token:
 *   - mixed reads: /committees, /committees/:id, /committees/:id/meetings and /compliance in turn;
 *   - /compliance alone (every committee of the académie's conventions, worst first).
 * Each under BENCH_CONNECTIONS (50) for BENCH_SECONDS (20), as kept (docs/response-cache.md), then
 * on an application keeping nothing (computed on every request). Prints throughput, p50, p99 and
 * the size of a response and, on its last line, the ratio of the kept mixed reads to /health. Creates its own database on the server
 * named by BENCH_DATABASE_URL and drops it, and deletes the Redis keys under its queue prefix.
 */
const NOW = new Date('2025-06-16T08:00:00Z');

interface Figures {
  name: string;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** Bytes received per response, headers included, in kB. */
  kilobytes: number;
}

async function load(name: string, base: string, paths: string[], token: string, connections: number, seconds: number): Promise<Figures> {
  const result = await autocannon({
    url: base,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  return {
    name,
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
    kilobytes: result.requests.average > 0 ? result.throughput.average / result.requests.average / 1024 : 0,
  };
}

function line(figures: Figures): string {
  return `${figures.name.padEnd(18)} ${figures.perSecond.toFixed(0).padStart(7)} req/s   p50 ${String(figures.p50).padStart(5)} ms   p99 ${String(figures.p99).padStart(5)} ms   ${figures.kilobytes.toFixed(1).padStart(6)} kB each${figures.errors ? `   ${figures.errors} errors` : ''}`;
}

async function main(): Promise<void> {
  const seconds = positiveInt('BENCH_SECONDS', 20);
  const connections = positiveInt('BENCH_CONNECTIONS', 50);
  const size = { committees: positiveInt('BENCH_COMMITTEES', 5_000), conventions: positiveInt('BENCH_CONVENTIONS', 30) };
  const maintenanceUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `copil_bench_api_${randomBytes(4).toString('hex')}`;
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
    const filler = new Client({ connectionString: config.databaseUrl });
    await filler.connect();
    const counts = await fillComplianceData(filler, size, NOW);
    await filler.query('ANALYZE');
    await filler.end();
    process.stdout.write(`fill: ${counts.conventions} conventions, ${counts.committees} committees, ${counts.meetings} meetings\n`);

    const app = configureApp(await NestFactory.create(AppModule.forRoot(config), { logger: ['error'] }));
    // The fill's meetings are placed around this day, as in bench:compliance.
    app.get(Clock).now = () => NOW;
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

    const secret = newSecret(API_TOKEN_PREFIX);
    const [{ id: personId }] = await dataSource.query(
      `INSERT INTO people (full_name, email) VALUES ('Administratrice', 'admin@bench.example.fr') RETURNING id`,
    );
    const [{ id: accountId }] = await dataSource.query(`INSERT INTO accounts (person_id, active) VALUES ($1, true) RETURNING id`, [personId]);
    await dataSource.query(`INSERT INTO grants (account_id, role) VALUES ($1, 'admin')`, [accountId]);
    await dataSource.query(
      `INSERT INTO access_tokens (account_id, kind, name, token_hash, expires_at) VALUES ($1, 'api_token', 'bench', $2, now() + interval '1 day')`,
      [accountId, hashSecret(config.auth.secret, secret)],
    );
    const committeeIds: string[] = (await dataSource.query(`SELECT id FROM committees ORDER BY key LIMIT 20`)).map((row: { id: string }) => row.id);
    const mixed = committeeIds.flatMap((id) => ['/committees', `/committees/${id}`, `/committees/${id}/meetings`, '/compliance']);
    for (const path of ['/health', ...mixed.slice(0, 4)]) {
      const check = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${secret}` } });
      if (check.status !== 200) throw new Error(`${path} answered ${check.status}: ${(await check.text()).slice(0, 300)}`);
    }

    process.stdout.write(`${connections} connections, ${seconds} s each\n`);
    const bare = await load('/health', base, ['/health'], secret, connections, seconds);
    process.stdout.write(`${line(bare)}\n`);
    const reads = await load('mixed reads', base, mixed, secret, connections, seconds);
    process.stdout.write(`${line(reads)}\n`);
    // Each read of the mix alone, to see which one holds the mix back.
    for (const [label, paths] of [
      ['/committees', ['/committees']],
      ['/committees/:id', committeeIds.map((id) => `/committees/${id}`)],
      ['…/:id/meetings', committeeIds.map((id) => `/committees/${id}/meetings`)],
    ] as const) {
      process.stdout.write(`${line(await load(label, base, [...paths], secret, connections, Math.max(3, Math.round(seconds / 4))))}\n`);
    }
    const compliance = await load('/compliance alone', base, ['/compliance'], secret, connections, seconds);
    process.stdout.write(`${line(compliance)}\n`);
    const few = await load('/compliance, 5 conn', base, ['/compliance'], secret, 5, seconds);
    process.stdout.write(`${line(few)}\n`);

    // The same reads on an application keeping no response (RESPONSE_CACHE_MB=0): their cost when
    // computed, as after a write (docs/response-cache.md).
    const computing = configureApp(
      await NestFactory.create(AppModule.forRoot({ ...config, responseCache: { maxMegabytes: 0 } }), { logger: ['error'] }),
    );
    computing.get(Clock).now = () => NOW;
    await computing.listen(0, '127.0.0.1');
    const computingBase = `http://127.0.0.1:${(computing.getHttpServer().address() as AddressInfo).port}`;
    const shorter = Math.max(3, Math.round(seconds / 3));
    const computed = await load('mixed, computed', computingBase, mixed, secret, connections, shorter);
    process.stdout.write(`${line(computed)}   (nothing kept, ${shorter} s)\n`);
    const complianceComputed = await load('/compliance, computed', computingBase, ['/compliance'], secret, connections, shorter);
    process.stdout.write(`${line(complianceComputed)}   (nothing kept, ${shorter} s)\n`);
    // Requests autocannon gave up on may still be running: let them end before the pool closes.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await computing.close();
    await app.close();
    process.stdout.write(
      `computed on every request: mixed reads ${(computed.perSecond / bare.perSecond).toFixed(2)}× /health (p99 ${computed.p99} ms), ` +
        `/compliance p99 ${complianceComputed.p99} ms\n`,
    );
    process.stdout.write(
      `api: mixed reads ${(reads.perSecond / bare.perSecond).toFixed(2)}× /health (p99 ${reads.p99} ms); ` +
        `/compliance at ${counts.committees} committees p99 ${compliance.p99} ms (${connections} connections), ${few.p99} ms (5)\n`,
    );
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await deleteKeys(config.redisUrl, config.queuePrefix);
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
