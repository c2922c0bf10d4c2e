import { Body, Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { DateTime } from 'luxon';
import { Permission } from '../auth';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdParams } from '../common/validators';
import { CommitteesService } from '../committees/committees.service';
import { MembershipsService } from '../people/memberships.service';
import { CreateMembershipDto } from '../people/dto/create-membership.dto';
import { UpdateMembershipDto } from '../people/dto/update-membership.dto';
import { CsrfGuard } from './csrf';
import { FormBody, readForm, textOf } from './forms';
import { FieldMessage, formErrors } from './french-messages';
import { MemberFormEcho, memberFields, membersView } from './members.view';
import { WebExceptionFilter } from './web-exception.filter';
import { WebPage } from './web-page';

const REFUSALS = ['invalid', 'rule', 'conflict', 'not_found'];

/**
 * The convener keeps her committee's members: fills a vacant seat with a new or known person,
 * ends a term, names a substitute. The same service and permission as the API's memberships
 * (committee.manage_members: the committee's conveners and its secretariat), audited alike.
 */
@ApiExcludeController()
@Controller()
@UseGuards(CsrfGuard)
@UseFilters(WebExceptionFilter)
export class MembersPageController {
  constructor(
    private readonly page: WebPage,
    private readonly committees: CommitteesService,
    private readonly memberships: MembershipsService,
    private readonly clock: Clock,
  ) {}

  @Get('comites/:id/membres')
  @Permission('committee.manage_members', { committee: 'param:id' })
  async members(@Param() params: IdParams, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.show(params.id, request, response, null, [], 200);
  }

  @Post('comites/:id/membres')
  @Permission('committee.manage_members', { committee: 'param:id' })
  async fill(@Param() params: IdParams, @Body() body: FormBody, @Req() request: Request, @Res() response: Response): Promise<void> {
    const seatId = textOf(body, 'siege');
    try {
      const committee = await this.committees.detail(params.id);
      const seat = committee.seats.find((candidate) => candidate.id === seatId);
      if (!seat) throw DomainError.notFound('seat', `id ${seatId} in committee ${params.id}`);
      const dto = await readForm(CreateMembershipDto, {
        seatKey: seat.key,
        startsOn: textOf(body, 'debut'),
        person: { fullName: textOf(body, 'nom') || undefined, email: textOf(body, 'email') || undefined },
      });
      await this.memberships.create(params.id, dto);
      this.page.redirect(response, `/comites/${params.id}/membres?fait=membre-ajoute`);
    } catch (error) {
      if (!(error instanceof DomainError) || !REFUSALS.includes(error.kind)) throw error;
      const field = (path: string) =>
        path.endsWith('email') ? memberFields.fillEmail(seatId) : path.endsWith('fullName') ? memberFields.fillName(seatId) : memberFields.fillStart(seatId);
      const errors = formErrors(error, field, memberFields.fillEmail(seatId)).map((entry) => clearer(entry, error));
      await this.show(params.id, request, response, { form: `pourvoir-${seatId}`, body }, errors, statusOf(error));
    }
  }

  @Post('membres/:id/fin')
  @Permission('committee.manage_members', { membership: 'param:id' })
  async end(@Param() params: IdParams, @Body() body: FormBody, @Req() request: Request, @Res() response: Response): Promise<void> {
    await this.change(params.id, `fin-${params.id}`, body, { endsOn: textOf(body, 'fin') || 'manquant' }, 'mandat-termine', () => memberFields.endDate(params.id), request, response);
  }

  @Post('membres/:id/suppleant')
  @Permission('committee.manage_members', { membership: 'param:id' })
  async substitute(@Param() params: IdParams, @Body() body: FormBody, @Req() request: Request, @Res() response: Response): Promise<void> {
    const substitute = { fullName: textOf(body, 'nom') || undefined, email: textOf(body, 'email') || undefined };
    const field = (path: string) => (path.endsWith('fullName') ? memberFields.substituteName(params.id) : memberFields.substituteEmail(params.id));
    await this.change(params.id, `suppleant-${params.id}`, body, { substitute }, 'membre-modifie', field, request, response);
  }

  private async change(
    membershipId: string,
    form: string,
    body: FormBody,
    fields: Record<string, unknown>,
    done: string,
    fieldOf: (path: string) => string,
    request: Request,
    response: Response,
  ): Promise<void> {
    const { committeeId } = await this.memberships.get(membershipId);
    try {
      const dto = await readForm(UpdateMembershipDto, fields);
      await this.memberships.update(membershipId, dto);
      this.page.redirect(response, `/comites/${committeeId}/membres?fait=${done}`);
    } catch (error) {
      if (!(error instanceof DomainError) || !REFUSALS.includes(error.kind)) throw error;
      const errors = formErrors(error, fieldOf, fieldOf('')).map((entry) => clearer(entry, error));
      await this.show(committeeId, request, response, { form, body }, errors, statusOf(error));
    }
  }

  private async show(committeeId: string, request: Request, response: Response, echo: MemberFormEcho | null, errors: FieldMessage[], status: number): Promise<void> {
    const committee = await this.committees.detail(committeeId);
    const today = DateTime.fromJSDate(this.clock.now()).setZone(committee.convention.timeZone).toISODate() as string;
    const view = membersView(committee, today, echo);
    this.page.send(request, response, 'committee-members', { ...view, errors }, {
      title: `${errors.length ? 'Erreur – ' : ''}Membres – ${committee.name}`,
      section: 'home',
      status,
    });
  }
}

function statusOf(error: DomainError): number {
  return error.kind === 'invalid' ? 400 : error.kind === 'not_found' ? 404 : error.kind === 'conflict' ? 409 : 422;
}

/** The memberships' refusals in the words of this page. */
function clearer(entry: FieldMessage, error: DomainError): FieldMessage {
  if (error.code === 'seat_full') return { ...entry, message: 'Toutes les places de ce siège sont occupées à cette date\u00A0: mettez d’abord fin à un mandat.' };
  if (error.code === 'membership_overlaps') return { ...entry, message: 'Cette personne occupe déjà ce siège à cette date.' };
  const fields = (error.details.fields as Array<{ path: string; code?: string }> | undefined) ?? [];
  const inconsistent = fields.find((field) => field.code === 'inconsistent');
  if (inconsistent?.path === 'endsOn' && entry.field.startsWith('fin-')) return { ...entry, message: 'Le dernier jour du mandat ne peut pas précéder son premier jour.' };
  if (inconsistent?.path === 'substituteId' && entry.field.startsWith('suppleant-')) return { ...entry, message: 'Le suppléant doit être une autre personne que le membre.' };
  if (/-debut$|^fin-/.test(entry.field) && !/mandat/.test(entry.message)) return { ...entry, message: 'Indiquez une date valable.' };
  return entry;
}
