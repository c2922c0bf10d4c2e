import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { DateTime } from 'luxon';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/app.setup';
import { loadConfig } from '../src/config/app-config';
import { Clock } from '../src/common/clock';
import { dataSourceOptions } from '../src/database/data-source-options';
import { DefinitionsService } from '../src/definitions/definitions.service';
import { SESSION_COOKIE, SESSION_TOKEN_PREFIX, hashSecret, newSecret } from '../src/auth/credentials';
import { fillComplianceData } from './compliance-fill';
import { databaseUrl, positiveInt, deleteKeys } from './bench-env';

/**
 * npm run bench:pages — the pages of copil under load, each beside a bare route of the same server
 * (the stylesheet: guards, no query) measured in the same run, since the machine is shared:
 *
 * 1. the home page and a committee page of a signed-in convener (the director of the Grenoble
 *    reference convention, made current), 50 connections for 30 s each;
 * 2. « Suivi des comités » (/suivi) of an académie's secretariat over 5,000 committees, 10
 *    connections, its first page and a far one;
 * 3. the national /suivi of an administrator over 50,000 committees (the académie's and 45,000
 *    more), 10 connections, its first page, a far page and the year view.
 *
 * Each line gives throughput, p50, p99 and the load average; the last lines give each page's
 * ratio to the bare route. The convener's pages are measured as kept (docs/response-cache.md: sent
 * again while no write commits), then on an application keeping nothing, computed each time. Creates its own database on the server named by BENCH_DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres) and drops it, and deletes the Redis keys
 * under its queue prefix, on exit and on SIGINT or SIGTERM. BENCH_SECONDS, BENCH_CONNECTIONS
 * (parts 1), BENCH_SUIVI_CONNECTIONS, BENCH_ACADEMIE_COMMITTEES, BENCH_NATIONAL_COMMITTEES change
 * the load and sizes; BENCH_PARTS=pages,academie,national runs only some parts (the national part
 * needs the académie's fill and runs it).
 */
const DIRECTOR = 'anne.bouvier@ac-grenoble.example.fr';
/** The overview's committees come from bench:compliance's fill, whose meetings are placed around this day. */
const FILL_NOW = new Date('2025-06-16T08:00:00Z');
const ACADEMIE = 'Académie de banc d’essai';

interface Figures {
  name: string;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  load: string;
}

const loadAverage = (): string => loadavg().map((value) => value.toFixed(1)).join(' ');

async function load(name: string, url: string, cookie: string | null, connections: number, seconds: number): Promise<Figures> {
  const result = await autocannon({ url, connections, duration: seconds, headers: cookie ? { cookie } : {} });
  const wrong = result.non2xx + result.errors + result.timeouts;
  return { name, perSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: wrong, load: loadAverage() };
}

function line(figures: Figures): string {
  return (
    `${figures.name.padEnd(30)} ${figures.perSecond.toFixed(0).padStart(7)} req/s   p50 ${String(figures.p50).padStart(5)} ms   ` +
    `p99 ${String(figures.p99).padStart(5)} ms   load ${figures.load}${figures.errors ? `   ${figures.errors} errors or timeouts` : ''}`
  );
}

function ratio(page: Figures, bare: Figures): string {
  return `${page.name} ${(page.perSecond / bare.perSecond).toFixed(2)}× the bare route (p50 ${page.p50} ms, p99 ${page.p99} ms${page.errors ? `, ${page.errors} errors` : ''})`;
}

