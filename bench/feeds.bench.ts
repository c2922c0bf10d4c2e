import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { hashSecret, newSecret } from '../src/auth/credentials';
import { FEED_TOKEN_PREFIX } from '../src/calendar-feeds/calendar-feeds.service';
import { dataSourceOptions } from '../src/database/data-source-options';

/**
 * npm run bench:feeds — one person's subscribable calendar of BENCH_FEED_MEETINGS meetings (100),
 * each with its agenda, served by the real API (compiled, its own process) and fetched with
 * autocannon: first unchanged (If-None-Match → 304), then in full (200). One connection, so the
 * figures are latencies, not queueing. BENCH_FEED_ROUNDS rounds (3) of both, each printed, then
 * their median with its ratio to the goal (p99 ≤ 20 ms for a 304, ≤ 100 ms for a 200; a ratio
 * ≤ 1 meets it). The requests go round BENCH_FEEDS secret addresses of the same calendar (100) to
 * stay under the per-feed rate limit. BENCH_OTHER_COMMITTEES (2,000) other committees with 20
 * meetings each fill the tables around it. Prints the API process's CPU per request and the load
 * average beside the latencies: on a shared machine the latencies include waiting for a core.
 * Creates its own database on the server named by BENCH_DATABASE_URL (its maintenance database)
 * and drops it; uses its own Redis prefix on REDIS_URL, deleted at the end.
 */

