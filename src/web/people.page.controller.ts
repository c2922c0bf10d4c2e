import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { Request, Response } from 'express';
import { DateTime } from 'luxon';
import { AccessPolicy, CurrentPrincipal, Permission, Principal, SignedIn } from '../auth';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdParams } from '../common/validators';
import { CommitteesService } from '../committees/committees.service';
import { CommitteeDetailResponse } from '../committees/dto/committee-detail.response';
import { ListCommitteesQuery } from '../committees/dto/list-committees.query';
import { AuditTrailService } from '../dashboard/audit-trail.service';
import { MembershipEffectService } from '../dashboard/membership-effect.service';
import { CorrectEmailDto } from '../people/dto/correct-email.dto';
import { CreateMembershipDto } from '../people/dto/create-membership.dto';
import { ListPeopleQuery } from '../people/dto/list-people.query';
import { UpdateMembershipDto } from '../people/dto/update-membership.dto';
import { EmailCorrectionService } from '../people/email-correction.service';
import { MembershipsService } from '../people/memberships.service';
import { PeopleService } from '../people/people.service';
import { auditView } from './audit.view';
import { CsrfGuard } from './csrf';
import { FormBody, readForm, textOf } from './forms';
import { FieldMessage, formErrors } from './french-messages';
import { dayText } from './french-text';
import { ConfirmationFacts, confirmationView, effectSentences, emailRefusalText, PersonFormEcho, personFields, personView, searchView } from './people.view';
import { WebExceptionFilter } from './web-exception.filter';
import { WebPage } from './web-page';

const REFUSALS = ['invalid', 'rule', 'conflict', 'not_found', 'forbidden'];
/** The committees offered in « Ajouter à un siège »: the first ones of the caller's scope. */
const SEATABLE_COMMITTEES = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A person's membership in the path: both uuids, else 400 before any lookup. */
class MembershipParams extends IdParams {
  @IsUUID('loose')
  mandat: string;
}

/**
 * « Personnes »: find a person within what one may see (as GET /people), and a page per person
 * with their seats and the changes one may make to them — seat them, end a term, name a
 * substitute, correct their address — each shown with its effect on quorum before it is
 * confirmed, then made through the same services and permissions as the API.
 */
@ApiExcludeController()
@Controller()
@UseGuards(CsrfGuard)
@UseFilters(WebExceptionFilter)
export class PeoplePageController {
  constructor(
    private readonly page: WebPage,
    private readonly people: PeopleService,
    private readonly memberships: MembershipsService,
    private readonly emails: EmailCorrectionService,
    private readonly committees: CommitteesService,
    private readonly effects: MembershipEffectService,
    private readonly trails: AuditTrailService,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
  ) {}

  @Get('personnes')
  @Permission('people.read')
  async search(@Query() query: Record<string, unknown>, @CurrentPrincipal() who: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const text = typeof query.q === 'string' ? query.q : '';
    let errors: FieldMessage[] = [];
    let found = null;
    if (text.trim() !== '') {
      try {
        const filter = await readForm(ListPeopleQuery, { q: text });
        found = await this.people.list(filter, this.policy.visibleScope(who.subject), who.person.id);
      } catch (error) {
        if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
        errors = formErrors(error, () => personFields.search, personFields.search).map((entry) => ({ ...entry, message: 'Tapez au plus 200 caractères, sans saut de ligne.' }));
      }
    }
    this.page.send(request, response, 'people', { ...searchView(text, found), errors }, {
      title: `${errors.length ? 'Erreur – ' : ''}Personnes`,
      section: 'people',
      status: errors.length ? 400 : 200,
    });
  }

  @Get('personnes/:id')
  @Permission('people.read')
  async person(@Param() params: IdParams, @Query() query: Record<string, unknown>, @CurrentPrincipal() who: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const chosen = typeof query.comite === 'string' && UUID.test(query.comite) ? query.comite : null;
    const changedIn = typeof query.fait === 'string' ? { committeeId: typeof query.dans === 'string' && UUID.test(query.dans) ? query.dans : null } : null;
    await this.show(params.id, who, request, response, { chosen, changedIn }, null, [], 200);
  }

  @Get('personnes/:id/historique')
  @Permission('people.read')
  async trail(@Param() params: IdParams, @Query() query: Record<string, unknown>, @CurrentPrincipal() who: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    // Someone one may not see answers as someone who does not exist, as on their page.
    const person = await this.people.get(params.id, this.policy.visibleScope(who.subject), who.person.id);
    const page = typeof query.page === 'string' && /^\d{1,5}$/.test(query.page) ? Math.max(1, Number(query.page)) : 1;
    const { subject, entries } = await this.trails.ofPerson(person.id, person.fullName, page);
    const view = auditView(subject, entries);
    this.page.send(request, response, 'audit', view, { title: `Historique – ${person.fullName}`, section: 'people' });
  }