/** A signed-in session for a person, as the sign-in page would have opened it; with a grant if given. */
async function sessionOf(dataSource: DataSource, secretKey: string, email: string, grant?: { role: string; academie?: string }): Promise<string> {
  await dataSource.query(`INSERT INTO people (full_name, email) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [email.split('@')[0], email]);
  const [{ id: accountId }] = await dataSource.query(
    `INSERT INTO accounts (person_id, active) SELECT id, true FROM people WHERE email = $1 RETURNING id`,
    [email],
  );
  if (grant) await dataSource.query(`INSERT INTO grants (account_id, role, academie) VALUES ($1, $2, $3)`, [accountId, grant.role, grant.academie ?? null]);
  const secret = newSecret(SESSION_TOKEN_PREFIX);
  await dataSource.query(
    `INSERT INTO access_tokens (account_id, kind, token_hash, expires_at) VALUES ($1, 'session', $2, now() + interval '1 day')`,
    [accountId, hashSecret(secretKey, secret)],
  );
  return `${SESSION_COOKIE}=${secret}`;
}

async function expectPage(base: string, path: string, cookie: string): Promise<void> {
  const check = await fetch(`${base}${path}`, { headers: { cookie } });
  if (check.status !== 200) throw new Error(`${path} answered ${check.status}: ${(await check.text()).slice(0, 300)}`);
}

async function main(): Promise<void> {
  const seconds = positiveInt('BENCH_SECONDS', 30);
  const connections = positiveInt('BENCH_CONNECTIONS', 50);
  const suiviConnections = positiveInt('BENCH_SUIVI_CONNECTIONS', 10);
  const academieSize = positiveInt('BENCH_ACADEMIE_COMMITTEES', 5_000);
  const nationalSize = positiveInt('BENCH_NATIONAL_COMMITTEES', 50_000);
  const parts = new Set((process.env.BENCH_PARTS ?? 'pages,academie,national').split(',').map((part) => part.trim()));
  if (parts.has('national')) parts.add('academie');
  const maintenanceUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `copil_bench_pages_${randomBytes(4).toString('hex')}`;
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
  const admin = new Client({ connectionString: maintenanceUrl });
  await admin.connect();
  const dataSource = new DataSource(dataSourceOptions(config.databaseUrl));
  let app: INestApplication | null = null;
  /** The same application keeping no response (RESPONSE_CACHE_MB=0): what a page costs when computed. */
  let computing: INestApplication | null = null;

  // Whatever ends the run (its end, an error, Ctrl-C, a kill), the database and the Redis keys go.
  let cleaning: Promise<void> | null = null;
  const cleanUp = (): Promise<void> =>
    (cleaning ??= (async () => {
      const steps: Array<[string, () => Promise<unknown>]> = [
        ['closing the application', async () => app?.close()],
        ['closing the application that keeps nothing', async () => computing?.close()],
        ['closing the data source', async () => (dataSource.isInitialized ? dataSource.destroy() : undefined)],
        ['deleting the Redis keys', () => deleteKeys(config.redisUrl, config.queuePrefix)],
        ['dropping the database', () => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)],
        ['closing the maintenance connection', () => admin.end()],
      ];
      for (const [what, step] of steps) {
        try {
          await step();
        } catch (error) {
          process.stderr.write(`bench:pages: ${what} failed: ${error instanceof Error ? error.message : String(error)}\n`);
        }
      }
    })());
  const onSignal = (signal: NodeJS.Signals): void => {
    process.stderr.write(`bench:pages: ${signal}, cleaning up\n`);
    void cleanUp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  // Nest's shutdown hooks (configureApp) answer a signal by closing the application and raising the
  // signal again, which would end the process before the database is dropped: ours alone stay.
  const ownSignals = (): void => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.removeAllListeners(signal);
      process.once(signal, onSignal);
    }
  };
  ownSignals();

  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    app = configureApp(await NestFactory.create(AppModule.forRoot(config), { logger: ['error'] }));
    await app.init();
    ownSignals();
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const ratios: string[] = [];
    process.stdout.write(`load average at start ${loadAverage()}\n`);

    if (parts.has('pages')) {
      // The reference convention, signed a month ago for three years, so that its committees are current.
      const signedOn = DateTime.now().setZone('Europe/Paris').minus({ months: 1 }).toISODate() as string;
      const yaml = readFileSync(join(__dirname, '..', 'examples', 'grenoble-crets-en-belledonne-2016.yaml'), 'utf8')
        .replace(/signedOn: 2016-10-17/, `signedOn: ${signedOn}`)
        .replace(/durationMonths: 12/, 'durationMonths: 36')
        .replace(/startsOn: 2016-10-17/g, `startsOn: ${signedOn}`);
      await app.get(DefinitionsService).importDefinition(yaml);
      const cookie = await sessionOf(dataSource, config.auth.secret, DIRECTOR);
      const [{ id: committeeId }] = await dataSource.query(`SELECT id FROM committees WHERE key LIKE 'copil-local%' LIMIT 1`);
      for (const path of ['/', `/comites/${committeeId}`]) await expectPage(base, path, cookie);

      process.stdout.write(`\n1. a convener's pages: ${connections} connections, ${seconds} s each\n`);
      const bare = await load('bare route', `${base}/assets/copil.css`, null, connections, seconds);
      process.stdout.write(`${line(bare)}\n`);
      const home = await load('home page', `${base}/`, cookie, connections, seconds);
      process.stdout.write(`${line(home)}\n`);
      const committee = await load('committee page', `${base}/comites/${committeeId}`, cookie, connections, seconds);
      process.stdout.write(`${line(committee)}\n`);
      ratios.push(`pages: ${ratio(home, bare)}, ${ratio(committee, bare)}`);

      // The same pages computed on every request, as after a write or with RESPONSE_CACHE_MB=0.
      computing = configureApp(
        await NestFactory.create(AppModule.forRoot({ ...config, responseCache: { maxMegabytes: 0 } }), { logger: ['error'] }),
      );
      await computing.init();
      ownSignals();
      await computing.listen(0, '127.0.0.1');
      const computingBase = `http://127.0.0.1:${(computing.getHttpServer().address() as AddressInfo).port}`;
      const shorter = Math.max(3, Math.round(seconds / 3));
      process.stdout.write(`   the same, nothing kept (computed on every request), ${shorter} s each\n`);
      const homeComputed = await load('home page, computed', `${computingBase}/`, cookie, connections, shorter);
      process.stdout.write(`${line(homeComputed)}\n`);
      const committeeComputed = await load('committee page, computed', `${computingBase}/comites/${committeeId}`, cookie, connections, shorter);
      process.stdout.write(`${line(committeeComputed)}\n`);
      // Requests autocannon gave up on may still be running: let them end before its pool closes.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await computing.close();
      computing = null;
      ratios.push(`pages computed on every request: ${ratio(homeComputed, bare)}, ${ratio(committeeComputed, bare)}`);
    }

    if (parts.has('academie')) {
      // From here the application lives on the fill's day, as bench:compliance and bench:api do.
      app.get(Clock).now = () => FILL_NOW;
      const filler = new Client({ connectionString: config.databaseUrl });
      await filler.connect();
      try {
        const conventions = Math.max(1, Math.round(academieSize / 170));
        await fillComplianceData(filler, { committees: academieSize, conventions }, FILL_NOW);
        await filler.query(`UPDATE conventions SET academie = $1, departement = '38' WHERE reference LIKE 'bench-%'`, [ACADEMIE]);
        await filler.query('ANALYZE');
        const cookie = await sessionOf(dataSource, config.auth.secret, 'secretariat@bench.example.fr', { role: 'secretariat', academie: ACADEMIE });
        const far = `/suivi?page=${Math.max(1, Math.floor(academieSize / 50 / 2))}`;
        for (const path of ['/suivi', far]) await expectPage(base, path, cookie);

        process.stdout.write(`\n2. /suivi of an académie, ${academieSize} committees: ${suiviConnections} connections, ${seconds} s each\n`);
        const bare = await load('bare route', `${base}/assets/copil.css`, null, suiviConnections, seconds);
        process.stdout.write(`${line(bare)}\n`);
        const first = await load('/suivi académie', `${base}/suivi`, cookie, suiviConnections, seconds);
        process.stdout.write(`${line(first)}\n`);
        const middle = await load(`${far} académie`, `${base}${far}`, cookie, suiviConnections, seconds);
        process.stdout.write(`${line(middle)}\n`);
        ratios.push(`académie (${academieSize} committees): ${ratio(first, bare)}, ${ratio(middle, bare)}`);

        if (parts.has('national')) {
          const more = Math.max(0, nationalSize - academieSize);
          await fillComplianceData(filler, { committees: more, conventions: Math.max(1, Math.round(more / 170)) }, FILL_NOW, {
            committees: academieSize,
            conventions,
          });
          await filler.query('ANALYZE');
          const [{ total }] = await dataSource.query(`SELECT count(*)::int AS total FROM committees`);
          const national = await sessionOf(dataSource, config.auth.secret, 'administratrice@bench.example.fr', { role: 'admin' });
          const farNational = `/suivi?page=${Math.max(1, Math.floor(nationalSize / 50 / 2))}`;
          for (const path of ['/suivi', farNational, '/suivi?vue=annee']) await expectPage(base, path, national);

          process.stdout.write(`\n3. /suivi national, ${total} committees: ${suiviConnections} connections, ${seconds} s each\n`);
          const bareAgain = await load('bare route', `${base}/assets/copil.css`, null, suiviConnections, seconds);
          process.stdout.write(`${line(bareAgain)}\n`);
          const whole = await load('/suivi national', `${base}/suivi`, national, suiviConnections, seconds);
          process.stdout.write(`${line(whole)}\n`);
          const wholeFar = await load(`${farNational} national`, `${base}${farNational}`, national, suiviConnections, seconds);
          process.stdout.write(`${line(wholeFar)}\n`);
          const year = await load('/suivi?vue=annee national', `${base}/suivi?vue=annee`, national, suiviConnections, seconds);
          process.stdout.write(`${line(year)}\n`);
          ratios.push(`national (${total} committees): ${ratio(whole, bareAgain)}, ${ratio(wholeFar, bareAgain)}, ${ratio(year, bareAgain)}`);
        }
      } finally {
        await filler.end();
      }
    }
    // Requests autocannon gave up on may still be running: let them end before the pool closes.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    // The goal's line last: the convener's pages as kept.
    const goal = ratios.filter((entry) => entry.startsWith('pages: '));
    const others = ratios.filter((entry) => !entry.startsWith('pages: '));
    process.stdout.write(`\nload average at end ${loadAverage()}\n${[...others, ...goal].join('\n')}\n`);
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
