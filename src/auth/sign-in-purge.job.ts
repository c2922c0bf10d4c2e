import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { Clock } from '../common/clock';

/** Rows deleted by one statement: a large backlog goes in short transactions, not one long lock. */
const PURGE_BATCH = 5000;

/**
 * Daily: forgets what signing in leaves behind once it is of no more use. A link used or expired
 * opens nothing; a sign-in email's outbox row, once sent, failed or dropped (no account may use
 * the address — anyone may type any address), holds an address and a time and nothing the
 * register of a meeting needs. Both are kept SIGN_IN_RETENTION_DAYS (30) to answer « I never got
 * my link », then deleted; the sessions the links opened stay in the audit trail. Rows still to
 * be sent are never touched.
 */
@Injectable()
export class SignInPurgeJob {
  private readonly logger = new Logger('SignInPurge');

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(): Promise<{ links: number; messages: number }> {
    const before = new Date(this.clock.now().getTime() - this.config.auth.signInRetentionDays * 86_400_000);
    // Every link expires SIGN_IN_LINK_TTL_MINUTES after it was made, used or not.
    const links = await this.deleteInBatches(`SELECT id FROM sign_in_links WHERE expires_at < $1 LIMIT ${PURGE_BATCH}`, 'sign_in_links', before);
    // Their delivery attempts go with them (ON DELETE CASCADE).
    const messages = await this.deleteInBatches(
      `SELECT id FROM outbound_messages WHERE kind = 'sign_in_link' AND state IN ('sent', 'failed', 'obsolete') AND updated_at < $1 LIMIT ${PURGE_BATCH}`,
      'outbound_messages',
      before,
    );
    if (links + messages > 0) this.logger.log(`${links} sign-in link(s) and ${messages} sign-in email row(s) older than ${before.toISOString()} deleted`);
    return { links, messages };
  }

  private async deleteInBatches(select: string, table: 'sign_in_links' | 'outbound_messages', before: Date): Promise<number> {
    let deleted = 0;
    for (;;) {
      const [, count]: [unknown, number] = await this.dataSource.query(`DELETE FROM ${table} WHERE id IN (${select})`, [before]);
      deleted += count;
      if (count < PURGE_BATCH) return deleted;
    }
  }
}
