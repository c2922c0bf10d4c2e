/**
 * Typed configuration, read once from the environment at start.
 * Nothing else in copil reads process.env: everything receives an AppConfig.
 */
export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  http: { host: string; port: number };
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
    sessionTtlHours: number;
  };
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
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
    },
    publicBaseUrl: readUrl(env, 'PUBLIC_BASE_URL', 'http://localhost:3000', ['http', 'https']).replace(/\/+$/, ''),
    databaseUrl: readUrl(env, 'DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/copil', ['postgres', 'postgresql']),
    runMigrations: readBool(env, 'RUN_MIGRATIONS', true),
    redisUrl: readUrl(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis', 'rediss']),
    queuePrefix: read(env, 'QUEUE_PREFIX', 'copil'),
    mail: {
      smtpUrl: smtpRaw === '' ? null : readUrl(env, 'SMTP_URL', '', ['smtp', 'smtps']),
      outboxDir: read(env, 'MAIL_OUTBOX_DIR', 'var/outbox'),
      from: readAddress(env, 'MAIL_FROM', 'copil <copil@localhost>'),
      fromByPartyKind: readFromByPartyKind(env),
      poolMaxConnections: readInt(env, 'SMTP_POOL_MAX_CONNECTIONS', 5, 1, 100),
      timeoutMs: readInt(env, 'SMTP_TIMEOUT_MS', 30000, 1000, 600000),
    },
    auth: {
      secret,
      signInLinkTtlMinutes: readInt(env, 'SIGN_IN_LINK_TTL_MINUTES', 15, 1, 1440),
      sessionTtlHours: readInt(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 30),
    },
    logLevel: readEnum(env, 'LOG_LEVEL', 'log', ['error', 'warn', 'log', 'debug', 'verbose'] as const),
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
