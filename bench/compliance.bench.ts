import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { ComplianceService } from '../src/compliance/compliance.service';
import { CONVENTION_FACT_COLUMNS, conventionContext } from '../src/compliance/convention-context';
import { ConventionWindow, fetchPeriodCounts } from '../src/compliance/period-counts.query';
import { Convention } from '../src/conventions/convention.entity';
import { isWithinValidity } from '../src/rules/validity.rule';
import { Clock } from '../src/common/clock';
import { fillComplianceData } from './compliance-fill';
import { databaseUrl, positiveInt } from './bench-env';

/**
 * npm run bench:compliance — the compliance report across 50,000 committees against a plain
 * aggregate over the same meetings. Creates its own database on the server named by
 * BENCH_DATABASE_URL (its maintenance database; default postgres://postgres@127.0.0.1:5432/postgres),
 * migrates and fills it, times both, prints the figures, and drops it.
 * BENCH_COMMITTEES, BENCH_CONVENTIONS and BENCH_RUNS change the size and the number of timed runs.
 */
const NOW = new Date('2025-06-16T08:00:00Z');

class FixedClock extends Clock {
  now(): Date {
    return NOW;
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

    const filler = new Client({ connectionString: databaseUrl(maintenanceUrl, name) });
    await filler.connect();
    started = performance.now();
    const counts = await fillComplianceData(filler, size, NOW);
    await filler.end();
    console.log(
      `fill: ${counts.conventions} conventions, ${counts.committees} committees, ${counts.meetings} meetings in ${ms(performance.now() - started)}`,
    );

    const service = new ComplianceService(dataSource, new FixedClock());
    // One run first to warm the caches and the rule's holiday tables, as a running service would be.
    await service.list({ pageSize: 1 });
    const report = await timed(runs, () => service.list({ pageSize: 50 }));
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
    const statement = await timed(runs, () => fetchPeriodCounts(dataSource.manager, windows, { latest: 3 }));
    const floor = await timed(runs, () =>
      dataSource.query(`SELECT committee_id, count(*) FILTER (WHERE state = 'held') AS held FROM meetings GROUP BY committee_id`),
    );
    const [periodRows] = await dataSource.query(
      `SELECT count(*)::int AS n FROM meetings WHERE state IN ('held', 'scheduled')`,
    );

    const reportMedian = median(report.times);
    const floorMedian = median(floor.times);
    const byStatus = new Map<string, number>();
    for (const status of ['missed', 'at_risk', 'on_track', 'met', 'not_due'] as const) {
      byStatus.set(status, (await service.list({ status: [status], pageSize: 1 })).total);
    }
    console.log('');
    console.log(`compliance report (GET /compliance code path), ${runs} runs: median ${ms(reportMedian)} [${report.times.map(ms).join(', ')}]`);
    console.log(`  committees reported: ${report.last.total}; behind (at_risk or missed): ${behind.total}`);
    console.log(`  standings: ${[...byStatus].map(([status, count]) => `${status} ${count}`).join(', ')}`);
    console.log(`  meetings held or scheduled: ${periodRows.n}`);
    console.log(`  of which the set-based statement alone: median ${ms(median(statement.times))}, ${statement.last.periods.length} period rows for ${statement.last.committees.length} committees`);
    console.log(`floor (one GROUP BY over meetings), ${runs} runs: median ${ms(floorMedian)} [${floor.times.map(ms).join(', ')}]`);
    console.log(`  rows: ${floor.last.length}`);
    console.log(`ratio report / floor: ${(reportMedian / floorMedian).toFixed(1)}`);
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
