import { ConfigError, loadConfig } from './app-config';

describe('configuration', () => {
  it('points at a local PostgreSQL and Redis by default, and writes mail to the outbox folder', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/copil');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.mail.smtpUrl).toBeNull();
    expect(config.http.port).toBe(3000);
  });

  it.each([
    ['DATABASE_URL', 'mysql://localhost/copil', /DATABASE_URL must be a URL with protocol postgres or postgresql/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL must be a URL/],
    ['REDIS_URL', 'http://localhost', /REDIS_URL must be a URL with protocol redis or rediss/],
    ['PORT', '80a', /PORT must be a whole number from 0 to 65535, got "80a"/],
    ['SMTP_URL', 'smtp//nowhere', /SMTP_URL must be a URL/],
    ['MAIL_FROM', 'nobody', /MAIL_FROM must be an email address/],
    ['RUN_MIGRATIONS', 'maybe', /RUN_MIGRATIONS must be true or false/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of error, warn, log, debug, verbose/],
    ['WORKER_NICENESS', '20', /WORKER_NICENESS must be a whole number from 0 to 19, got "20"/],
  ])('refuses %s=%p with one line naming the variable', (variable, value, message) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(message);
  });

  it('has a worker run on its own yield to the API by default (nice 10), as WORKER_NICENESS says', () => {
    expect(loadConfig({}).workerNiceness).toBe(10);
    expect(loadConfig({ WORKER_NICENESS: '0' }).workerNiceness).toBe(0);
  });

  it('requires a secret of at least 32 characters in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/COPIL_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', COPIL_SECRET: 'x'.repeat(32) }).auth.secret).toHaveLength(32);
  });

  it('reads one sender per party kind', () => {
    const config = loadConfig({ MAIL_FROM_ACADEMIE: 'DSDEN 38 <ce.dsden38@ac-grenoble.example.fr>', MAIL_FROM_COMMUNE: '' });
    expect(config.mail.fromByPartyKind).toEqual({ academie: 'DSDEN 38 <ce.dsden38@ac-grenoble.example.fr>' });
  });

  it('drops a trailing slash from the public base URL so links can be joined', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://copil.ac-grenoble.example.fr/' }).publicBaseUrl).toBe(
      'https://copil.ac-grenoble.example.fr',
    );
  });

  it('names the deploying organization and its logo (a path on this server or an http(s) URL), copil and no logo by default', () => {
    expect(loadConfig({}).organization).toEqual({ name: 'copil', logoUrl: null });
    expect(loadConfig({ ORGANIZATION_NAME: 'Académie de Lyon', ORGANIZATION_LOGO_URL: '/logo.svg' }).organization).toEqual({ name: 'Académie de Lyon', logoUrl: '/logo.svg' });
    expect(loadConfig({ ORGANIZATION_LOGO_URL: 'https://www.ac-lyon.example.fr/logo.png' }).organization.logoUrl).toBe('https://www.ac-lyon.example.fr/logo.png');
    expect(() => loadConfig({ ORGANIZATION_LOGO_URL: 'javascript:alert(1)' })).toThrow(/ORGANIZATION_LOGO_URL must be a URL with protocol https or http/);
  });

  it('reads the reply mailbox from IMAP_URL, and has none without it', () => {
    expect(loadConfig({}).replyMailbox).toBeNull();
    expect(loadConfig({ IMAP_URL: 'imaps://secretariat%40ac-grenoble.fr:p%C3%A0ss%2Fw@imap.ac-grenoble.fr/INBOX', IMAP_POLL_SECONDS: '30' }).replyMailbox).toEqual({
      host: 'imap.ac-grenoble.fr',
      port: 993,
      secure: true,
      user: 'secretariat@ac-grenoble.fr',
      password: 'pàss/w',
      mailbox: 'INBOX',
      doneFolder: ['copil', 'traitées'],
      pollSeconds: 30,
    });
    expect(loadConfig({ IMAP_URL: 'imap://u:p@127.0.0.1:1143/Convocations', IMAP_DONE_FOLDER: 'Archives/Réponses' }).replyMailbox).toMatchObject({
      port: 1143,
      secure: false,
      mailbox: 'Convocations',
      doneFolder: ['Archives', 'Réponses'],
    });
  });

  it.each([
    ['IMAP_URL', 'https://u:p@host/INBOX', /IMAP_URL must be a URL with protocol imap or imaps/],
    ['IMAP_URL', 'imaps://host/INBOX', /IMAP_URL must be a URL such as imaps:\/\/user:password@host:993\/INBOX \(host, user and password\)/],
  ])('refuses %s=%p', (variable, value, message) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(message);
  });

  it('refuses a polling interval under 5 seconds and an empty folder segment', () => {
    expect(() => loadConfig({ IMAP_URL: 'imaps://u:p@host/INBOX', IMAP_POLL_SECONDS: '1' })).toThrow(/IMAP_POLL_SECONDS must be a whole number from 5/);
    expect(() => loadConfig({ IMAP_URL: 'imaps://u:p@host/INBOX', IMAP_DONE_FOLDER: 'copil//x' })).toThrow(/IMAP_DONE_FOLDER/);
  });
});
