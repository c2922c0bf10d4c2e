import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config/app-config';
import { ConvocationsService } from '../src/convocations/convocations.service';
import { dataSourceOptions } from '../src/database/data-source-options';
import { Committee } from '../src/committees/committee.entity';
import { Seat } from '../src/committees/seat.entity';
import { Convention } from '../src/conventions/convention.entity';
import { Party } from '../src/conventions/party.entity';
import { AgendaItem } from '../src/meetings/agenda-item.entity';
import { Meeting } from '../src/meetings/meeting.entity';
import { Membership } from '../src/people/membership.entity';
import { Person } from '../src/people/person.entity';
import { databaseUrl, deleteKeys, positiveInt } from './bench-env';

/**
 * npm run bench:convocations — convenes BENCH_MEETINGS meetings (2,000) of BENCH_MEMBERS members (8)
 * and times until the mail server has accepted every convocation, sent by the worker as its own
 * process; then sends as many equal messages straight through a pooled nodemailer transport to
 * the same server. Prints both, their ratio and the worker's peak memory. Creates its own database
 * on the server named by BENCH_DATABASE_URL (its maintenance database) and drops it; the queue uses
 * a prefix of its own on REDIS_URL, deleted at the end. BENCH_WORKERS starts that many worker
 * processes (1 by default), with the node options of `npm run start:worker`; BENCH_WORKER_NODE_ARGS
 * adds options (--cpu-prof…).
 */

/** Built (dist/bench beside dist/src): the compiled worker, as `npm run start:worker` runs it; else through ts-node. */
const COMPILED_WORKER = resolve(__dirname, '../src/worker.js');
const REPOSITORY = existsSync(COMPILED_WORKER) ? resolve(__dirname, '../..') : resolve(__dirname, '..');

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
/** The machine is shared: the load average says what else ran, so runs compare by their ratios. */
const load = (): string => loadavg().map((value) => value.toFixed(2)).join(', ');

interface Sink {
  url: string;
  count: () => number;
  first: () => Buffer | null;
  reset: () => void;
  close: () => Promise<void>;
}

