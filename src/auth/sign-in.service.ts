import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { Clock } from '../common/clock';
import { personActor, runAsActor } from '../audit/audit-context';
import { TemplateRenderer } from '../templates/template-renderer';
import { MailTransport } from '../mail/mail-transport';
import { Account } from './account.entity';
import { SignInLink } from './sign-in-link.entity';
import { AccessTokensService, IssuedToken } from './access-tokens.service';
import { newSecret, redactSecrets } from './credentials';

export interface OpenedSession {
  issued: IssuedToken;
  person: { id: string; fullName: string; email: string };
}

interface AccountRow {
  account_id: string;
  person_id: string;
  full_name: string;
  email: string;
}

/**
 * Sign-in by a link sent to the person's mailbox. Asking for a link answers at once, the same
 * way whether or not the address has an account: the lookup and the sending happen after the
 * answer, so neither the body nor the time taken tells an account apart.
 */
@Injectable()
export class SignInService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('SignIn');
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: AccessTokensService,
    private readonly renderer: TemplateRenderer,
    private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Starts sending a link to `email` if it is an active account's; never says which. The database
   * is asked first, the same way for every address: while it is down the request is refused (503,
   * retry later) rather than accepted for a link that could not be written nor sent.
   */
  async requestLink(email: string): Promise<void> {
    await this.dataSource.query('SELECT 1');
    const work = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.sendLink(email.trim().toLowerCase()))
      .catch((error: unknown) => {
        this.logger.error(`A sign-in link could not be sent: ${redactSecrets(error instanceof Error ? error.message : String(error))}`);
      })
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  /** Resolves once every link asked for so far has been sent or has failed (tests, shutdown). */
  async whenIdle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Before the mail transport closes: links asked for are still sent. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.whenIdle();
  }

  /**
   * Consumes a link and opens a session, in one transaction. The UPDATE … WHERE used_at IS NULL
   * is the only check: two clicks racing on one link cannot both get a session.
   */
  async openSession(secret: string): Promise<OpenedSession> {
    const tokenHash = this.tokens.hash(secret);
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const rows: AccountRow[] = await manager.query(
        `WITH consumed AS (
           UPDATE sign_in_links SET used_at = $2
            WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
            RETURNING account_id
         )
         SELECT a.id AS account_id, p.id AS person_id, p.full_name, p.email
           FROM consumed
           JOIN accounts a ON a.id = consumed.account_id AND a.active
           JOIN people p ON p.id = a.person_id`,
        [tokenHash, now],
      );
      const row = rows[0];
      if (!row) {
        throw new DomainError('unauthorized', 'invalid_sign_in_link', 'This sign-in link is unknown, already used or expired: ask for a new one');
      }
      const person = { id: row.person_id, fullName: row.full_name, email: row.email };
      const issued = await runAsActor(personActor(person), () => this.tokens.issueSession(manager, row.account_id));
      await manager
        .createQueryBuilder()
        .update(Account)
        .set({ lastSignInAt: now })
        .where('id = :id', { id: row.account_id })
        .callListeners(false)
        .execute();
      return { issued, person };
    });
  }

  private async sendLink(email: string): Promise<void> {
    const account = await this.accountToSignIn(email);
    if (!account) return;

    const secret = newSecret();
    const ttlMinutes = this.config.auth.signInLinkTtlMinutes;
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM sign_in_links WHERE account_id = $1 AND (used_at IS NOT NULL OR expires_at < $2)`, [account.account_id, now]);
      await manager.insert(SignInLink, {
        accountId: account.account_id,
        tokenHash: this.tokens.hash(secret),
        expiresAt: new Date(now.getTime() + ttlMinutes * 60_000),
      });
    });
    // The link opens a page whose one button opens the session: a mail scanner that opens links
    // does not consume it (GET /auth/callback stays for clients without a web front).
    const link = `${this.config.publicBaseUrl}/connexion/lien?token=${encodeURIComponent(secret)}`;
    const mail = this.renderer.email('sign-in-link', { fullName: account.full_name, link, ttlMinutes });
    const sent = await this.transport.send({ to: account.email, ...mail });
    this.logger.log(`Sign-in link sent to account ${account.account_id} (${sent.messageId})`);
  }

  /**
   * The active account of that address; or, for a person the registry knows through a current
   * seat (held or substituted) and who has no account yet, a new one — a director or a member signs
   * in without an administrator making them an account first. A deactivated account stays closed.
   */
  private async accountToSignIn(email: string): Promise<AccountRow | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const rows: Array<AccountRow & { active: boolean | null; seated: boolean }> = await manager.query(
        `SELECT a.id AS account_id, a.active, p.id AS person_id, p.full_name, p.email,
                EXISTS (
                  SELECT 1 FROM memberships m
                    JOIN seats s ON s.id = m.seat_id
                    JOIN committees c ON c.id = s.committee_id
                    JOIN conventions v ON v.id = c.convention_id
                   WHERE (m.person_id = p.id OR m.substitute_id = p.id)
                     AND m.starts_on <= ($2::timestamptz AT TIME ZONE v.time_zone)::date
                     AND (m.ends_on IS NULL OR m.ends_on >= ($2::timestamptz AT TIME ZONE v.time_zone)::date)
                ) AS seated
           FROM people p LEFT JOIN accounts a ON a.person_id = p.id
          WHERE lower(p.email) = $1
          FOR UPDATE OF p`,
        [email, this.clock.now()],
      );
      const row = rows[0];
      if (!row) return undefined;
      if (row.account_id !== null) return row.active ? row : undefined;
      if (!row.seated) return undefined;
      const account = await manager.save(manager.create(Account, { personId: row.person_id, active: true }));
      this.logger.log(`Account ${account.id} opened for a person seated in a committee`);
      return { ...row, account_id: account.id };
    });
  }
}
