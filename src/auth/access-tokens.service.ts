import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { Clock } from '../common/clock';
import { AccessToken, AccessTokenKind } from './access-token.entity';
import { API_TOKEN_PREFIX, hashSecret, newSecret, sameHash, SESSION_TOKEN_PREFIX } from './credentials';
import type { Subject } from './access-policy';
import { grantsJsonSql, seatsJsonSql, subjectOf, SubjectRows } from './subject.loader';
import { WriteFeed } from '../database/write-feed';
import { BOOKKEEPING } from '../database/local-writes';

export interface IssuedToken {
  token: AccessToken;
  /** The secret, shown once: only its hash is stored. */
  secret: string;
}

export interface AuthenticatedCredential {
  tokenId: string;
  kind: AccessTokenKind;
  name: string | null;
  expiresAt: Date;
  accountId: string;
  person: { id: string; fullName: string; email: string };
  /** What the account's grants and the person's seats let them do, read with the credential. */
  subject: Subject;
}

interface CredentialRow {
  token_id: string;
  token_hash: string;
  kind: AccessTokenKind;
  name: string | null;
  expires_at: Date;
  last_used_at: Date | null;
  account_id: string;
  person_id: string;
  full_name: string;
  email: string;
  grants: SubjectRows['grants'];
  seats: SubjectRows['seats'];
}

/** lastUsedAt is a hint for people reviewing their tokens, not a log: written at most this often. */
const LAST_USED_RESOLUTION_MS = 5 * 60 * 1000;

/** Credentials kept in memory at most: beyond, the least recently used go. */
const KEPT_CREDENTIALS = 10_000;

interface KeptCredential {
  /** WriteFeed's stamp when it was read. */
  stamp: string;
  lastUsedAt: number;
  credential: AuthenticatedCredential;
}

/** Sessions and API tokens: issued, checked on every request, revoked. */
@Injectable()
export class AccessTokensService {
  /** Credentials read while no write has committed since, this minute: by the hash presented. */
  private readonly kept = new Map<string, KeptCredential>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    // In the API process only: the worker checks no credentials.
    @Optional() @Inject(WriteFeed) private readonly writes: WriteFeed | null = null,
  ) {}

  hash(secret: string): string {
    return hashSecret(this.config.auth.secret, secret);
  }

  async issueSession(manager: EntityManager, accountId: string): Promise<IssuedToken> {
    const expiresAt = new Date(this.clock.now().getTime() + this.config.auth.sessionTtlHours * 3600 * 1000);
    return this.issue(manager, accountId, 'session', null, expiresAt, SESSION_TOKEN_PREFIX);
  }

  async issueApiToken(accountId: string, name: string, expiresAt: Date): Promise<IssuedToken> {
    return this.dataSource.transaction((manager) => this.issue(manager, accountId, 'api_token', name, expiresAt, API_TOKEN_PREFIX));
  }

  /**
   * The credential behind a presented secret, if it is live: known, not revoked, not expired,
   * its account active. One lookup by hash, which reads the account's grants and the person's seats with it;
   * the stored hash is then compared in constant time.
   */
  async authenticate(secret: string): Promise<AuthenticatedCredential | null> {
    const presentedHash = this.hash(secret);
    const now = this.clock.now();
    // Revoking, expiring early, deactivating, a grant or a seat changed: each is a write, which moves
    // the epoch; what depends on the day or the hour is read again when the minute turns.
    const stamp = this.writes?.stamp(now) ?? null;
    const found = this.kept.get(presentedHash);
    if (
      found &&
      found.stamp === stamp &&
      found.credential.expiresAt.getTime() > now.getTime() &&
      now.getTime() - found.lastUsedAt <= LAST_USED_RESOLUTION_MS
    ) {
      return found.credential;
    }
    const rows: CredentialRow[] = await this.dataSource.query(
      `SELECT t.id AS token_id, t.token_hash, t.kind, t.name, t.expires_at, t.last_used_at,
              a.id AS account_id, p.id AS person_id, p.full_name, p.email,
              ${grantsJsonSql('a.id')} AS grants, ${seatsJsonSql('p.id', '$2')} AS seats
         FROM access_tokens t
         JOIN accounts a ON a.id = t.account_id
         JOIN people p ON p.id = a.person_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2 AND a.active`,
      [presentedHash, now],
    );
    const row = rows[0];
    if (!row || !sameHash(row.token_hash, presentedHash)) return null;
    let lastUsedAt = row.last_used_at?.getTime() ?? null;
    if (lastUsedAt === null || now.getTime() - lastUsedAt > LAST_USED_RESOLUTION_MS) {
      // Bookkeeping, not a change anyone made: written without listeners, so not audited, and
      // announced to nobody (no response shows it: the access_tokens trigger leaves this column out).
      await this.dataSource
        .createQueryBuilder()
        .update(AccessToken)
        .set({ lastUsedAt: now })
        .where('id = :id', { id: row.token_id })
        .callListeners(false)
        .comment(BOOKKEEPING)
        .execute();
      lastUsedAt = now.getTime();
    }
    const credential: AuthenticatedCredential = {
      tokenId: row.token_id,
      kind: row.kind,
      name: row.name,
      expiresAt: row.expires_at,
      accountId: row.account_id,
      person: { id: row.person_id, fullName: row.full_name, email: row.email },
      subject: subjectOf(row.person_id, row),
    };
    if (stamp !== null) this.keep(presentedHash, { stamp, lastUsedAt, credential });
    return credential;
  }

  private keep(hash: string, entry: KeptCredential): void {
    this.kept.delete(hash);
    this.kept.set(hash, entry);
    if (this.kept.size > KEPT_CREDENTIALS) {
      const [oldest] = this.kept.keys();
      this.kept.delete(oldest);
    }
  }

  listApiTokens(accountId: string): Promise<AccessToken[]> {
    return this.dataSource.getRepository(AccessToken).find({
      where: { accountId, kind: 'api_token' },
      order: { createdAt: 'DESC' },
    });
  }

  /** Revokes one of the account's API tokens; refused from the next request on. */
  async revokeApiToken(accountId: string, tokenId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const token = await manager.findOne(AccessToken, { where: { id: tokenId, accountId, kind: 'api_token' }, lock: { mode: 'pessimistic_write' } });
      if (!token) throw DomainError.notFound('api_token', `id ${tokenId}`);
      if (token.revokedAt) return;
      token.revokedAt = this.clock.now();
      await manager.save(token);
    });
  }

  async revokeSession(tokenId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const token = await manager.findOne(AccessToken, { where: { id: tokenId, kind: 'session', revokedAt: IsNull() } });
      if (!token) return;
      token.revokedAt = this.clock.now();
      await manager.save(token);
    });
  }

  /** Everything the account holds, sessions and tokens: on deactivation. */
  async revokeAll(manager: EntityManager, accountId: string): Promise<void> {
    const live = await manager.find(AccessToken, { where: { accountId, revokedAt: IsNull() } });
    const now = this.clock.now();
    for (const token of live) token.revokedAt = now;
    await manager.save(live);
  }

  private async issue(
    manager: EntityManager,
    accountId: string,
    kind: AccessTokenKind,
    name: string | null,
    expiresAt: Date,
    prefix: string,
  ): Promise<IssuedToken> {
    const secret = newSecret(prefix);
    const token = await manager.save(manager.create(AccessToken, { accountId, kind, name, tokenHash: this.hash(secret), expiresAt, revokedAt: null, lastUsedAt: null }));
    return { token, secret };
  }
}
