/** What other modules use to declare who may call their routes. */
export { AuthModule } from './auth.module';
export { addAuthSchemes, applySecurity } from './security';
export { Permission, Public, SignedIn } from './permission.decorator';
export type { ScopeSpec, ScopeRef, ScopeResolverFn, ValueSource } from './permission.decorator';
export { CurrentPrincipal, principalOf } from './principal';
export type { Principal } from './principal';
export { AccessPolicy } from './access-policy';
export type { Subject, Target, Decision, VisibleScope } from './access-policy';
export { RateLimit, SignInRateLimit, AnswerLinkRateLimit, LinkRedeemRateLimit, bodyField, SIGN_IN_LIMITS, ANSWER_LINK_LIMITS } from './rate-limit';
export type { RateLimitOptions, RateLimitSubject } from './rate-limit';
export { PERMISSIONS, GRANTED_ROLES } from './permissions';
export type { Permission as PermissionName, GrantedRole } from './permissions';
export { redactSecrets } from './credentials';
