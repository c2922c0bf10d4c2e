/**
 * Roles granted to an account, each within a scope. `member` is not among them: it is derived
 * from the memberships a person holds or substitutes, never granted.
 *
 * - admin: everything; no scope.
 * - secretariat: acts for a convention (its committees, meetings, convocations), or for every
 *   convention when granted without a convention.
 * - convener: convenes one committee, or every committee of one convention.
 */
export const GRANTED_ROLES = ['admin', 'secretariat', 'convener'] as const;
export type GrantedRole = (typeof GRANTED_ROLES)[number];

/** What a handler may declare. New modules add theirs here and a rule in AccessPolicy. */
export const PERMISSIONS = [
  'registry.read',
  'convention.manage',
  'committee.manage_members',
  'people.read',
  'people.manage',
  'school.manage',
  'account.manage',
  'audit.read',
  'meeting.schedule',
  'meeting.convene',
  'meeting.read',
  'meeting.answer',
] as const;
export type Permission = (typeof PERMISSIONS)[number];
