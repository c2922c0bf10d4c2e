import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Clock } from '../common/clock';
import { personActor, runAsActor } from '../audit/audit-context';
import { OutboxRepository } from '../convocations/outbox.repository';
import { OutboxQueue } from '../queue/outbox-queue';
import { Account } from './account.entity';
import { AccessTokensService, IssuedToken } from './access-tokens.service';
import type { AccountRow } from './sign-in-link.mailer';

export interface OpenedSession {
  issued: IssuedToken;
  person: { id: string; fullName: string; email: string };
}

/**
 * Sign-in by a link sent to the person's mailbox. Asking for a link writes one outbox row holding
 * the address, the same way whether or not the address has an account, and answers: the lookup,
 * the link and the sending are the worker's (SignInLinkMailer), so neither the body nor the time
 * taken tells an account apart, and a link asked for survives a crash of the API or the worker.
 */
@Injectable()
export class SignInService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: AccessTokensService,
    private readonly outbox: OutboxRepository,
    private readonly queue: OutboxQueue,
    private readonly clock: Clock,
  ) {}

  /**
   * Has a link sent to `email` if it is an active account's; never says which. While the database
   * is down the request is refused (503, retry later) rather than accepted for a link that could
   * not be written.
   */
  async requestLink(email: string): Promise<void> {
    const due = await this.dataSource.transaction((manager) =>
      this.outbox.write(manager, [
        {
          kind: 'sign_in_link',
          meetingId: null,
          convocationId: null,
          recipientEmail: email.trim().toLowerCase(),
          recipientName: '',
          icalSequence: null,
          payload: {},
          sendAfter: null,
        },
      ]),
    );
    await this.queue.enqueueAfterCommit(due);
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
}