const COMPILED_API = resolve(__dirname, '../src/main.js');
const REPOSITORY = existsSync(COMPILED_API) ? resolve(__dirname, '../..') : resolve(__dirname, '..');
const BUDGET_304_MS = 20;
const BUDGET_200_MS = 100;

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a whole number of at least 1, got "${raw}"`);
  return Number(raw);
}

function databaseUrl(maintenanceUrl: string, name: string): string {
  const url = new URL(maintenanceUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** The registry, 100 meetings and the feeds, straight to the database: the benchmark times serving, not this. */
async function fill(dataSource: DataSource, meetings: number, feeds: number, secret: string): Promise<string[]> {
  const [convention] = await dataSource.query(
    `INSERT INTO conventions (reference, title, time_zone, holiday_country, signed_on, duration_months, tacit_renewal, version)
     VALUES ('bench-feeds', 'Convention de partenariat pour le numérique éducatif', 'Europe/Paris', 'FR', '2024-01-01', 240, false, 1) RETURNING id`,
  );
  const [committee] = await dataSource.query(
    `INSERT INTO committees (convention_id, key, definition_key, kind, name, scope, version) VALUES ($1, 'copil', 'copil', 'steering', 'Comité de pilotage local', 'convention', 1) RETURNING id`,
    [convention.id],
  );
  const [seat] = await dataSource.query(`INSERT INTO seats (committee_id, key, role) VALUES ($1, 'directeur', 'le directeur d’école') RETURNING id`, [committee.id]);
  const [person] = await dataSource.query(`INSERT INTO people (full_name, email) VALUES ('Claire Martin', 'claire.martin@bench.example.fr') RETURNING id`);
  await dataSource.query(`INSERT INTO memberships (seat_id, person_id, starts_on) VALUES ($1, $2, '2024-01-01')`, [seat.id, person.id]);
  const [account] = await dataSource.query(`INSERT INTO accounts (person_id) VALUES ($1) RETURNING id`, [person.id]);
  const first = Date.now() - 60 * 86_400_000;
  for (let index = 0; index < meetings; index += 1) {
    const startsAt = new Date(first + index * 2 * 86_400_000);
    const [meeting] = await dataSource.query(
      `INSERT INTO meetings (committee_id, kind, state, title, starts_at, ends_at, location, video_url, ical_uid, ical_sequence, version, cancelled_at)
       VALUES ($1, 'ordinary', $2, $3, $4, $5, 'École élémentaire, salle du conseil', 'https://visio.example.fr/copil', $6, $7, 1,
               CASE WHEN $2 = 'cancelled' THEN now() END) RETURNING id`,
      [committee.id, index % 10 === 9 ? 'cancelled' : 'scheduled', `Séance n° ${index + 1}`, startsAt, new Date(startsAt.getTime() + 2 * 3_600_000), `${randomUUID()}@bench.copil`, index % 3],
    );
    await dataSource.query(
      `INSERT INTO agenda_items (meeting_id, position, title, description, presenter)
       VALUES ($1, 1, 'Bilan du trimestre', 'Point d’étape du déploiement des tablettes, école par école', 'M. l’IEN'),
              ($1, 2, 'Budget de l’année, investissements et maintenance', NULL, NULL),
              ($1, 3, 'Questions diverses', NULL, NULL)`,
      [meeting.id],
    );
  }
  // Other committees' meetings and agendas around it, as in a real académie: the feed must not read them.
  await dataSource.query(
    `WITH c AS (INSERT INTO committees (convention_id, key, definition_key, kind, name, scope, version)
                SELECT $1, 'other-' || i, 'other', 'steering', 'Comité n° ' || i, 'convention', 1 FROM generate_series(1, $2::int) AS i RETURNING id),
          m AS (INSERT INTO meetings (committee_id, kind, state, starts_at, ends_at, ical_uid, version)
                SELECT c.id, 'ordinary', 'scheduled', now() + (k || ' days')::interval, now() + (k || ' days')::interval + interval '2 hours', gen_random_uuid() || '@bench.copil', 1
                  FROM c, generate_series(1, 20) AS k RETURNING id)
     INSERT INTO agenda_items (meeting_id, position, title) SELECT m.id, p, 'Point ' || p FROM m, generate_series(1, 3) AS p`,
    [convention.id, positiveInt('BENCH_OTHER_COMMITTEES', 2000)],
  );
  await dataSource.query('ANALYZE');
  const tokens: string[] = [];
  for (let index = 0; index < feeds; index += 1) {
    const token = newSecret(FEED_TOKEN_PREFIX);
    await dataSource.query(`INSERT INTO calendar_feeds (account_id, scope, token_hash) VALUES ($1, 'person', $2)`, [account.id, hashSecret(secret, token)]);
    tokens.push(token);
  }
  return tokens;
}

function startApi(env: Record<string, string>): ChildProcess {
  const args = existsSync(COMPILED_API) ? [COMPILED_API] : ['-r', 'ts-node/register/transpile-only', 'src/main.ts'];
  return spawn(process.execPath, args, { cwd: REPOSITORY, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function waitFor(url: string, api: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (api.exitCode !== null) throw new Error(`the API exited (${api.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the API did not answer at ${url}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

/** CPU time (user + system) the process has used, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface Phase {
  apiCpuMs: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  statuses: Record<string, number>;
}

async function phase(base: string, tokens: string[], amount: number, headers: Record<string, string>, pid?: number): Promise<Phase> {
  const cpuBefore = cpuMs(pid);
  let next = 0;
  const statuses: Record<string, number> = {};
  const result = await autocannon({
    url: base,
    connections: 1,
    amount,
    headers,
    requests: [
      {
        setupRequest: (request) => {
          next = (next + 1) % tokens.length;
          return { ...request, path: `/calendar-feeds/${tokens[next]}.ics` };
        },
        onResponse: (status) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
        },
      },
    ],
  });
  return { apiCpuMs: (cpuMs(pid) - cpuBefore) / Math.max(1, result.requests.total), p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, requests: result.requests.total, statuses };
}

const fmt = (ms: number): string => `${ms.toFixed(1)} ms`;
const ratio = (ms: number, budget: number): string => (ms / budget).toFixed(2);
const loadAverage = (): string => loadavg().map((load) => load.toFixed(2)).join(', ');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main(): Promise<void> {
  const maintenanceUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const meetings = positiveInt('BENCH_FEED_MEETINGS', 100);
  const feeds = positiveInt('BENCH_FEEDS', 100);
  const unchanged = positiveInt('BENCH_FEED_304_REQUESTS', 2000);
  const full = positiveInt('BENCH_FEED_200_REQUESTS', 500);
  const rounds = positiveInt('BENCH_FEED_ROUNDS', 3);
  const name = `copil_bench_${randomBytes(5).toString('hex')}`;
  const prefix = `copil-bench-${randomBytes(4).toString('hex')}`;
  const secret = randomBytes(24).toString('hex');
  const admin = new Client({ connectionString: maintenanceUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = databaseUrl(maintenanceUrl, name);
  const dataSource = new DataSource(dataSourceOptions(url));
  let api: ChildProcess | null = null;
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const tokens = await fill(dataSource, meetings, feeds, secret);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    api = startApi({
      NODE_ENV: 'production',
      DATABASE_URL: url,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      RUN_MIGRATIONS: 'false',
      COPIL_SECRET: secret,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: 'https://copil.example.fr',
      LOG_LEVEL: 'error',
    });
    await waitFor(`${base}/health`, api);
    const probe = await fetch(`${base}/calendar-feeds/${tokens[0]}.ics`);
    const body = await probe.text();
    const etag = probe.headers.get('etag') ?? '';
    const events = body.split('BEGIN:VEVENT').length - 1;
    if (probe.status !== 200 || events !== meetings) throw new Error(`the feed answered ${probe.status} with ${events} events, expected 200 with ${meetings}`);
    console.log(`feed: ${meetings} meetings, ${(Buffer.byteLength(body) / 1024).toFixed(0)} KiB; ${feeds} addresses of it; ${cpus().length} cores, load average ${loadAverage()}`);
    // Warm-up (JIT, connection pools), not counted.
    await phase(base, tokens, 200, { 'if-none-match': etag });
    await phase(base, tokens, 50, {});
    const line = (label: string, result: Phase, budget: number) =>
      `${label} ${result.requests} requests, p50 ${fmt(result.p50)} (ratio ${ratio(result.p50, budget)}), p99 ${fmt(result.p99)} (ratio ${ratio(result.p99, budget)}), ` +
      `max ${fmt(result.max)}, API CPU ${fmt(result.apiCpuMs)}/request, statuses ${JSON.stringify(result.statuses)}`;
    const unchangedRounds: Phase[] = [];
    const changedRounds: Phase[] = [];
    for (let round = 1; round <= rounds; round += 1) {
      const notModified = await phase(base, tokens, unchanged, { 'if-none-match': etag }, api.pid);
      const changed = await phase(base, tokens, full, {}, api.pid);
      console.log(`round ${round}/${rounds} (load average ${loadAverage()})`);
      console.log(line('  304 unchanged:', notModified, BUDGET_304_MS));
      console.log(line('  200 full:     ', changed, BUDGET_200_MS));
      if (notModified.statuses['304'] !== notModified.requests || changed.statuses['200'] !== changed.requests) throw new Error('some requests did not get the expected status');
      unchangedRounds.push(notModified);
      changedRounds.push(changed);
    }
    // The median round: on a shared machine one round may fall on someone else's busy moment.
    const p99Unchanged = median(unchangedRounds.map((result) => result.p99));
    const p99Changed = median(changedRounds.map((result) => result.p99));
    console.log(
      `feeds of ${meetings} meetings, median of ${rounds} rounds: ` +
        `304 p50 ${fmt(median(unchangedRounds.map((result) => result.p50)))}, p99 ${fmt(p99Unchanged)} (goal ${BUDGET_304_MS} ms, ratio ${ratio(p99Unchanged, BUDGET_304_MS)}); ` +
        `200 p50 ${fmt(median(changedRounds.map((result) => result.p50)))}, p99 ${fmt(p99Changed)} (goal ${BUDGET_200_MS} ms, ratio ${ratio(p99Changed, BUDGET_200_MS)}); ` +
        `ratio ≤ 1.00 meets the goal`,
    );
  } finally {
    if (api && api.exitCode === null) {
      const exited = new Promise((done) => api?.once('exit', done));
      api.kill('SIGTERM');
      await exited;
    }
    await dataSource.destroy().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    const redis = new IORedis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
