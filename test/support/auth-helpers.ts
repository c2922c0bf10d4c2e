import { randomBytes } from 'node:crypto';
import { Account } from '../../src/auth/account.entity';
import { AccessToken, AccessTokenKind } from '../../src/auth/access-token.entity';
import { Grant } from '../../src/auth/grant.entity';
import { API_TOKEN_PREFIX, hashSecret, newSecret, SESSION_TOKEN_PREFIX } from '../../src/auth/credentials';
import { Person } from '../../src/people/person.entity';
import { TestApp } from './test-app';

/** A role to grant; a convener takes exactly one of conventionId or committeeId. */
export type GrantSpec =
  | { role: 'admin' }
  | { role: 'secretariat'; conventionId?: string }
  | { role: 'convener'; conventionId: string }
  | { role: 'convener'; committeeId: string };

export interface TokenOptions {
  /** session (default) may do everything a signed-in person may, making API tokens included. */
  kind?: AccessTokenKind;
  fullName?: string;
  /** Hours from the app's clock's now; negative for an already expired token. */
  expiresInHours?: number;
}

export type AuthHeaders = { Authorization: string };

export const bearer = (token: string): AuthHeaders => ({ Authorization: `Bearer ${token}` });

/**
 * A token for the person with `email` (created if missing) holding `grants`, written straight to
 * the database: tests of other modules use it instead of the email sign-in.
 */
export async function tokenFor(t: TestApp, email: string, grants: GrantSpec[] = [], options: TokenOptions = {}): Promise<string> {
  const ds = t.dataSource;
  const address = email.toLowerCase();
  const person =
    (await ds.getRepository(Person).findOne({ where: { email: address } })) ??
    (await ds.getRepository(Person).save({ fullName: options.fullName ?? address.split('@')[0], email: address }));
  const account =
    (await ds.getRepository(Account).findOne({ where: { personId: person.id } })) ??
    (await ds.getRepository(Account).save({ personId: person.id, active: true }));
  for (const spec of grants) {
    const conventionId = 'conventionId' in spec ? (spec.conventionId ?? null) : null;
    const committeeId = 'committeeId' in spec ? spec.committeeId : null;
    const exists = await ds.getRepository(Grant).exists({ where: { accountId: account.id, role: spec.role, ...(conventionId ? { conventionId } : {}), ...(committeeId ? { committeeId } : {}) } });
    if (!exists) await ds.getRepository(Grant).save({ accountId: account.id, role: spec.role, conventionId, committeeId });
  }
  const kind = options.kind ?? 'session';
  const secret = newSecret(kind === 'session' ? SESSION_TOKEN_PREFIX : API_TOKEN_PREFIX);
  await ds.getRepository(AccessToken).save({
    accountId: account.id,
    kind,
    name: kind === 'api_token' ? 'test token' : null,
    tokenHash: hashSecret(t.config.auth.secret, secret),
    expiresAt: new Date(t.clock.now().getTime() + (options.expiresInHours ?? 12) * 3600_000),
  });
  return secret;
}

/** Authorization headers for `email` with `grants`. */
export async function headersFor(t: TestApp, email: string, grants: GrantSpec[] = [], options: TokenOptions = {}): Promise<AuthHeaders> {
  return bearer(await tokenFor(t, email, grants, options));
}

const adminTokens = new WeakMap<TestApp, string>();

/**
 * Headers of an administrator of this test app (one account, one token, made on first use). Its
 * token lives a century, so that a test may move the app's clock years ahead and still ask.
 */
export async function asAdmin(t: TestApp): Promise<AuthHeaders> {
  let token = adminTokens.get(t);
  if (!token) {
    token = await tokenFor(t, `admin.${randomBytes(3).toString('hex')}@copil.test`, [{ role: 'admin' }], { fullName: 'Administratrice de test', expiresInHours: 100 * 366 * 24 });
    adminTokens.set(t, token);
  }
  return bearer(token);
}
