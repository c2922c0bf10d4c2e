import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { runAsActor, SYSTEM_ACTOR } from '../audit/audit-context';
import { Person } from '../people/person.entity';
import { Account } from './account.entity';
import { Grant } from './grant.entity';

/**
 * The first administrator: with ADMIN_EMAIL set and no active administrator in the database,
 * that address gets a person (if it has none), an active account and the admin role. Once an
 * administrator exists this does nothing, so withdrawing the role later is not undone at restart.
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.auth.adminEmail;
    if (email && (await ensureAdministrator(this.dataSource, email))) {
      this.logger.log(`No active administrator: ${email} was made one (ADMIN_EMAIL)`);
    }
  }
}

/** Returns whether it had to act. Several replicas starting at once serialise on an advisory lock. */
export async function ensureAdministrator(dataSource: DataSource, email: string): Promise<boolean> {
  return runAsActor(SYSTEM_ACTOR, () =>
    dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['copil:admins']);
      const [{ admins }]: Array<{ admins: number }> = await manager.query(
        `SELECT count(*)::int AS admins FROM grants g JOIN accounts a ON a.id = g.account_id WHERE g.role = 'admin' AND a.active`,
      );
      if (admins > 0) return false;
      await makeAdministrator(manager, email);
      return true;
    }),
  );
}

/** The person with this address (created if need be) gets an active account and the admin role; returns the account id. */
export async function makeAdministrator(manager: EntityManager, email: string): Promise<string> {
  const address = email.trim().toLowerCase();
  const person =
    (await manager.findOne(Person, { where: { email: address } })) ??
    (await manager.save(manager.create(Person, { fullName: address.split('@')[0], email: address })));
  let account = await manager.findOne(Account, { where: { personId: person.id } });
  if (!account) {
    account = await manager.save(manager.create(Account, { personId: person.id, active: true }));
  } else if (!account.active) {
    account.active = true;
    await manager.save(account);
  }
  if (!(await manager.exists(Grant, { where: { accountId: account.id, role: 'admin' } }))) {
    await manager.save(manager.create(Grant, { accountId: account.id, role: 'admin', conventionId: null, committeeId: null }));
  }
  return account.id;
}
