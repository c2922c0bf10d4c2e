import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { Clock } from '../common/clock';
import type { OutgoingMail } from '../mail/mail-transport';
import { TemplateRenderer } from '../templates/template-renderer';
import { Account } from './account.entity';
import { SignInLink } from './sign-in-link.entity';
import { hashSecret, newSecret } from './credentials';

/** An account with its person, as sign-in reads it. */
export interface AccountRow {
  account_id: string;
  person_id: string;
  full_name: string;
  email: string;
}

/**
 * The worker's half of signing in: for an outbox row asking for a link to an address, finds the
 * account (or opens one for a seated person), writes a fresh link and writes the email that carries
 * it. The secret exists only here and in the email: the row holds the address alone, so a row sent
 * again after a crash gets a new link, and the link's earlier copy, never delivered, simply expires.
 */
@Injectable()
export class SignInLinkMailer {
  private readonly logger = new Logger('SignIn');

  constructor(
    private readonly dataSource: DataSource,
    private readonly renderer: TemplateRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The email for the row, or null when no active account may sign in with that address (nothing is sent, nothing told). */
  async compose(message: { recipientEmail: string; messageId: string; payload?: Record<string, unknown> }): Promise<OutgoingMail | null> {
    const secret = newSecret();
    const ttlMinutes = this.config.auth.signInLinkTtlMinutes;
    const now = this.clock.now();
    const account = await this.dataSource.transaction(async (manager) => {
      const found = await this.accountToSignIn(manager, message.recipientEmail);
      if (!found) return undefined;
      if (found.account_id === null) {
        const opened = await manager.save(manager.create(Account, { personId: found.person_id, active: true }));
        this.logger.log(`Account ${opened.id} opened for a person seated in a committee`);
        found.account_id = opened.id;
      }
      await manager.query(`DELETE FROM sign_in_links WHERE account_id = $1 AND (used_at IS NOT NULL OR expires_at < $2)`, [found.account_id, now]);
      await manager.insert(SignInLink, {
        accountId: found.account_id,
        tokenHash: hashSecret(this.config.auth.secret, secret),
        expiresAt: new Date(now.getTime() + ttlMinutes * 60_000),
      });
      return found as AccountRow;
    });
    if (!account) return null;
    // The link opens a page whose one button opens the session: a mail scanner that opens links
    // does not consume it (GET /auth/callback stays for clients without a web front).
    const link = `${this.config.publicBaseUrl}/connexion/lien?token=${encodeURIComponent(secret)}`;
    // An administrator's invitation says who opened the account; the link is the same.
    const invitedBy = typeof message.payload?.invitedBy === 'string' ? message.payload.invitedBy : null;
    const mail = invitedBy
      ? this.renderer.email('account-invitation', { fullName: account.full_name, link, ttlMinutes, invitedBy, loginUrl: `${this.config.publicBaseUrl}/connexion` })
      : this.renderer.email('sign-in-link', { fullName: account.full_name, link, ttlMinutes });
    return { to: account.email, ...mail, headers: { 'Message-ID': message.messageId, 'Auto-Submitted': 'auto-generated' } };
  }

  /**
   * The active account of that address; or, for a person the registry knows through a current
   * seat (held or substituted) and who has no account yet, one to open (account_id null) — a
   * director or a member signs in without an administrator making them an account first. A
   * deactivated account stays closed.
   */
  private async accountToSignIn(manager: EntityManager, email: string): Promise<(Omit<AccountRow, 'account_id'> & { account_id: string | null }) | undefined> {
    const rows: Array<Omit<AccountRow, 'account_id'> & { account_id: string | null; active: boolean | null; seated: boolean }> = await manager.query(
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
      [email.trim().toLowerCase(), this.clock.now()],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (row.account_id !== null) return row.active ? row : undefined;
    return row.seated ? row : undefined;
  }
}
