import { CronExpressionParser } from 'cron-parser';
import { isIanaTimeZone } from '../rules/time-zone.rule';

/**
 * Typed configuration, read once from the environment at start.
 * Nothing else in copil reads process.env: everything receives an AppConfig.
 */
export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  http: {
    host: string;
    port: number;
    /**
     * Express "trust proxy": false (clients connect directly), a number of proxy hops, or
     * addresses/subnets of trusted proxies. Rate limits count per client address, so behind a
     * reverse proxy this must be set or every client shares the proxy's address.
     */
    trustProxy: boolean | number | string;
  };
  publicBaseUrl: string;
  databaseUrl: string;
  runMigrations: boolean;
  redisUrl: string;
  queuePrefix: string;
  mail: {
    /** SMTP URL (smtp:// or smtps://); null sends every message to the outbox folder instead. */
    smtpUrl: string | null;
    outboxDir: string;
    from: string;
    /** Sender addresses per party kind (academie, commune…), used for convocations. */
    fromByPartyKind: Record<string, string>;
    poolMaxConnections: number;
    timeoutMs: number;
  };
  auth: {
    secret: string;
    signInLinkTtlMinutes: number;
    /** Days a used or expired sign-in link, and a sign-in email's outbox row once settled, are kept before the purge. */
    signInRetentionDays: number;
    sessionTtlHours: number;
    /** Given an account and the admin role at start while copil has no active administrator. */
    adminEmail: string | null;
  };
  convocations: ConvocationsConfig;
  /** Who deploys copil: shown in the header of every page. */
  organization: {
    name: string;
    /** An image URL (https, or a path on this server); null shows the name alone. */
    logoUrl: string | null;
  };
  /** The organizer's mailbox the reply collector reads (IMAP_URL); null when unset: no collector. */
  replyMailbox: ReplyMailboxConfig | null;
  /**
   * Responses kept in memory until a write commits (ResponseCache): at most this many megabytes of
   * them (RESPONSE_CACHE_MB); 0 keeps none.
   */
  responseCache: { maxMegabytes: number };
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  /**
   * The scheduling priority (nice value, 0 to 19) a worker started on its own takes: above 0, the
   * API's requests on the same machine come before its sending when the processor is short.
   */
  workerNiceness: number;
}

/** Sending convocations: when reminders and alerts go, how delivery is retried, how often the worker checks. */
export interface ConvocationsConfig {
  /** Reminder to recipients who have not answered, this many days before the meeting (local days). */
  reminderDaysBefore: number;
  /** The convener is told when a signatory has nobody coming, this many days before the meeting. */
  nobodyComingAlertDaysBefore: number;
  /** Attempts at handing one message to the mail server before it is marked failed. */
  maxAttempts: number;
  /** Wait before the first retry after a temporary failure; doubled at each attempt, up to retryMaxSeconds. */
  retryBaseSeconds: number;
  retryMaxSeconds: number;
  /**
   * How long a worker's claim on a message holds. Past it, the reconciler hands the message out
   * again: it must exceed the longest a send can take (connection, greeting and socket timeouts).
   */
  sendLockSeconds: number;
  /** How often the reconciler runs: hands due messages to the queue, repairs what Redis lost. */
  reconcileEverySeconds: number;
  /** How often reminders and "nobody coming" alerts are looked for. */
  watchEveryMinutes: number;
  /** When the daily check of committees at risk of missing their period runs (cron, in zone dailyCheckTimeZone). */
  dailyCheckCron: string;
  dailyCheckTimeZone: string;
  /** Messages one worker process sends at once. */
  workerConcurrency: number;
}

