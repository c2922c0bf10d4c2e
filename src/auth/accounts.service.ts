import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { DomainError, FieldError } from '../common/domain-error';
import { Person } from '../people/person.entity';
import { Convention } from '../conventions/convention.entity';
import { Committee } from '../committees/committee.entity';
import { Account } from './account.entity';
import { Grant } from './grant.entity';
import { AccessTokensService } from './access-tokens.service';
import { OutboxRepository } from '../convocations/outbox.repository';
import { OutboxQueue } from '../queue/outbox-queue';
import type { DueMessage } from '../queue/outbox-queue';
import {
  AccountResponse,
  CreateAccountDto,
  CreateGrantDto,
  GrantResponse,
  InviteAccountDto,
  toAccountResponse,
  toGrantResponse,
  UpdateAccountDto,
} from './dto/account.dto';

/** Serialises the changes that could leave copil without an active administrator. */
const ADMINS_LOCK = 'SELECT pg_advisory_xact_lock(hashtext($1))';

/** Accounts and their grants, managed by administrators. Every change goes through save/remove, so the audit trail sees it whole. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: AccessTokensService,
    private readonly outbox: OutboxRepository,
    private readonly queue: OutboxQueue,
  ) {}

  async list(): Promise<AccountResponse[]> {
    const accounts = await this.dataSource.getRepository(Account).find({ relations: { person: true }, order: { createdAt: 'ASC' } });
    const grants = accounts.length
      ? await this.dataSource.getRepository(Grant).find({ where: { accountId: In(accounts.map((a) => a.id)) }, order: { createdAt: 'ASC' } })
      : [];
    return accounts.map((account) => toAccountResponse(account, grants.filter((grant) => grant.accountId === account.id)));
  }

  async get(id: string): Promise<AccountResponse> {
    const account = await this.find(this.dataSource.manager, id);
    return toAccountResponse(account, await this.grantsOf(this.dataSource.manager, id));
  }

  async create(dto: CreateAccountDto): Promise<AccountResponse> {
    return this.dataSource.transaction(async (manager) => {
      const person = await manager.findOne(Person, { where: { id: dto.personId } });
      if (!person) throw DomainError.notFound('person', `id ${dto.personId}`);
      if (await manager.exists(Account, { where: { personId: person.id } })) {
        throw DomainError.conflict('account_exists', `${person.email} already has an account`);
      }
      const account = await manager.save(manager.create(Account, { personId: person.id, active: dto.active ?? true }));
      account.person = person;
      return toAccountResponse(account, []);
    });
  }

  /**
   * Invites someone by their address: the person copil knows by it (or a new one, named), an
   * active account, and a sign-in link sent by the worker with an invitation's words — all in one
   * transaction, so a refusal leaves neither a person nor an account behind.
   */
  async invite(dto: InviteAccountDto, invitedBy: string): Promise<AccountResponse> {
    let due: DueMessage[] = [];
    const response = await this.dataSource.transaction(async (manager) => {
      let person = await manager.findOne(Person, { where: { email: dto.email } });
      if (!person) {
        if (!dto.fullName) {
          throw DomainError.invalid([{ path: 'fullName', code: 'required', message: `copil knows nobody at ${dto.email}: give their full name to record them` }]);
        }
        person = await manager.save(manager.create(Person, { fullName: dto.fullName, email: dto.email, title: null, organization: null, phone: null }));
      }
      const existing = await manager.findOne(Account, { where: { personId: person.id } });
      if (existing) {
        throw DomainError.conflict('account_exists', `${person.email} already has an account${existing.active ? '' : ' (deactivated)'}`, { field: 'email', accountId: existing.id, active: existing.active });
      }
      const account = await manager.save(manager.create(Account, { personId: person.id, active: true }));
      account.person = person;
      due = await this.outbox.write(manager, [
        { kind: 'sign_in_link', meetingId: null, convocationId: null, recipientEmail: person.email, recipientName: person.fullName, icalSequence: null, payload: { invitedBy }, sendAfter: null },
      ]);
      return toAccountResponse(account, []);
    });
    await this.queue.enqueueAfterCommit(due);
    return response;
  }

  /** The titles of the conventions and the names of the committees that grants name, to show them. */
  async scopeNames(grants: GrantResponse[]): Promise<{ conventions: Map<string, string>; committees: Map<string, string> }> {
    const conventionIds = [...new Set(grants.map((grant) => grant.conventionId).filter((id): id is string => id !== null))];
    const committeeIds = [...new Set(grants.map((grant) => grant.committeeId).filter((id): id is string => id !== null))];
    const [conventions, committees] = await Promise.all([
      conventionIds.length ? this.dataSource.getRepository(Convention).find({ where: { id: In(conventionIds) }, select: { id: true, title: true } }) : [],
      committeeIds.length ? this.dataSource.getRepository(Committee).find({ where: { id: In(committeeIds) }, select: { id: true, name: true } }) : [],
    ]);
    return {
      conventions: new Map(conventions.map((convention) => [convention.id, convention.title])),
      committees: new Map(committees.map((committee) => [committee.id, committee.name])),
    };
  }

  /** `byAccountId`: the account making the request, which may not shut itself out by mistake. */
  async update(id: string, dto: UpdateAccountDto, byAccountId: string | null = null): Promise<AccountResponse> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(ADMINS_LOCK, ['copil:admins']);
      const account = await this.find(manager, id);
      if (account.active && !dto.active) {
        await this.refuseLosingLastAdmin(manager, id);
        refuseUnconfirmedSelf(id, byAccountId, dto.confirmSelf === true, 'confirmSelf: true in the body');
        await this.tokens.revokeAll(manager, id);
      }
      account.active = dto.active;
      await manager.save(account);
      return toAccountResponse(account, await this.grantsOf(manager, id));
    });
  }

  async remove(id: string, byAccountId: string | null = null, confirmSelf = false): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(ADMINS_LOCK, ['copil:admins']);
      const account = await this.find(manager, id);
      await this.refuseLosingLastAdmin(manager, id);
      refuseUnconfirmedSelf(id, byAccountId, confirmSelf, '?confirmSelf=true');
      // Grants removed one by one so that the trail shows which roles went; sessions, tokens and
      // links follow the account by cascade.
      await manager.remove(await this.grantsOf(manager, id));
      await manager.remove(account);
    });
  }

  async listGrants(accountId: string): Promise<GrantResponse[]> {
    await this.find(this.dataSource.manager, accountId);
    return (await this.grantsOf(this.dataSource.manager, accountId)).map(toGrantResponse);
  }

  async addGrant(accountId: string, dto: CreateGrantDto): Promise<GrantResponse> {
    const scope = grantScope(dto);
    return this.dataSource.transaction(async (manager) => {
      await this.find(manager, accountId);
      if (scope.conventionId && !(await manager.exists(Convention, { where: { id: scope.conventionId } }))) {
        throw DomainError.notFound('convention', `id ${scope.conventionId}`);
      }
      if (scope.committeeId && !(await manager.exists(Committee, { where: { id: scope.committeeId } }))) {
        throw DomainError.notFound('committee', `id ${scope.committeeId}`);
      }
      const existing = await manager.findOne(Grant, { where: { accountId, role: dto.role, ...whereScope(scope) } });
      if (existing) throw DomainError.conflict('grant_exists', 'The account already holds this role in this scope', { grantId: existing.id });
      const grant = await manager.save(manager.create(Grant, { accountId, role: dto.role, ...scope }));
      return toGrantResponse(grant);
    });
  }

  async removeGrant(accountId: string, grantId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(ADMINS_LOCK, ['copil:admins']);
      const grant = await manager.findOne(Grant, { where: { id: grantId, accountId } });
      if (!grant) throw DomainError.notFound('grant', `id ${grantId} on account ${accountId}`);
      if (grant.role === 'admin') await this.refuseLosingLastAdmin(manager, accountId);
      await manager.remove(grant);
    });
  }

  private async find(manager: EntityManager, id: string): Promise<Account> {
    const account = await manager.findOne(Account, { where: { id }, relations: { person: true } });
    if (!account) throw DomainError.notFound('account', `id ${id}`);
    return account;
  }

  private grantsOf(manager: EntityManager, accountId: string): Promise<Grant[]> {
    return manager.find(Grant, { where: { accountId }, order: { createdAt: 'ASC' } });
  }

  /** copil must keep an active administrator: nobody else can create accounts or grant roles. */
  private async refuseLosingLastAdmin(manager: EntityManager, accountId: string): Promise<void> {
    const [{ others }]: Array<{ others: number }> = await manager.query(
      `SELECT count(*)::int AS others FROM grants g JOIN accounts a ON a.id = g.account_id
        WHERE g.role = 'admin' AND a.active AND a.id <> $1`,
      [accountId],
    );
    const [{ self }]: Array<{ self: number }> = await manager.query(
      `SELECT count(*)::int AS self FROM grants g JOIN accounts a ON a.id = g.account_id
        WHERE g.role = 'admin' AND a.active AND a.id = $1`,
      [accountId],
    );
    if (self > 0 && others === 0) {
      throw DomainError.conflict('last_admin', 'This is the last active administrator: grant admin to another account first');
    }
  }
}