  /** Seat the person: first the effect on quorum, then, confirmed, the membership. */
  @Post('personnes/:id/sieges')
  @Permission('committee.manage_members', { committee: 'body:comite' })
  async seat(@Param() params: IdParams, @Body() body: FormBody, @CurrentPrincipal() who: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const committeeId = textOf(body, 'comite');
    try {
      // An administrator's permission does not read the committee: a malformed one is refused here, beside the seat.
      if (!UUID.test(committeeId)) throw DomainError.notFound('committee', `id ${committeeId}`);
      const dto = await readForm(CreateMembershipDto, { seatKey: textOf(body, 'siege') || undefined, personId: params.id, startsOn: textOf(body, 'debut') || undefined });
      const person = await this.people.get(params.id, this.policy.visibleScope(who.subject), who.person.id);
      if (textOf(body, 'confirme') !== 'oui') {
        const effect = await this.effects.of({ kind: 'add', committeeId, seatKey: dto.seatKey, startsOn: dto.startsOn });
        return this.confirm(request, response, {
          personId: params.id,
          title: `Ajouter ${person.fullName} au comité`,
          summary: [`Siège\u00A0: ${effect.seatRole} — ${effect.committeeName}.`, `Premier jour du mandat\u00A0: ${dayOf(dto.startsOn)}.`],
          effects: effectSentences(effect, 'add', { member: person.fullName }),
          action: `/personnes/${params.id}/sieges`,
          fields: [
            { name: 'comite', value: committeeId },
            { name: 'siege', value: dto.seatKey },
            { name: 'debut', value: dto.startsOn },
          ],
          button: 'Confirmer l’ajout',
        });
      }
      await this.memberships.create(committeeId, dto);
      this.page.redirect(response, `/personnes/${params.id}?fait=membre-ajoute&dans=${committeeId}`);
    } catch (error) {
      if (!(error instanceof DomainError) || !REFUSALS.includes(error.kind)) throw error;
      const errors = formErrors(error, (path) => (path === 'startsOn' ? personFields.start : personFields.seat), personFields.seat).map((entry) => clearer(entry, error));
      await this.show(params.id, who, request, response, { chosen: UUID.test(committeeId) ? committeeId : null, changedIn: null }, { form: 'siege', body }, errors, statusOf(error));
    }
  }

  /** End a term: the effect on quorum, then the last day recorded. */
  @Post('personnes/:id/mandats/:mandat/fin')
  @Permission('committee.manage_members', { membership: 'param:mandat' })
  async end(@Param() params: MembershipParams, @Body() body: FormBody, @CurrentPrincipal() who: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const mandat = params.mandat;
    const membership = await this.ownMembership(params.id, mandat);
    const endsOn = textOf(body, 'fin');
    await this.change(params.id, who, request, response, `fin-${mandat}`, body, () => personFields.endDate(mandat), async () => {
      const dto = await readForm(UpdateMembershipDto, { endsOn: endsOn || 'manquant' });
      if (textOf(body, 'confirme') !== 'oui') {
        const effect = await this.effects.of({ kind: 'end', membershipId: mandat, endsOn: dto.endsOn as string });
        return {
          personId: params.id,
          title: `Mettre fin au mandat de ${membership.person.fullName}`,
          summary: [`Siège\u00A0: ${effect.seatRole} — ${effect.committeeName}.`, `Dernier jour du mandat\u00A0: ${dayOf(dto.endsOn as string)}.`],
          effects: effectSentences(effect, 'end', { member: membership.person.fullName }),
          action: `/personnes/${params.id}/mandats/${mandat}/fin`,
          fields: [{ name: 'fin', value: dto.endsOn as string }],
          button: 'Confirmer la fin du mandat',
        };
      }
      await this.memberships.update(mandat, dto);
      return `/personnes/${params.id}?fait=mandat-termine&dans=${membership.committeeId}`;
    });
  }

