import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { ComplianceService } from '../src/compliance/compliance.service';
import { DayStandingsJob } from '../src/compliance/day-standings.job';
import { ComplianceListResponse } from '../src/compliance/dto/compliance.response';
import { CONVENTION_FACT_COLUMNS, conventionContext } from '../src/compliance/convention-context';
import { ConventionWindow, fetchStandingCounts } from '../src/compliance/period-counts.query';
import { Convention } from '../src/conventions/convention.entity';
import { isWithinValidity } from '../src/rules/validity.rule';
import { Clock } from '../src/common/clock';
import { fillComplianceData } from './compliance-fill';
import { databaseUrl, positiveInt } from './bench-env';

/**
 * npm run bench:compliance — the compliance report across 50,000 committees against a plain
 * aggregate over the same meetings, then across twice as many. The report is timed after a write
 * (computed again), between two requests without one (kept), by a service just started (the
 * day's standings read back from the database), with nothing kept (the day's first report computed
 * from nothing) and as the day's first request after the worker's DayStandingsJob stored the
 * day's standings (read back by an API that kept yesterday's). Creates its own database on the
 * server named by BENCH_DATABASE_URL (its maintenance database; default
 * postgres://postgres@127.0.0.1:5432/postgres), migrates and fills it, times both, prints the
 * figures and the load average, the ratios on its last line, and drops it.
 * BENCH_COMMITTEES, BENCH_CONVENTIONS and BENCH_RUNS change the size and the number of timed runs.
 */
const NOW = new Date('2025-06-16T08:00:00Z');

class FixedClock extends Clock {
  now(): Date {
    return NOW;
  }
}

/** The API's clock across midnight: the day before NOW, then NOW. */
class MovingClock extends Clock {
  constructor(public at: Date) {
    super();
  }

  now(): Date {
    return this.at;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function timed<T>(runs: number, work: () => Promise<T>): Promise<{ times: number[]; last: T }> {
  const times: number[] = [];
  let last: T | undefined;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    last = await work();
    times.push(performance.now() - started);
  }
  return { times, last: last as T };
}

const ms = (value: number): string => `${value.toFixed(0)} ms`;

interface SizeFigures {
  committees: number;
  /** A service just started: nothing in memory, the day's standings read back from the database. */
  started: number;
  /** Nothing kept anywhere: the day's first report — every convention computed. */
  fresh: number;
  /** The API's first report of the day, after the worker's run of DayStandingsJob: read back. */
  afterWorker: number;
  cold: number;
  kept: number;
  floor: number;
}

/** The report after a write (computed again), the report kept between two requests, and the floor, at the size filled so far. */
async function measure(dataSource: DataSource, service: ComplianceService, runs: number): Promise<SizeFigures> {
  // One run first to warm the caches and the rule's holiday tables, as a running service would be.
  await service.list({ pageSize: 1 });
  // A write to one convention: the data changes, and the next report is computed again.
  const write = () => dataSource.query(`UPDATE conventions SET version = version WHERE reference = 'bench-1'`);
  const coldTimes: number[] = [];
  let report: ComplianceListResponse | undefined;
  for (let run = 0; run < runs; run += 1) {
    await write();
    const once = await timed(1, () => service.list({ pageSize: 50 }));
    coldTimes.push(once.times[0]);
    report = once.last;
  }
  const kept = await timed(runs, () => service.list({ pageSize: 50 }));
  await service.standingsStored();
  const started = await timed(runs, () => new ComplianceService(dataSource, new FixedClock()).list({ pageSize: 50 }));
  // The day's first report: nothing in memory nor stored. Storing it follows the answer; it is
  // timed apart, and finished before the next run.
  const fresh: number[] = [];
  const storing: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    await dataSource.query('DELETE FROM compliance_standings');
    const first = new ComplianceService(dataSource, new FixedClock());
    fresh.push((await timed(1, () => first.list({ pageSize: 50 }))).times[0]);
    storing.push((await timed(1, () => first.standingsStored())).times[0]);
  }
  // The day's first report with the worker running: the API's service kept yesterday's report,
  // the worker's DayStandingsJob computed and stored today's after midnight.
  const afterWorker: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    await dataSource.query('DELETE FROM compliance_standings');
    const clock = new MovingClock(new Date(NOW.getTime() - 86_400_000));
    const api = new ComplianceService(dataSource, clock);
    await api.list({ pageSize: 50 });
    await api.standingsStored();
    await new DayStandingsJob(new ComplianceService(dataSource, new FixedClock())).run();
    clock.at = NOW;
    // The worker's service is another process's memory: what it left here is collected before the
    // API's request is timed (npm run bench:compliance gives node --expose-gc).
    (globalThis as { gc?: () => void }).gc?.();
    afterWorker.push((await timed(1, () => api.list({ pageSize: 50 }))).times[0]);
  }
  const behind = await service.list({ status: ['at_risk', 'missed'], pageSize: 1 });
  // The statement alone, with the windows the service gives it: how much of the report is SQL.
  const windows: ConventionWindow[] = (await dataSource.getRepository(Convention).find({ select: CONVENTION_FACT_COLUMNS }))
    .map((facts) => conventionContext(facts, NOW))
    .filter((context) => isWithinValidity(context.today, context.validity))
    .map((context) => ({
      conventionId: context.facts.id,
      validFrom: context.validity.start,
      validUntil: context.validity.end,
      rangeFrom: context.validity.start as string,
      rangeTo: context.today,
      today: context.today,
    }));
  const statement = await timed(runs, () => fetchStandingCounts(dataSource.manager, windows, { latest: 3 }));
  const floor = await timed(runs, () =>
    dataSource.query(`SELECT committee_id, count(*) FILTER (WHERE state = 'held') AS held FROM meetings GROUP BY committee_id`),
  );
  const [{ committees, meetings }] = await dataSource.query(
    `SELECT (SELECT count(*)::int FROM committees) AS committees, (SELECT count(*)::int FROM meetings WHERE state IN ('held', 'scheduled')) AS meetings`,
  );
  const byStatus = new Map<string, number>();
  for (const status of ['missed', 'at_risk', 'on_track', 'met', 'not_due'] as const) {
    byStatus.set(status, (await service.list({ status: [status], pageSize: 1 })).total);
  }
  const figures = { committees, started: median(started.times), fresh: median(fresh), afterWorker: median(afterWorker), cold: median(coldTimes), kept: median(kept.times), floor: median(floor.times) };
  console.log('');
  console.log(`${committees} committees, ${meetings} meetings held or scheduled (load ${loadAverage()})`);
  console.log(`compliance report after a write to one convention (GET /compliance code path), ${runs} runs: median ${ms(figures.cold)} [${coldTimes.map(ms).join(', ')}]`);
  console.log(`compliance report of a service just started (the day's standings read back), ${runs} runs: median ${ms(figures.started)} [${started.times.map(ms).join(', ')}]`);
  console.log(`compliance report with nothing kept (the day's first), ${runs} runs: median ${ms(figures.fresh)} [${fresh.map(ms).join(', ')}]; then storing it: median ${ms(median(storing))}`);
  console.log(
    `compliance report of the day's first request after the worker's run (its day's standings read back by an API that kept yesterday's), ${runs} runs: ` +
      `median ${ms(figures.afterWorker)} [${afterWorker.map(ms).join(', ')}]`,
  );
  console.log(`  committees reported: ${report?.total}; behind (at_risk or missed): ${behind.total}`);
  console.log(`  standings: ${[...byStatus].map(([status, count]) => `${status} ${count}`).join(', ')}`);
  console.log(`  of which the set-based statements alone: median ${ms(median(statement.times))}, ${statement.last.committees.filter((committee) => committee.slots !== null).length} committees with meetings of ${statement.last.committees.length}`);
  console.log(`compliance report kept (no write in between), ${runs} runs: median ${ms(figures.kept)} [${kept.times.map(ms).join(', ')}]`);
  console.log(`floor (one GROUP BY over meetings), ${runs} runs: median ${ms(figures.floor)} [${floor.times.map(ms).join(', ')}]`);
  return figures;
}

