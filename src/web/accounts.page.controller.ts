import { Body, Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { Request, Response } from 'express';
import { CurrentPrincipal, Permission, Principal } from '../auth';
import { AccountsService } from '../auth/accounts.service';
import { CreateGrantDto, InviteAccountDto, UpdateAccountDto } from '../auth/dto/account.dto';
import { DomainError } from '../common/domain-error';
import { IdParams } from '../common/validators';
import { CommitteesService } from '../committees/committees.service';
import { ListCommitteesQuery } from '../committees/dto/list-committees.query';
import { ConventionsService } from '../conventions/conventions.service';
import { accountFields, accountsView, accountView, SCOPE_CHOICES, ScopeChoice } from './accounts.view';
import { CsrfGuard } from './csrf';
import { FormBody, readForm, textOf } from './forms';
import { FieldMessage, formErrors } from './french-messages';
import { WebExceptionFilter } from './web-exception.filter';
import { WebPage } from './web-page';

const REFUSALS = ['invalid', 'rule', 'conflict', 'not_found'];
/** The committees offered to a convener's grant: the first ones, by convention. */
const GRANTABLE_COMMITTEES = 500;

class GrantParams extends IdParams {
  @IsUUID('loose')
  grantId: string;
}

/** The form's scope (`portee`) and the one field that goes with it, as the API's grant. */
const SCOPE_FIELDS: Record<Exclude<ScopeChoice, 'tout'>, { form: string; dto: keyof CreateGrantDto; field: string; missing: string }> = {
  academie: { form: 'academie', dto: 'academie', field: accountFields.academie, missing: 'Choisissez l’académie.' },
  departement: { form: 'departement', dto: 'departement', field: accountFields.departement, missing: 'Indiquez le numéro du département, par exemple 38.' },
  convention: { form: 'convention', dto: 'conventionId', field: accountFields.convention, missing: 'Choisissez la convention.' },
  comite: { form: 'comite', dto: 'committeeId', field: accountFields.committee, missing: 'Choisissez le comité.' },
};

/**
 * « Comptes », for administrators (account.manage, as /accounts): the accounts and their roles;
 * invite someone by email, grant and withdraw a role within a scope, deactivate or reactivate an
 * account — never the last administrator, and one's own only when one says so.
 */
@ApiExcludeController()
@Controller()
@UseGuards(CsrfGuard)
@UseFilters(WebExceptionFilter)
@Permission('account.manage')
export class AccountsPageController {
  constructor(
    private readonly page: WebPage,
    private readonly accounts: AccountsService,
    private readonly conventions: ConventionsService,
    private readonly committees: CommitteesService,
  ) {}

  @Get('comptes')
  async list(@CurrentPrincipal() who: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.showList(who, request, response, null, [], 200);
  }

  @Post('comptes/invitation')
  async invite(@Body() body: FormBody, @CurrentPrincipal() who: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    try {
      const dto = await readForm(InviteAccountDto, { email: textOf(body, 'email'), fullName: textOf(body, 'nom') });
      const account = await this.accounts.invite(dto, who.person.fullName);
      this.page.redirect(response, `/comptes/${account.id}?fait=compte-invite`);
    } catch (error) {
      if (!(error instanceof DomainError) || !REFUSALS.includes(error.kind)) throw error;
      const fieldOf = (path: string) => (path === 'fullName' ? accountFields.inviteName : accountFields.inviteEmail);
      const errors = formErrors(error, fieldOf, accountFields.inviteEmail).map((entry) => inviteMessage(entry, error));
      await this.showList(who, request, response, body, errors, statusOf(error));
    }
  }

  @Get('comptes/:id')
  async account(@Param() params: IdParams, @CurrentPrincipal() who: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.showAccount(params.id, who, request, response, null, [], 200);
  }

  @Post('comptes/:id/roles')
  async grant(@Param() params: IdParams, @Body() body: FormBody, @CurrentPrincipal() who: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const scope = textOf(body, 'portee') as ScopeChoice;
    try {
      const fields: Record<string, string | undefined> = { role: textOf(body, 'role') || undefined };
      if (!SCOPE_CHOICES.includes(scope)) throw DomainError.invalid([{ path: 'scope', code: 'required', message: 'choose how far the role reaches' }]);
      if (scope !== 'tout') {
        const chosen = SCOPE_FIELDS[scope];
        const value = textOf(body, chosen.form).trim();
        if (value === '') throw DomainError.invalid([{ path: chosen.dto, code: 'required', message: `${chosen.dto} is required with this scope` }]);
        fields[chosen.dto] = value;
      }
      const dto = await readForm(CreateGrantDto, fields);
      await this.accounts.addGrant(params.id, dto);
      this.page.redirect(response, `/comptes/${params.id}?fait=role-accorde`);
    } catch (error) {
      if (!(error instanceof DomainError) || !REFUSALS.includes(error.kind)) throw error;
      const errors = formErrors(error, grantField, accountFields.role).map((entry) => grantMessage(entry, error, scope, textOf(body, 'role')));
      await this.showAccount(params.id, who, request, response, { form: 'role', body }, errors, statusOf(error));
    }
  }

  @Post('comptes/:id/roles/:grantId/retrait')
  async revoke(@Param() params: GrantParams, @CurrentPrincipal() who: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    try {
      await this.accounts.removeGrant(params.id, params.grantId);
      this.page.redirect(response, `/comptes/${params.id}?fait=role-retire`);
    } catch (error) {
      if (!(error instanceof DomainError) || !REFUSALS.includes(error.kind)) throw error;
      const errors = formErrors(error, () => accountFields.revoke(params.grantId), accountFields.revoke(params.grantId)).map((entry) => stateMessage(entry, error));
      await this.showAccount(params.id, who, request, response, null, errors, statusOf(error));
    }
  }

  /** Deactivate or reactivate; deactivating one's own account takes the box ticked, and signs out. */
  @Post('comptes/:id/etat')
  async state(@Param() params: IdParams, @Body() body: FormBody, @CurrentPrincipal() who: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const active = textOf(body, 'actif') === 'oui';
    try {
      const dto = await readForm(UpdateAccountDto, { active, confirmSelf: textOf(body, 'confirmation') === 'oui' });
      await this.accounts.update(params.id, dto, who.accountId);
      if (!active && params.id === who.accountId) return this.page.redirect(response, '/connexion');
      this.page.redirect(response, `/comptes/${params.id}?fait=${active ? 'compte-reactive' : 'compte-desactive'}`);
    } catch (error) {
      if (!(error instanceof DomainError) || !REFUSALS.includes(error.kind)) throw error;
      const field = error.code === 'self_deactivation' ? accountFields.confirmSelf : accountFields.state;
      const errors = formErrors(error, () => field, field).map((entry) => stateMessage(entry, error));
      await this.showAccount(params.id, who, request, response, null, errors, statusOf(error));
    }
  }

  private async showList(who: Principal, request: Request, response: Response, echo: FormBody | null, errors: FieldMessage[], status: number): Promise<void> {
    const accounts = await this.accounts.list();
    const names = await this.accounts.scopeNames(accounts.flatMap((account) => account.grants));
    this.page.send(request, response, 'accounts', { ...accountsView(accounts, names, who.accountId, echo), errors }, {
      title: `${errors.length ? 'Erreur – ' : ''}Comptes`,
      section: 'accounts',
      status,
    });
  }

  private async showAccount(id: string, who: Principal, request: Request, response: Response, echo: { form: string; body: FormBody } | null, errors: FieldMessage[], status: number): Promise<void> {
    const account = await this.accounts.get(id);
    const [names, conventions, committees] = await Promise.all([
      this.accounts.scopeNames(account.grants),
      this.conventions.list({}),
      this.committees.summaryPage(Object.assign(new ListCommitteesQuery(), { pageSize: GRANTABLE_COMMITTEES, page: 1 })),
    ]);
    const titleOf = new Map(conventions.map((convention) => [convention.id, convention.title]));
    const choices = {
      conventions: conventions.map((convention) => ({ id: convention.id, title: convention.title })),
      committees: committees.items.map((committee) => ({ id: committee.id, name: `${committee.name} — ${titleOf.get(committee.conventionId) ?? ''}` })),
    };
    this.page.send(request, response, 'account', { ...accountView(account, names, choices, who.accountId, echo), errors }, {
      title: `${errors.length ? 'Erreur – ' : ''}Compte de ${account.person.fullName}`,
      section: 'accounts',
      status,
    });
  }
}

function statusOf(error: DomainError): number {
  return error.kind === 'invalid' ? 400 : error.kind === 'not_found' ? 404 : error.kind === 'conflict' ? 409 : 422;
}

function grantField(path: string): string {
  switch (path) {
    case 'academie':
      return accountFields.academie;
    case 'departement':
      return accountFields.departement;
    case 'conventionId':
      return accountFields.convention;
    case 'committeeId':
      return accountFields.committee;
    case 'scope':
      return accountFields.scope;
    default:
      return accountFields.role;
  }
}

function inviteMessage(entry: FieldMessage, error: DomainError): FieldMessage {
  if (error.code === 'account_exists') {
    return { ...entry, message: error.details.active === false ? 'Cette personne a déjà un compte, désactivé\u00A0: réactivez-le depuis la liste.' : 'Cette personne a déjà un compte.' };
  }
  if (entry.field === accountFields.inviteName && /obligatoire/.test(entry.message)) {
    return { ...entry, message: 'copil ne connaît personne à cette adresse\u00A0: indiquez ses prénom et nom pour l’enregistrer.' };
  }
  if (entry.field === accountFields.inviteName) return { ...entry, message: 'Indiquez un prénom et un nom d’au plus 200 caractères, sur une ligne.' };
  return entry;
}

function grantMessage(entry: FieldMessage, error: DomainError, scope: string, role: string): FieldMessage {
  const fields = (error.details.fields as Array<{ path: string; code?: string }> | undefined) ?? [];
  const field = fields.find((candidate) => grantField(candidate.path) === entry.field);
  if (error.code === 'grant_exists') return { field: accountFields.role, message: 'Ce compte a déjà ce rôle avec cette portée.' };
  if (error.code === 'convention_not_found') return { field: accountFields.convention, message: 'Cette convention n’existe plus\u00A0: rechargez la page.' };
  if (error.code === 'committee_not_found') return { field: accountFields.committee, message: 'Ce comité n’existe plus\u00A0: rechargez la page.' };
  if (field?.path === 'scope') return { ...entry, message: 'Choisissez la portée du rôle.' };
  if (field?.path === 'role') return { ...entry, message: 'Choisissez un rôle.' };
  if (field?.code === 'required' && field.path !== 'scope') {
    const chosen = SCOPE_FIELDS[scope as Exclude<ScopeChoice, 'tout'>];
    return { ...entry, message: chosen?.missing ?? entry.message };
  }
  if (field?.path === 'departement') return { ...entry, message: 'Indiquez le code INSEE d’un département\u00A0: 38, 2A, 973…' };
  if (field?.code === 'not_allowed_here') {
    return {
      ...entry,
      message: role !== 'admin'
        ? 'Un secrétariat agit pour une convention, une académie, un département ou pour tout\u00A0: pas pour un seul comité.'
        : 'Le rôle d’administrateur vaut pour tout copil\u00A0: choisissez la portée «\u00A0Tout\u00A0».',
    };
  }
  if (field?.code === 'inconsistent') return { ...entry, message: 'Un rôle de convocation vaut pour un comité, une convention, une académie ou un département\u00A0: choisissez-en un.' };
  return entry;
}

function stateMessage(entry: FieldMessage, error: DomainError): FieldMessage {
  switch (error.code) {
    case 'last_admin':
      return { ...entry, message: 'C’est le dernier compte administrateur actif\u00A0: copil en garde toujours un. Accordez d’abord le rôle d’administrateur à un autre compte.' };
    case 'self_deactivation':
      return { ...entry, message: 'C’est votre propre compte\u00A0: cochez la case pour confirmer que vous voulez le désactiver. Vous serez déconnecté et ne pourrez plus vous connecter.' };
    case 'grant_not_found':
      return { ...entry, message: 'Ce rôle a déjà été retiré\u00A0: rechargez la page.' };
    default:
      return entry;
  }
}