/**
 * Deactivating or deleting one's own account ends the session that asks, and every other one:
 * done by a slip of the account list, it locks its author out. It takes a deliberate flag.
 */
function refuseUnconfirmedSelf(accountId: string, byAccountId: string | null, confirmed: boolean, flag: string): void {
  if (accountId !== byAccountId || confirmed) return;
  throw DomainError.conflict(
    'self_deactivation',
    `This is your own account: it would sign you out and you could not sign in again; send ${flag} to do it anyway`,
    { accountId },
  );
}

interface GrantScope {
  conventionId: string | null;
  committeeId: string | null;
  academie: string | null;
  departement: string | null;
}

const SCOPE_NAMES: Record<keyof GrantScope, string> = { conventionId: 'convention', committeeId: 'committee', academie: 'académie', departement: 'département' };

/** Which scope each role takes; anything else is refused naming the field. */
function grantScope(dto: CreateGrantDto): GrantScope {
  const scope: GrantScope = {
    conventionId: dto.conventionId ?? null,
    committeeId: dto.committeeId ?? null,
    academie: dto.academie ?? null,
    departement: dto.departement ?? null,
  };
  const given = (Object.keys(scope) as Array<keyof GrantScope>).filter((key) => scope[key] !== null);
  const fields: FieldError[] = [];
  if (dto.role === 'admin') {
    for (const path of given) fields.push({ path, code: 'not_allowed_here', message: `admin is granted over everything: no ${SCOPE_NAMES[path]}` });
  } else if (dto.role === 'secretariat') {
    if (scope.committeeId) fields.push({ path: 'committeeId', code: 'not_allowed_here', message: 'secretariat acts for a convention, an académie, a département (or all): no committee' });
    else if (given.length > 1) fields.push({ path: given[1], code: 'inconsistent', message: `secretariat takes at most one of conventionId, academie, departement (${given[0]} is given)` });
  } else if (given.length !== 1) {
    fields.push({
      path: given[1] ?? 'committeeId',
      code: 'inconsistent',
      message: 'convener takes exactly one of a committee, a convention, an académie or a département',
    });
  }
  if (fields.length) throw DomainError.invalid(fields);
  return scope;
}

function whereScope(scope: GrantScope) {
  return {
    conventionId: scope.conventionId ?? IsNull(),
    committeeId: scope.committeeId ?? IsNull(),
    academie: scope.academie ?? IsNull(),
    departement: scope.departement ?? IsNull(),
  };
}