/** An SMTP server on loopback that accepts everything and only counts: the cheapest possible receiver. */
async function startSink(): Promise<Sink> {
  let count = 0;
  let first: Buffer | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (first === null) chunks.push(chunk);
      });
      stream.on('end', () => {
        count += 1;
        if (first === null) first = Buffer.concat(chunks);
        callback();
      });
    },
  });
  // A sender killed mid-message (the workers, when a run is interrupted) resets its connection: not the sink's failure.
  server.on('error', () => undefined);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    count: () => count,
    first: () => first,
    reset: () => {
      count = 0;
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** Writes the registry and the meetings straight to the database: the benchmark times convening and sending, not this. */
async function fill(dataSource: DataSource, meetings: number, members: number): Promise<string[]> {
  const manager = dataSource.manager;
  const convention = await manager.save(
    manager.create(Convention, {
      reference: `bench-${randomBytes(3).toString('hex')}`,
      title: 'Convention de partenariat pour le numérique éducatif',
      timeZone: 'Europe/Paris',
      holidayCountry: 'FR',
      holidayRegion: null,
      signedOn: '2024-01-01',
      effectiveFrom: null,
      durationMonths: 240,
      endsOn: null,
      tacitRenewal: false,
      terminatedOn: null,
      terminationNotice: { amount: null, unit: null, form: null },
    }),
  );
  const parties = await manager.save([
    manager.create(Party, { conventionId: convention.id, key: 'academie', kind: 'academie', name: 'Académie de Grenoble', position: 0 }),
    manager.create(Party, { conventionId: convention.id, key: 'commune', kind: 'commune', name: 'Commune de Crêts en Belledonne', position: 1 }),
  ]);
  // Eight meetings per committee, so the committees (and their members) are meetings / 8.
  const committees = Math.ceil(meetings / 8);
  const meetingIds: string[] = [];
  const start = new Date(Date.now() + 30 * 86_400_000);
  for (let index = 0; index < committees; index += 1) {
    const committee = await manager.save(
      manager.create(Committee, {
        conventionId: convention.id,
        key: `copil-${index}`,
        definitionKey: 'copil',
        kind: 'steering',
        name: 'Comité de pilotage local',
        scope: 'convention',
        circonscription: null,
        schoolId: null,
        article: '4.1',
        description: null,
        frequency: { minimum: 1, period: 'quarter', calendar: 'school', months: null, text: 'au moins une fois par trimestre' },
        notice: { days: 8, dayKind: 'calendar', text: 'au moins 8 jours avant' },
        quorum: { kind: 'each_party', share: null, countsProxies: false, proxiesAllowed: false, maxProxiesPerMember: null, text: null },
        conveners: [{ partyKey: 'academie', seatKey: 'seat-0', label: 'le directeur d’école' }],
        chairSeatKeys: [],
        chairRotates: false,
        guestsAllowed: false,
        guestsText: null,
        membersDesignatedBy: null,
        prerequisites: [],
        reports: [],
      }),
    );
    const seats = await manager.save(
      Array.from({ length: members }, (_, position) =>
        manager.create(Seat, {
          committeeId: committee.id,
          key: `seat-${position}`,
          partyId: parties[position % 2].id,
          role: position % 2 === 0 ? 'représentant de l’académie' : 'élu de la commune',
          count: 1,
          groupLabel: null,
          mayBeRepresented: false,
          position,
        }),
      ),
    );
    const people = await manager.save(
      seats.map((_, position) =>
        manager.create(Person, { fullName: `Membre ${index}-${position}`, email: `membre.${index}.${position}@bench.example.fr`, title: null, organization: null, phone: null }),
      ),
    );
    await manager.insert(
      Membership,
      seats.map((seat, position) => ({ seatId: seat.id, personId: people[position].id, startsOn: '2024-01-01', endsOn: null, substituteId: null })),
    );
    const count = Math.min(8, meetings - meetingIds.length);
    for (let number = 0; number < count; number += 1) {
      const startsAt = new Date(start.getTime() + (index * 8 + number) * 86_400_000);
      const meeting = await manager.save(
        manager.create(Meeting, {
          committeeId: committee.id,
          kind: 'ordinary',
          state: 'scheduled',
          title: null,
          startsAt,
          endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
          location: 'École élémentaire, salle du conseil',
          videoUrl: null,
          icalUid: `${randomUUID()}@bench.copil`,
          icalSequence: 0,
          quorumReached: null,
          quorumReasons: [],
          minutes: null,
          decisions: [],
        }),
      );
      await manager.insert(AgendaItem, [
        { meetingId: meeting.id, position: 1, title: 'Bilan du trimestre', description: 'Point d’étape du déploiement des tablettes', presenter: null, documents: [] },
        { meetingId: meeting.id, position: 2, title: 'Questions diverses', description: null, presenter: null, documents: [] },
      ]);
      meetingIds.push(meeting.id);
    }
  }
  return meetingIds;
}

/** The node options `npm run start:worker` gives the worker (its memory limits), so the benchmark runs it the same way. */
function startWorkerNodeOptions(): string[] {
  const scripts = (JSON.parse(readFileSync(join(REPOSITORY, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  return (scripts['start:worker'] ?? '').split(' ').filter((word) => word.startsWith('--'));
}

function startWorker(env: Record<string, string>): ChildProcess {
  const entry = existsSync(COMPILED_WORKER) ? [COMPILED_WORKER] : ['-r', 'ts-node/register/transpile-only', join(REPOSITORY, 'src/worker.ts')];
  // BENCH_WORKER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=prof", to look inside the worker.
  const args = [...startWorkerNodeOptions(), ...(process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean), ...entry];
  return spawn(process.execPath, args, { cwd: REPOSITORY, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * Stops the workers and waits until they have exited: a worker still closing writes its queue's
 * keys again, so the keys are deleted only once no worker is left.
 */
async function stopWorkers(workers: readonly ChildProcess[], signal: NodeJS.Signals): Promise<void> {
  await Promise.all(
    workers.map(async (worker) => {
      if (worker.exitCode !== null || worker.signalCode !== null) return;
      const exited = new Promise<void>((done) => worker.once('exit', () => done()));
      worker.kill(signal);
      const timer = setTimeout(() => worker.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }),
  );
}

function peakRss(pid: number | undefined): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, from /proc; null where there is none. */
function cpuMs(pid: number | undefined): number | null {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses, in clock ticks (100 per second here).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

async function baseline(sink: Sink, sample: Buffer, total: number, pool: number, concurrency: number): Promise<number> {
  const mail = await simpleParser(sample);
  const calendar = mail.attachments.find((part) => part.contentType === 'text/calendar');
  const transport = nodemailer.createTransport({ url: sink.url, pool: true, maxConnections: pool, connectionTimeout: 30000, greetingTimeout: 30000, socketTimeout: 30000 });
  const domain = 'bench.copil';
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        await transport.sendMail({
          from: mail.from?.text,
          to: 'membre.0.0@bench.example.fr',
          subject: mail.subject,
          text: mail.text,
          html: mail.html || undefined,
          headers: { 'Message-ID': `<${randomUUID()}@${domain}>`, 'Auto-Submitted': 'auto-generated' },
          icalEvent: calendar ? { method: 'REQUEST', filename: 'invitation.ics', content: calendar.content.toString('utf8'), contentTransferEncoding: 'base64' } : undefined,
        });
      }
    }),
  );
  const elapsed = performance.now() - started;
  transport.close();
  return elapsed;
}

async function main(): Promise<void> {
  const meetings = positiveInt('BENCH_MEETINGS', 2000);
  const members = positiveInt('BENCH_MEMBERS', 8);
  const total = meetings * members;
  const maintenanceUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `copil_bench_conv_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: maintenanceUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const sink = await startSink();
  const env = {
    NODE_ENV: 'production',
    COPIL_SECRET: randomBytes(24).toString('hex'),
    DATABASE_URL: databaseUrl(maintenanceUrl, name),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `copil-bench-${randomBytes(3).toString('hex')}`,
    SMTP_URL: sink.url,
    MAIL_FROM: 'copil <copil@copil.example.fr>',
    MAIL_FROM_ACADEMIE: 'Direction des services départementaux <ce.dsden38@ac-grenoble.example.fr>',
    PUBLIC_BASE_URL: 'https://copil.example.fr',
    RUN_MIGRATIONS: 'false',
    LOG_LEVEL: 'warn',
  };
  const config = loadConfig(env);
  const workerCount = positiveInt('BENCH_WORKERS', 1);
  const workers: ChildProcess[] = [];
  let context: INestApplicationContext | null = null;
  let cleaned: Promise<void> | null = null;
  // Everything the run made goes, whether it ends, fails or is interrupted (Ctrl-C).
  // Each step runs even when one before it failed (an interrupted run may leave a step half done).
  const cleanUp = (): Promise<void> =>
    (cleaned ??= (async () => {
      const failures: unknown[] = [];
      const step = async (work: () => Promise<unknown> | undefined) => {
        try {
          await work();
        } catch (error) {
          failures.push(error);
        }
      };
      await step(() => stopWorkers(workers, 'SIGKILL'));
      await step(() => context?.close());
      await step(() => Promise.race([sink.close(), new Promise((done) => setTimeout(done, 5000).unref())]));
      await step(() => deleteKeys(config.redisUrl, config.queuePrefix));
      await step(() => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      await step(() => admin.end());
      for (const failure of failures) process.stderr.write(`cleaning up: ${failure instanceof Error ? failure.message : String(failure)}\n`);
    })());
  const interrupted = (signal: NodeJS.Signals) => {
    process.stderr.write(`${signal}: cleaning up…\n`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const dataSource = new DataSource(dataSourceOptions(config.databaseUrl));
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    process.stdout.write(`Filling ${meetings} meetings of ${members} members…\n`);
    const meetingIds = await fill(dataSource, meetings, members);

    context = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
    const convocations = context.get(ConvocationsService);
    for (let index = 0; index < workerCount; index += 1) workers.push(startWorker(env));
    // Let the workers finish starting, so their start is not counted.
    await new Promise((done) => setTimeout(done, 4000));

    const loadBefore = load();
    const workerCpuAtStart = workers.map((worker) => cpuMs(worker.pid));
    const started = performance.now();
    let convened = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (convened < meetingIds.length) {
          const meetingId = meetingIds[convened];
          convened += 1;
          await convocations.convene(meetingId, {}, null);
        }
      }),
    );
    const conveneMs = performance.now() - started;
    await until(
      async () => (await dataSource.query(`SELECT count(*)::int AS sent FROM outbound_messages WHERE state = 'sent'`))[0].sent >= total,
      'every convocation accepted',
      30 * 60_000,
    );
    const copilMs = performance.now() - started;
    const rss = workers.map((worker) => peakRss(worker.pid));
    const workerCpu = workers.map((worker, index) => {
      const [now, atStart] = [cpuMs(worker.pid), workerCpuAtStart[index]];
      return now === null || atStart === null ? null : now - atStart;
    });
    const received = sink.count();
    const sample = sink.first();
    await stopWorkers(workers, 'SIGTERM');
    await context.close();
    context = null;
    await dataSource.destroy();

    sink.reset();
    const baselineCpuBefore = process.cpuUsage();
    const baselineMs = await baseline(sink, sample as Buffer, total, config.mail.poolMaxConnections, config.convocations.workerConcurrency);

    const baselineCpu = process.cpuUsage(baselineCpuBefore);
    const perMessage = (ms: number): string => `${((ms / total) * 1000).toFixed(0)} µs/message`;
    const workersCpu = workerCpu.every((ms) => ms !== null) ? workerCpu.reduce((sum: number, ms) => sum + (ms as number), 0) : null;
    process.stdout.write(
      [
        '',
        `load average (1, 5, 15 min): ${loadBefore} before, ${load()} after`,
        `copil: ${meetings} meetings convened × ${members} members = ${total} convocations`,
        `  convening (rows written, jobs queued): ${seconds(conveneMs)}`,
        `  until every message accepted by the SMTP sink: ${seconds(copilMs)} (${(total / (copilMs / 1000)).toFixed(0)} messages/s; sink received ${received})`,
        `  ${workerCount} worker process${workerCount > 1 ? 'es' : ''}, peak RSS: ${rss.map((bytes) => (bytes === null ? 'unknown (no /proc)' : megabytes(bytes))).join(', ')}`,
        `  worker CPU (user + system, from the first convening on): ${workersCpu === null ? 'unknown (no /proc)' : `${seconds(workersCpu)}, ${perMessage(workersCpu)}`}`,
        `baseline: ${total} equal messages straight through nodemailer (pool of ${config.mail.poolMaxConnections}, ${config.convocations.workerConcurrency} at a time)`,
        `  ${seconds(baselineMs)} (${(total / (baselineMs / 1000)).toFixed(0)} messages/s); CPU of nodemailer and the sink: ${perMessage((baselineCpu.user + baselineCpu.system) / 1000)}`,
        `ratio copil / baseline (${workerCount} worker${workerCount > 1 ? 's' : ''}): ${(copilMs / baselineMs).toFixed(2)}`,
      ].join('\n') + '\n',
    );
  } finally {
    await cleanUp();
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
