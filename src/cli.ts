import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { ConsoleLogger, Logger, LogLevel } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, IMPORT_CLI_ACTOR, runAsActor } from './audit/audit-context';
import { makeAdministrator } from './auth/admin-bootstrap';
import { AccessTokensService } from './auth/access-tokens.service';
import { registerAuditSubscriber } from './audit/audit.subscriber';
import { AppConfig, enabledLogLevels, loadConfigOrExit } from './config/app-config';
import { dataSourceOptions } from './database/data-source-options';
import { ensureDatabaseExists } from './database/ensure-database';
import { DomainError, FieldError } from './common/domain-error';
import { SystemClock } from './common/clock';
import { DefinitionsService, ImportRequest } from './definitions/definitions.service';
import { LateJoiners } from './convocations/late-joiners';
import { MembershipChangeListener } from './convocations/membership-change.listener';
import { OutboxRepository } from './convocations/outbox.repository';
import { OutboxQueue } from './queue/outbox-queue';
import { conventionDefinitionSchemaText } from './definitions/definition-schema';
import { describeReport, RowChange } from './definitions/import-report';
import { importSchoolHolidays } from './school-holidays/school-holidays.store';

export interface CliContext {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Read only by the commands that reach the database. */
  config: () => AppConfig;
}

const IMPORT_FLAGS = ['--dry-run', '--confirm-removals'];

const ADMIN_CLI_ACTOR: Actor = { kind: 'cli', personId: null, label: 'admin cli' };

const USAGE = [
  'usage: copil <command>',
  '  migrate              run the pending database migrations',
  '  import <file>...     import convention definition files (YAML or JSON), each in its own transaction',
  '      --dry-run            say what each file would change, write nothing',
  '      --confirm-removals   remove what a file no longer lists (refused otherwise, listing it)',
  '  schema               print the JSON Schema of definition files',
  '  admin <email>        make this person an administrator and print an API token for them (30 days)',
  '  school-holidays import <file.csv|json>',
  '                       import an export of the ministry\'s dataset « Calendrier scolaire »',
].join('\n');

/** Runs one command and returns the process exit code: 0 done, 1 some file or step failed, 2 misuse. */
export async function runCli(args: string[], context: CliContext): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'schema':
      context.out(conventionDefinitionSchemaText());
      return 0;
    case 'migrate':
      return withDataSource(context, (dataSource) => migrate(dataSource, context));
    case 'import':
      return importCommand(rest, context);
    case 'admin':
      if (rest.length !== 1 || !/^[^\s@]+@[^\s@]+$/.test(rest[0])) {
        context.err(`admin needs one email address\n${USAGE}\n`);
        return 2;
      }
      return withDataSource(context, (dataSource) => administrator(rest[0], dataSource, context));
    case 'school-holidays':
      if (rest[0] !== 'import' || rest.length !== 2) {
        context.err(`school-holidays import needs one file\n${USAGE}\n`);
        return 2;
      }
      return withDataSource(context, (dataSource) => {
        registerAuditSubscriber(dataSource);
        return runAsActor(IMPORT_CLI_ACTOR, () => schoolHolidays(rest[1], dataSource, context));
      });
    default:
      context.err(`${USAGE}\n`);
      return 2;
  }
}

/** import [--dry-run] [--confirm-removals] <file>... */
function importCommand(args: string[], context: CliContext): Promise<number> | number {
  const flags = new Set(args.filter((arg) => arg.startsWith('--')));
  const files = args.filter((arg) => !arg.startsWith('--'));
  const unknown = [...flags].filter((flag) => !IMPORT_FLAGS.includes(flag));
  if (unknown.length > 0 || files.length === 0) {
    context.err(`${unknown.length > 0 ? `unknown option ${unknown.join(', ')}` : 'import needs at least one file'}\n${USAGE}\n`);
    return 2;
  }
  const request: ImportRequest = { dryRun: flags.has('--dry-run'), confirmRemovals: flags.has('--confirm-removals') };
  return withDataSource(context, async (dataSource) => {
    registerAuditSubscriber(dataSource);
    if (request.dryRun) return runAsActor(IMPORT_CLI_ACTOR, () => importFiles(files, request, new DefinitionsService(dataSource), context));
    const convocations = lateJoinersOfCommandLine(dataSource, context.config());
    try {
      return await runAsActor(IMPORT_CLI_ACTOR, () => importFiles(files, request, new DefinitionsService(dataSource, convocations.listener), context));
    } finally {
      await convocations.close();
    }
  });
}

/**
 * A file that seats someone on a committee whose meeting is already convened convenes them, and
 * one that unseats someone withdraws them, as the API does. The rows are written with the import;
 * the queue is waited for only when there is something to hand it, and a Redis out of reach leaves
 * the rows to the worker's reconciler.
 */
function lateJoinersOfCommandLine(dataSource: DataSource, config: AppConfig): { listener: MembershipChangeListener; close: () => Promise<void> } {
  const queue = new OutboxQueue(config);
  const lateJoiners = new LateJoiners(new SystemClock(), queue, new OutboxRepository(dataSource, config));
  const listener: MembershipChangeListener = {
    onMembershipsChanged: (committeeId, manager) => lateJoiners.onMembershipsChanged(committeeId, manager),
    afterCommit: async (messages) => {
      if (messages.length === 0) return;
      await queue.onModuleInit();
      await lateJoiners.afterCommit(messages);
    },
  };
  return { listener, close: () => queue.onApplicationShutdown() };
}