  /** Name or change the substitute of a membership. */
  @Post('personnes/:id/mandats/:mandat/suppleant')
  @Permission('committee.manage_members', { membership: 'param:mandat' })
  async substitute(@Param() params: MembershipParams, @Body() body: FormBody, @CurrentPrincipal() who: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const mandat = params.mandat;
    const membership = await this.ownMembership(params.id, mandat);
    const named = { fullName: textOf(body, 'nom') || undefined, email: textOf(body, 'email') || undefined };
    const fieldOf = (path: string) => (path.endsWith('fullName') ? personFields.substituteName(mandat) : personFields.substituteEmail(mandat));
    await this.change(params.id, who, request, response, `suppleant-${mandat}`, body, fieldOf, async () => {
      const dto = await readForm(UpdateMembershipDto, { substitute: named });
      if (textOf(body, 'confirme') !== 'oui') {
        const effect = await this.effects.of({ kind: 'substitute', membershipId: mandat });
        return {
          personId: params.id,
          title: `${membership.substitute ? 'Changer le' : 'Nommer un'} suppléant de ${membership.person.fullName}`,
          summary: [
            `Siège\u00A0: ${effect.seatRole} — ${effect.committeeName}.`,
            ...(membership.substitute ? [`Suppléant actuel\u00A0: ${membership.substitute.fullName} (${membership.substitute.email}).`] : []),
            `Nouveau suppléant\u00A0: ${dto.substitute?.fullName ?? ''} (${dto.substitute?.email ?? ''}). Si copil connaît déjà cette adresse, c’est cette personne qui est nommée.`,
          ],
          effects: effectSentences(effect, 'substitute', { member: membership.person.fullName }),
          action: `/personnes/${params.id}/mandats/${mandat}/suppleant`,
          fields: [
            { name: 'nom', value: dto.substitute?.fullName ?? '' },
            { name: 'email', value: dto.substitute?.email ?? '' },
          ],
          button: 'Confirmer le suppléant',
        };
      }
      await this.memberships.update(mandat, dto);
      return `/personnes/${params.id}?fait=membre-modifie&dans=${membership.committeeId}`;
    });
  }

  /** Correct the person's address: who may is AccessPolicy.mayCorrectEmail's, decided by the service. */
  @Post('personnes/:id/adresse')
  @SignedIn()
  async correctEmail(@Param() params: IdParams, @Body() body: FormBody, @CurrentPrincipal() who: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.change(params.id, who, request, response, 'adresse', body, () => personFields.email, async () => {
      const dto = await readForm(CorrectEmailDto, { email: textOf(body, 'email') || undefined });
      if (textOf(body, 'confirme') !== 'oui') {
        const check = await this.emails.check(who, params.id);
        if (!check.decision.allowed) throw new DomainError('forbidden', 'email_change_not_allowed', check.decision.reason, { refusal: check.decision.refusal });
        return {
          personId: params.id,
          title: `Corriger l’adresse de ${check.person.fullName}`,
          summary: [`Adresse actuelle\u00A0: ${check.person.email}.`, `Nouvelle adresse\u00A0: ${dto.email}.`],
          effects: [
            'Sans effet sur le quorum\u00A0: la personne garde ses sièges et ses réponses.',
            'Les convocations déjà envoyées restent adressées à l’ancienne adresse, comme le registre d’envoi l’atteste\u00A0; les prochaines convocations, et les liens de connexion, partiront vers la nouvelle.',
            'L’ancienne adresse reçoit un message qui signale le changement, son auteur et sa date.',
          ],
          action: `/personnes/${params.id}/adresse`,
          fields: [{ name: 'email', value: dto.email }],
          button: 'Confirmer la nouvelle adresse',
        };
      }
      await this.emails.correct(who, params.id, dto.email);
      return `/personnes/${params.id}?fait=adresse-corrigee`;
    });
  }

  /**
   * One change of the person page: `run` validates and answers the confirmation to show, or makes
   * the change and answers where to go. A refusal comes back on the person page beside its field.
   */
  private async change(
    personId: string,
    who: Principal,
    request: Request,
    response: Response,
    form: string,
    body: FormBody,
    fieldOf: (path: string) => string,
    run: () => Promise<ConfirmationFacts | string>,
  ): Promise<void> {
    try {
      const outcome = await run();
      if (typeof outcome === 'string') this.page.redirect(response, outcome);
      else this.confirm(request, response, outcome);
    } catch (error) {
      if (!(error instanceof DomainError) || !REFUSALS.includes(error.kind)) throw error;
      const errors = formErrors(error, fieldOf, fieldOf('')).map((entry) => clearer(entry, error));
      await this.show(personId, who, request, response, { chosen: null, changedIn: null }, { form, body }, errors, statusOf(error));
    }
  }

