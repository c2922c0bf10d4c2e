import { AccountResponse, GrantResponse } from '../auth/dto/account.dto';
import { frenchMoment } from '../common/french-time';
import { ACADEMIES } from '../conventions/territory';
import { FormBody, textOf } from './forms';
import { titleText } from './french-text';

/** The ids of the accounts pages' fields. */
export const accountFields = {
  inviteEmail: 'invitation-email',
  inviteName: 'invitation-nom',
  role: 'role',
  scope: 'portee-tout',
  academie: 'portee-academie',
  departement: 'portee-departement',
  convention: 'portee-convention',
  committee: 'portee-comite',
  confirmSelf: 'confirmation-soi',
  state: 'etat',
  revoke: (grantId: string) => `retrait-${grantId}`,
};

/** Where a grant may reach, as the form offers it (`portee`). */
export const SCOPE_CHOICES = ['tout', 'academie', 'departement', 'convention', 'comite'] as const;
export type ScopeChoice = (typeof SCOPE_CHOICES)[number];

const ROLE_LABELS: Record<GrantResponse['role'], string> = { admin: 'Administration', secretariat: 'Secrétariat', convener: 'Convocation' };

export interface ScopeNames {
  conventions: Map<string, string>;
  committees: Map<string, string>;
}

/** « de Grenoble », « d’Amiens »: the académie's name after « académie ». */
function ofAcademie(name: string): string {
  return /^[AEIOUÉÈÊYaeiouéèêy]/.test(name) ? `d’${name}` : `de ${name}`;
}

/** A grant in words: its role and how far it reaches. */
export function grantText(grant: GrantResponse, names: ScopeNames): string {
  const role = ROLE_LABELS[grant.role];
  if (grant.role === 'admin') return `${role} — tout copil`;
  if (grant.committeeId) return `${role} — comité ${names.committees.get(grant.committeeId) ?? '(supprimé)'}`;
  if (grant.conventionId) return `${role} — ${titleText(names.conventions.get(grant.conventionId) ?? 'convention supprimée')}`;
  if (grant.academie) return `${role} — toutes les conventions de l’académie ${ofAcademie(grant.academie)}`;
  if (grant.departement) return `${role} — toutes les conventions du département ${grant.departement}`;
  return `${role} — toutes les conventions`;
}

export function accountsView(accounts: AccountResponse[], names: ScopeNames, selfAccountId: string, echo: FormBody | null) {
  return {
    count: accounts.length === 1 ? '1 compte' : `${accounts.length} comptes`,
    accounts: accounts.map((account) => ({
      id: account.id,
      fullName: account.person.fullName,
      email: account.person.email,
      self: account.id === selfAccountId,
      state: account.active ? 'Actif' : 'Désactivé',
      active: account.active,
      lastSignIn: account.lastSignInAt ? frenchMoment(new Date(account.lastSignInAt), 'Europe/Paris') : 'jamais',
      grants: account.grants.length ? account.grants.map((grant) => grantText(grant, names)) : ['Aucun rôle (ses sièges seuls)'],
    })),
    invite: {
      emailId: accountFields.inviteEmail,
      emailValue: textOf(echo ?? {}, 'email'),
      nameId: accountFields.inviteName,
      nameValue: textOf(echo ?? {}, 'nom'),
    },
  };
}

export interface GrantFormChoices {
  conventions: Array<{ id: string; title: string }>;
  committees: Array<{ id: string; name: string }>;
}

export function accountView(account: AccountResponse, names: ScopeNames, choices: GrantFormChoices, selfAccountId: string, echo: { form: string; body: FormBody } | null) {
  const typed = (form: string, name: string, fallback = '') => (echo && echo.form === form ? textOf(echo.body, name) : fallback);
  const scope = typed('role', 'portee', 'tout');
  return {
    id: account.id,
    fullName: account.person.fullName,
    email: account.person.email,
    personId: account.person.id,
    self: account.id === selfAccountId,
    active: account.active,
    state: account.active ? 'Actif' : 'Désactivé',
    lastSignIn: account.lastSignInAt ? frenchMoment(new Date(account.lastSignInAt), 'Europe/Paris') : 'jamais',
    grants: account.grants.map((grant) => ({ id: grant.id, text: grantText(grant, names), buttonId: accountFields.revoke(grant.id) })),
    confirmSelfId: accountFields.confirmSelf,
    stateId: accountFields.state,
    form: {
      fields: accountFields,
      roles: (Object.keys(ROLE_LABELS) as Array<GrantResponse['role']>).map((role) => ({ value: role, label: ROLE_LABELS[role], selected: typed('role', 'role') === role })),
      scopes: [
        { value: 'tout', id: accountFields.scope, label: 'Tout (un administrateur, un secrétariat national)' },
        { value: 'academie', id: 'portee-choix-academie', label: 'Une académie' },
        { value: 'departement', id: 'portee-choix-departement', label: 'Un département' },
        { value: 'convention', id: 'portee-choix-convention', label: 'Une convention' },
        { value: 'comite', id: 'portee-choix-comite', label: 'Un comité (convocation seulement)' },
      ].map((choice) => ({ ...choice, checked: choice.value === scope })),
      academies: ACADEMIES.map((name) => ({ value: name, label: name, selected: typed('role', 'academie') === name })),
      departement: typed('role', 'departement'),
      conventions: choices.conventions.map((convention) => ({ value: convention.id, label: titleText(convention.title), selected: typed('role', 'convention') === convention.id })),
      committees: choices.committees.map((committee) => ({ value: committee.id, label: committee.name, selected: typed('role', 'comite') === committee.id })),
    },
  };
}