const loadAverage = (): string => loadavg().map((value) => value.toFixed(1)).join(' ');

async function main(): Promise<void> {
  const maintenanceUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const size = { committees: positiveInt('BENCH_COMMITTEES', 50_000), conventions: positiveInt('BENCH_CONVENTIONS', 300) };
  const runs = positiveInt('BENCH_RUNS', 5);
  const name = `copil_bench_${randomBytes(5).toString('hex')}`;

  const admin = new Client({ connectionString: maintenanceUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  console.log(`database ${name} created`);
  const dataSource = new DataSource(dataSourceOptions(databaseUrl(maintenanceUrl, name)));
  try {
    await dataSource.initialize();
    let started = performance.now();
    await dataSource.runMigrations({ transaction: 'each' });
    console.log(`migrations: ${ms(performance.now() - started)}`);
    const service = new ComplianceService(dataSource, new FixedClock());

    // The size asked for, then as much again: the second measure is of twice the committees.
    const figures: SizeFigures[] = [];
    for (const offset of [{ conventions: 0, committees: 0 }, size]) {
      const filler = new Client({ connectionString: databaseUrl(maintenanceUrl, name) });
      await filler.connect();
      started = performance.now();
      const counts = await fillComplianceData(filler, size, NOW, offset);
      await filler.end();
      console.log(
        `fill: ${counts.conventions} conventions, ${counts.committees} committees, ${counts.meetings} meetings in ${ms(performance.now() - started)}`,
      );
      figures.push(await measure(dataSource, service, runs));
    }
    const [single, double] = figures;
    console.log(
      `ratio report / floor: ${(single.cold / single.floor).toFixed(1)} after a write, ${(single.kept / single.floor).toFixed(2)} kept ` +
        `(${single.committees} committees: ${ms(single.cold)}, ${ms(single.kept)}, floor ${ms(single.floor)}); ` +
        `${double.committees} committees: ${(double.cold / double.floor).toFixed(1)} after a write (${ms(double.cold)}, floor ${ms(double.floor)}), ` +
        `time × ${(double.cold / single.cold).toFixed(2)} for × ${(double.committees / single.committees).toFixed(1)} committees; ` +
        `service just started: ${(single.started / single.floor).toFixed(1)} (${ms(single.started)}), then ${(double.started / double.floor).toFixed(1)} (${ms(double.started)}), ` +
        `time × ${(double.started / single.started).toFixed(2)}; ` +
        `nothing kept (the day's first): ${(single.fresh / single.floor).toFixed(1)} (${ms(single.fresh)}), then ${(double.fresh / double.floor).toFixed(1)} (${ms(double.fresh)}), ` +
        `time × ${(double.fresh / single.fresh).toFixed(2)}; ` +
        `the day's first after the worker's run: ${(single.afterWorker / single.floor).toFixed(1)} (${ms(single.afterWorker)}), ` +
        `then ${(double.afterWorker / double.floor).toFixed(1)} (${ms(double.afterWorker)}), time × ${(double.afterWorker / single.afterWorker).toFixed(2)}`,
    );
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    console.log(`database ${name} dropped`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
