import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Request } from 'express';
import { Permission as PermissionName } from './permissions';
import { SESSION_COOKIE_SCHEME } from './credentials';

/** Where a handler finds a scope value in the request: a path parameter, a body field, a query parameter. */
export type ValueSource = `param:${string}` | `body:${string}` | `query:${string}`;

/** What a custom resolver may answer; the guard completes it upwards (committee → convention). */
export interface ScopeRef {
  conventionId?: string | null;
  conventionReference?: string | null;
  committeeId?: string | null;
  membershipId?: string | null;
  meetingId?: string | null;
  personId?: string | null;
}

export type ScopeResolverFn = (request: Request) => ScopeRef | Promise<ScopeRef>;

/**
 * How to find what a request acts on. Ids that name nothing (or are malformed) leave the scope
 * empty, which only global roles pass: the handler then answers 404 to them, and nobody else
 * learns whether the thing exists.
 */
export interface ScopeSpec {
  convention?: ValueSource;
  conventionReference?: ValueSource;
  /** Routes such as /conventions/:idOrReference: a uuid is read as an id, anything else as a reference. */
  conventionIdOrReference?: ValueSource;
  committee?: ValueSource;
  membership?: ValueSource;
  meeting?: ValueSource;
  person?: ValueSource;
  custom?: ScopeResolverFn;
}

export interface PermissionRequirement {
  permission: PermissionName;
  scope: ScopeSpec;
}

export const PERMISSION_KEY = 'copil:permission';
export const PUBLIC_KEY = 'copil:public';
export const SIGNED_IN_KEY = 'copil:signed-in';

const documented = (permission: string) =>
  applyDecorators(
    ApiBearerAuth(),
    ApiCookieAuth(SESSION_COOKIE_SCHEME),
    ApiUnauthorizedResponse({ description: 'code authentication_required or invalid_credentials' }),
    ApiForbiddenResponse({ description: `code forbidden: needs ${permission}` }),
  );

/**
 * The permission a handler needs and where its scope is, e.g.
 * `@Permission('meeting.convene', { committee: 'param:id' })`. The global AuthGuard checks it
 * through AccessPolicy; handlers never check roles themselves.
 */
export function Permission(permission: PermissionName, scope: ScopeSpec = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(PERMISSION_KEY, { permission, scope } satisfies PermissionRequirement), documented(permission));
}

/** Open to anyone, signed in or not: health, sign-in, answer links sent to members. */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(PUBLIC_KEY, true);
}

/** Open to anyone signed in, whatever their roles: one's own profile, tokens, sign-out. */
export function SignedIn(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(SIGNED_IN_KEY, true), documented('a session or token'));
}