async function schoolHolidays(file: string, dataSource: DataSource, context: CliContext): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    context.err(`${file}: cannot read: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    const result = await importSchoolHolidays(dataSource, text, file.split('/').pop() ?? file);
    context.out(
      `${file}: ${result.holidays} holidays imported (${result.schoolYears.join('; ')})` +
        (result.skipped > 0 ? `, ${result.skipped} rows of other zones or for teachers only left out` : '') +
        '\n',
    );
    return 0;
  } catch (error) {
    context.err(describeFailure(file, error));
    return 1;
  }
}

async function withDataSource(context: CliContext, work: (dataSource: DataSource) => Promise<number>): Promise<number> {
  await ensureDatabaseExists(context.config().databaseUrl);
  const dataSource = new DataSource(dataSourceOptions(context.config().databaseUrl));
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Whoever runs commands on the server already holds the database: this is how the first
 * administrator gets in without a mail server, and how a lost administrator is restored.
 */
async function administrator(email: string, dataSource: DataSource, context: CliContext): Promise<number> {
  registerAuditSubscriber(dataSource);
  const config = context.config();
  const { secret, token } = await runAsActor(ADMIN_CLI_ACTOR, async () => {
    const accountId = await dataSource.transaction((manager) => makeAdministrator(manager, email));
    const clock = new SystemClock();
    return new AccessTokensService(dataSource, config, clock).issueApiToken(accountId, 'copil admin (command line)', new Date(clock.now().getTime() + 30 * 86_400_000));
  });
  context.out(`${email.toLowerCase()} is an administrator.\nAPI token (shown once, valid until ${token.expiresAt.toISOString()}):\n${secret}\n`);
  return 0;
}

async function migrate(dataSource: DataSource, context: CliContext): Promise<number> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  context.out(applied.length === 0 ? 'no pending migration\n' : applied.map((m) => `applied ${m.name}\n`).join(''));
  return 0;
}

/** Each file is imported on its own: a bad file is reported and changes nothing, the good ones are still imported. */
async function importFiles(files: string[], request: ImportRequest, definitions: DefinitionsService, context: CliContext): Promise<number> {
  let failed = 0;
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      context.err(`${file}: cannot read: ${(error as Error).message}\n`);
      failed += 1;
      continue;
    }
    try {
      const result = await definitions.importDefinition(text, request);
      const state = result.created ? 'created' : result.changed ? 'updated' : 'unchanged';
      const verb = result.dryRun ? 'would be ' : '';
      context.out(`${file}: ${result.reference} ${verb}${state}${result.changed ? ` (${describeReport(result.report)})` : ''}\n`);
      for (const row of result.changes.removed) context.out(`${file}: ${result.dryRun ? 'would remove' : 'removed'} ${describeRow(row)}\n`);
      for (const row of result.changes.kept) context.out(`${file}: kept ${describeRow(row)}, which the file does not list\n`);
    } catch (error) {
      failed += 1;
      context.err(describeFailure(file, error));
    }
  }
  return failed > 0 ? 1 : 0;
}

function describeFailure(file: string, error: unknown): string {
  if (error instanceof DomainError && error.code === 'removals_need_confirmation') {
    const removals = error.details.removals as RowChange[];
    return [
      ...removals.map((row) => `${file}: would remove ${describeRow(row)}\n`),
      `${file}: nothing imported: the file no longer lists ${removals.length} row(s); run again with --confirm-removals to remove them\n`,
    ].join('');
  }
  if (error instanceof DomainError) {
    const fields = (error.details.fields as FieldError[] | undefined) ?? [];
    if (fields.length > 0) return fields.map((field) => `${file}: ${field.path}: ${field.message}\n`).join('');
    return `${file}: ${error.message}\n`;
  }
  return `${file}: ${error instanceof Error ? error.message : String(error)}\n`;
}

/** "memberships copil/elu/anne@…/2016-10-17 (entered through the API)" */
function describeRow(row: RowChange): string {
  const origin = row.source === 'api' ? ' (entered through the API)' : '';
  if (row.kind === 'substitutes') return `the substitute ${row.person} of membership ${row.key}${origin}`;
  if (row.kind === 'end_dates') return `the end date ${row.endsOn} of membership ${row.key}${origin}`;
  return `${row.kind} ${row.key}${origin}`;
}

/**
 * The command line's standard output carries only what the command prints (a schema, a token, one
 * line per file), so the services' logs go to standard error, at the level LOG_LEVEL names.
 */
class CommandLineLogger extends ConsoleLogger {
  protected override printMessages(messages: unknown[], context?: string, logLevel?: LogLevel, _stream?: 'stdout' | 'stderr', errorStack?: unknown): void {
    super.printMessages(messages, context, logLevel, 'stderr', errorStack);
  }
}

if (require.main === module) {
  let config: AppConfig | undefined;
  void runCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    config: () => {
      if (!config) {
        config = loadConfigOrExit();
        Logger.overrideLogger(new CommandLineLogger({ logLevels: enabledLogLevels(config.logLevel) }));
      }
      return config;
    },
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