/** Where calendar replies arrive: one IMAP folder, read every pollSeconds; handled mail moves to doneFolder. */
export interface ReplyMailboxConfig {
  host: string;
  port: number;
  /** Implicit TLS (imaps://); with imap:// the client upgrades by STARTTLS when the server offers it. */
  secure: boolean;
  user: string;
  password: string;
  /** The folder to read, from the URL's path; INBOX by default. */
  mailbox: string;
  /** The folder handled replies are moved to, as path segments (IMAP_DONE_FOLDER, `/`-separated). */
  doneFolder: string[];
  pollSeconds: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly expected: string,
  ) {
    super(`Invalid configuration: ${variable} must be ${expected}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const DEV_SECRET = 'copil-development-secret-change-me-please';

function read(env: Env, name: string, fallback: string): string {
  const value = env[name];
  return value === undefined || value.trim() === '' ? fallback : value.trim();
}

function readUrl(env: Env, name: string, fallback: string, protocols: string[]): string {
  const value = read(env, name, fallback);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `a URL (${protocols.join(' or ')}), got "${value}"`);
  }
  if (!protocols.includes(url.protocol.replace(/:$/, ''))) {
    throw new ConfigError(name, `a URL with protocol ${protocols.join(' or ')}, got "${url.protocol}"`);
  }
  return value;
}

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name, String(fallback));
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name, fallback ? 'true' : 'false').toLowerCase();
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(name, `true or false, got "${raw}"`);
}

function readEnum<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const raw = read(env, name, fallback);
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

const EMAIL_OR_NAMED = /^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/;

function readAddress(env: Env, name: string, fallback: string): string {
  const raw = read(env, name, fallback);
  if (!EMAIL_OR_NAMED.test(raw)) {
    throw new ConfigError(name, `an email address, optionally with a name ("Nom <adresse@domaine>"), got "${raw}"`);
  }
  return raw;
}

/** TRUST_PROXY: true/false, a number of hops, or a comma-separated list of addresses or subnets. */
function readTrustProxy(env: Env): boolean | number | string {
  const raw = read(env, 'TRUST_PROXY', 'false');
  if (['true', 'false'].includes(raw.toLowerCase())) return raw.toLowerCase() === 'true';
  if (/^\d+$/.test(raw)) return readInt(env, 'TRUST_PROXY', 0, 0, 100);
  const items = raw.split(',').map((item) => item.trim());
  if (!items.every((item) => /^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/.test(item))) {
    throw new ConfigError('TRUST_PROXY', `true, false, a number of hops or a list of proxy addresses, got "${raw}"`);
  }
  return raw;
}

function readOptionalEmail(env: Env, name: string): string | null {
  const raw = read(env, name, '');
  if (raw === '') return null;
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(raw)) throw new ConfigError(name, `an email address, got "${raw}"`);
  return raw.toLowerCase();
}

/** Sender per party kind: MAIL_FROM_ACADEMIE, MAIL_FROM_COMMUNE… */
function readFromByPartyKind(env: Env): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of Object.keys(env).sort()) {
    const match = /^MAIL_FROM_([A-Z_]+)$/.exec(name);
    if (match && env[name]?.trim()) result[match[1].toLowerCase()] = readAddress(env, name, '');
  }
  return result;
}

export function loadConfig(env: Env): AppConfig {
  const nodeEnv = readEnum(env, 'NODE_ENV', 'development', ['development', 'test', 'production'] as const);
  const secret = read(env, 'COPIL_SECRET', nodeEnv === 'production' ? '' : DEV_SECRET);
  if (secret.length < 32) {
    throw new ConfigError('COPIL_SECRET', 'a random string of at least 32 characters (required in production)');
  }
  const smtpRaw = read(env, 'SMTP_URL', '');
  return {
    nodeEnv,
    http: {
      host: read(env, 'HOST', '0.0.0.0'),
      port: readInt(env, 'PORT', 3000, 0, 65535),
      trustProxy: readTrustProxy(env),
    },
    publicBaseUrl: readUrl(env, 'PUBLIC_BASE_URL', 'http://localhost:3000', ['http', 'https']).replace(/\/+$/, ''),
    databaseUrl: readUrl(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/copil', ['postgres', 'postgresql']),
    runMigrations: readBool(env, 'RUN_MIGRATIONS', true),
    redisUrl: readUrl(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis', 'rediss']),
    queuePrefix: read(env, 'QUEUE_PREFIX', 'copil'),
    mail: {
      smtpUrl: smtpRaw === '' ? null : readUrl(env, 'SMTP_URL', '', ['smtp', 'smtps']),
      outboxDir: read(env, 'MAIL_OUTBOX_DIR', 'var/outbox'),
      from: readAddress(env, 'MAIL_FROM', 'copil <copil@copil.localhost>'),
      fromByPartyKind: readFromByPartyKind(env),
      poolMaxConnections: readInt(env, 'SMTP_POOL_MAX_CONNECTIONS', 5, 1, 100),
      timeoutMs: readInt(env, 'SMTP_TIMEOUT_MS', 30000, 1000, 600000),
    },
    auth: {
      secret,
      signInLinkTtlMinutes: readInt(env, 'SIGN_IN_LINK_TTL_MINUTES', 15, 1, 1440),
      signInRetentionDays: readInt(env, 'SIGN_IN_RETENTION_DAYS', 30, 1, 3650),
      sessionTtlHours: readInt(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 30),
      adminEmail: readOptionalEmail(env, 'ADMIN_EMAIL'),
    },
    convocations: readConvocations(env),
    organization: readOrganization(env),
    responseCache: { maxMegabytes: readInt(env, 'RESPONSE_CACHE_MB', 64, 0, 4096) },
    replyMailbox: readReplyMailbox(env),
    logLevel: readEnum(env, 'LOG_LEVEL', 'log', ['error', 'warn', 'log', 'debug', 'verbose'] as const),
    workerNiceness: readInt(env, 'WORKER_NICENESS', 10, 0, 19),
  };
}

function readOrganization(env: Env): AppConfig['organization'] {
  const logo = read(env, 'ORGANIZATION_LOGO_URL', '');
  if (logo !== '' && !logo.startsWith('/')) readUrl(env, 'ORGANIZATION_LOGO_URL', '', ['https', 'http']);
  return { name: read(env, 'ORGANIZATION_NAME', 'copil'), logoUrl: logo === '' ? null : logo };
}

/**
 * A cron pattern of five fields (minute to weekday), checked by the parser BullMQ itself schedules
 * with, so a pattern accepted here is one the worker can run, and "99 99 * * *" stops the start.
 */
function readCron(env: Env, name: string, fallback: string, timeZone: string): string {
  const pattern = read(env, name, fallback);
  const fields = pattern.split(/\s+/);
  if (fields.length !== 5) throw new ConfigError(name, `a cron pattern of five fields such as "0 7 * * *", got "${pattern}"`);
  try {
    CronExpressionParser.parse(pattern, { tz: timeZone });
  } catch (error) {
    throw new ConfigError(name, `a valid cron pattern such as "0 7 * * *", got "${pattern}" (${error instanceof Error ? error.message : String(error)})`);
  }
  return pattern;
}

function readConvocations(env: Env): ConvocationsConfig {
  // A live worker extends its claim every third of it (a heartbeat), so the claim only has to
  // outlast a few heartbeats, not a slow mail server: a worker that dies frees its rows soon.
  const sendLockSeconds = readInt(env, 'CONVOCATION_SEND_LOCK_SECONDS', 30, 3, 86400);
  const zone = read(env, 'COMMITTEES_AT_RISK_TIME_ZONE', 'Europe/Paris');
  if (!isIanaTimeZone(zone)) throw new ConfigError('COMMITTEES_AT_RISK_TIME_ZONE', `an IANA time zone such as Europe/Paris, got "${zone}"`);
  const cron = readCron(env, 'COMMITTEES_AT_RISK_CRON', '0 7 * * *', zone);
  const retryBaseSeconds = readInt(env, 'SMTP_RETRY_BASE_SECONDS', 60, 1, 86400);
  return {
    reminderDaysBefore: readInt(env, 'CONVOCATION_REMINDER_DAYS', 2, 0, 365),
    nobodyComingAlertDaysBefore: readInt(env, 'CONVOCATION_ALERT_DAYS', 3, 0, 365),
    maxAttempts: readInt(env, 'SMTP_MAX_ATTEMPTS', 8, 1, 100),
    retryBaseSeconds,
    retryMaxSeconds: readInt(env, 'SMTP_RETRY_MAX_SECONDS', Math.max(3600, retryBaseSeconds), retryBaseSeconds, 7 * 86400),
    sendLockSeconds,
    reconcileEverySeconds: readInt(env, 'CONVOCATION_RECONCILE_SECONDS', 30, 1, 3600),
    watchEveryMinutes: readInt(env, 'CONVOCATION_WATCH_MINUTES', 15, 1, 1440),
    dailyCheckCron: cron,
    dailyCheckTimeZone: zone,
    workerConcurrency: readInt(env, 'CONVOCATION_WORKER_CONCURRENCY', 10, 1, 200),
  };
}

/** IMAP_URL `imaps://user:password@host:993/INBOX` (user and password URL-encoded), IMAP_POLL_SECONDS, IMAP_DONE_FOLDER. */
function readReplyMailbox(env: Env): ReplyMailboxConfig | null {
  if (read(env, 'IMAP_URL', '') === '') return null;
  const url = new URL(readUrl(env, 'IMAP_URL', '', ['imap', 'imaps']));
  const expected = 'a URL such as imaps://user:password@host:993/INBOX';
  if (!url.hostname || !url.username || !url.password) throw new ConfigError('IMAP_URL', `${expected} (host, user and password), got "${url.protocol}//${url.host}"`);
  let user: string;
  let password: string;
  let mailbox: string;
  try {
    user = decodeURIComponent(url.username);
    password = decodeURIComponent(url.password);
    mailbox = decodeURIComponent(url.pathname.replace(/^\/+/, '')) || 'INBOX';
  } catch {
    throw new ConfigError('IMAP_URL', `${expected}, with its user, password and folder URL-encoded`);
  }
  const secure = url.protocol === 'imaps:';
  const doneFolder = read(env, 'IMAP_DONE_FOLDER', 'copil/traitées').split('/').map((segment) => segment.trim());
  if (doneFolder.some((segment) => segment === '')) throw new ConfigError('IMAP_DONE_FOLDER', 'a folder path such as copil/traitées, without empty segments');
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 993 : 143,
    secure,
    user,
    password,
    mailbox,
    doneFolder,
    pollSeconds: readInt(env, 'IMAP_POLL_SECONDS', 60, 5, 86400),
  };
}

/** Reads the configuration or stops the process with one line naming the variable. */
export function loadConfigOrExit(env: Env = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}

const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

/** Nest's logger takes the list of levels to print: the configured one and every more severe one. */
export function enabledLogLevels(level: AppConfig['logLevel']): Array<(typeof LOG_LEVELS)[number]> {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}