  private confirm(request: Request, response: Response, facts: ConfirmationFacts): void {
    this.page.send(request, response, 'person-confirm', confirmationView(facts), { title: facts.title, section: 'people' });
  }

  /** The membership acted on, which must be one of the person's (else it answers as not found). */
  private async ownMembership(personId: string, membershipId: string) {
    const membership = await this.memberships.get(membershipId);
    if (membership.person.id !== personId) throw DomainError.notFound('membership', `id ${membershipId} of person ${personId}`);
    return membership;
  }

  private async show(
    personId: string,
    who: Principal,
    request: Request,
    response: Response,
    options: { chosen: string | null; changedIn: { committeeId: string | null } | null },
    echo: PersonFormEcho | null,
    errors: FieldMessage[],
    status: number,
  ): Promise<void> {
    const scope = this.policy.visibleScope(who.subject);
    const person = await this.people.get(personId, scope, who.person.id);
    const keeps = (committeeId: string, conventionId: string) =>
      this.policy.decide(who.subject, 'committee.manage_members', { committeeId, conventionId, named: true }).allowed;
    const [email, summaries] = await Promise.all([
      this.emails.check(who, personId),
      this.committees.summaryPage(Object.assign(new ListCommitteesQuery(), { pageSize: SEATABLE_COMMITTEES, page: 1 }), scope),
    ]);
    const seatable = summaries.items.filter((committee) => keeps(committee.id, committee.conventionId)).map((committee) => ({ id: committee.id, name: committee.name }));
    let chosen: CommitteeDetailResponse | null = null;
    if (options.chosen && seatable.some((committee) => committee.id === options.chosen)) chosen = await this.committees.detail(options.chosen);
    const today = DateTime.fromJSDate(this.clock.now()).setZone(chosen?.convention.timeZone ?? 'Europe/Paris').toISODate() as string;
    const view = personView({ person, keeps, email, seatable, chosen, today, changedIn: options.changedIn }, echo);
    this.page.send(request, response, 'person', { ...view, errors }, {
      title: `${errors.length ? 'Erreur – ' : ''}${person.fullName}`,
      section: 'people',
      status,
    });
  }
}

function dayOf(date: string): string {
  return dayText(date) ?? date;
}

function statusOf(error: DomainError): number {
  return error.kind === 'invalid' ? 400 : error.kind === 'not_found' ? 404 : error.kind === 'conflict' ? 409 : error.kind === 'forbidden' ? 403 : 422;
}

/** The services' refusals in the words of this page. */
function clearer(entry: FieldMessage, error: DomainError): FieldMessage {
  if (error.code === 'email_change_not_allowed') return { ...entry, message: emailRefusalText(error.details.refusal as string | undefined) };
  if (error.code === 'seat_full') return { ...entry, message: 'Toutes les places de ce siège sont occupées à cette date\u00A0: mettez d’abord fin à un mandat.' };
  if (error.code === 'membership_overlaps') return { ...entry, message: 'Cette personne occupe déjà ce siège à cette date.' };
  if (error.code === 'seat_not_found') return { ...entry, message: 'Choisissez un siège de ce comité.' };
  if (error.code === 'committee_not_found') return { ...entry, message: 'Choisissez le comité dans la liste, puis son siège.' };
  if (error.code === 'membership_not_found') return { ...entry, message: 'Ce mandat n’existe plus\u00A0: rechargez la page.' };
  const fields = (error.details.fields as Array<{ path: string; code?: string }> | undefined) ?? [];
  if (fields.some((field) => field.path === 'seatKey')) return entry.field === personFields.seat ? { ...entry, message: 'Choisissez un siège.' } : entry;
  if (fields.some((field) => field.code === 'term_exceeded')) return { ...entry, message: 'Ce mandat dépasserait la durée fixée par le texte du comité.' };
  if (fields.some((field) => field.code === 'renewals_exceeded')) return { ...entry, message: 'Ce mandat serait renouvelé plus de fois que le texte du comité ne le permet.' };
  const inconsistent = fields.find((field) => field.code === 'inconsistent');
  if (inconsistent?.path === 'endsOn') return { ...entry, message: 'Le dernier jour du mandat ne peut pas précéder son premier jour.' };
  if (inconsistent?.path === 'substituteId') return { ...entry, message: 'Le suppléant doit être une autre personne que le membre.' };
  if ((/-debut$|^fin-|^debut$/.test(entry.field) || entry.field === personFields.start) && !/mandat|format|obligatoire/.test(entry.message)) return { ...entry, message: 'Indiquez une date valable.' };
  return entry;
}
