import { Injectable } from '@nestjs/common';
import { stringify } from 'yaml';
import { AccessPolicy, Subject } from '../auth';
import { Clock } from '../common/clock';
import { ConventionsService } from '../conventions/conventions.service';
import { ConventionDetailResponse, ConventionSummaryResponse } from '../conventions/dto/convention.response';
import { DefinitionsService } from '../definitions/definitions.service';
import { ImportResult } from '../definitions/import-report';
import { LocalDate, addDays, addMonths, localDateOf } from '../rules/local-date';
import { Term, conventionValidity, termOn } from '../rules/validity.rule';

const POLICY = new AccessPolicy();
/** A convention whose term ends within this many days is flagged: time to renew, or to give notice. */
const SOON_DAYS = 90;

/** Where a convention stands today, in its own zone. */
export interface ConventionStanding {
  today: LocalDate;
  state: 'not_started' | 'in_force' | 'ended';
  /** The last day in force when it has ended, or will without renewal. */
  end: LocalDate | null;
  /** The current term, when in force. */
  term: Term | null;
  /** It ends (or renews tacitly) within SOON_DAYS. */
  endsSoon: boolean;
  /** A tacitly renewed convention: the day the next term starts, and the last day to give notice against it. */
  renewal: { on: LocalDate; noticeBy: LocalDate | null } | null;
}

export interface ConventionPage {
  convention: ConventionDetailResponse;
  standing: ConventionStanding;
  /** Whether the person may replace its definition (convention.manage). */
  manages: boolean;
}

/**
 * What the conventions' pages show: the registry's detail of a convention with where it stands
 * today, and its definition read, previewed and replaced through the definitions service.
 */
@Injectable()
export class ConventionOverviewService {
  constructor(
    private readonly conventions: ConventionsService,
    private readonly definitions: DefinitionsService,
    private readonly clock: Clock,
  ) {}

  async list(subject: Subject): Promise<{ convention: ConventionSummaryResponse; standing: ConventionStanding }[]> {
    const list = await this.conventions.list({}, POLICY.visibleScope(subject));
    const details = await Promise.all(list.map((summary) => this.conventions.get(summary.id)));
    return list.map((convention, index) => ({ convention, standing: this.standingOf(details[index]) }));
  }

  async of(reference: string, subject: Subject): Promise<ConventionPage> {
    const convention = await this.conventions.get(reference);
    const manages = POLICY.decide(subject, 'convention.manage', { conventionId: convention.id, committeeId: null }).allowed;
    return { convention, standing: this.standingOf(convention), manages };
  }

  /** The current definition as YAML: importing it again changes nothing. */
  async definitionYaml(reference: string): Promise<string> {
    return stringify(await this.definitions.exportDefinition(reference), { lineWidth: 0 });
  }

  /** What replacing the definition by `text` would change; nothing written. */
  preview(reference: string, text: string, subject: Subject): Promise<ImportResult> {
    return this.definitions.importDefinition(text, { reference, manages: POLICY.managedConventions(subject), dryRun: true });
  }

  /** Replaces the definition by `text`, the removals it implies included (the person saw them in the preview). */
  apply(reference: string, text: string, subject: Subject): Promise<ImportResult> {
    return this.definitions.importDefinition(text, { reference, manages: POLICY.managedConventions(subject), confirmRemovals: true });
  }

  /** Whether the person may create a convention, as POST /conventions decides: an administrator, a secretariat of every convention. */
  mayCreate(subject: Subject): boolean {
    return POLICY.decide(subject, 'convention.manage', { conventionId: null, committeeId: null }).allowed;
  }

  /** What importing `text` as a new convention would create; a reference already taken is refused (convention_exists). */
  previewNew(text: string, subject: Subject): Promise<ImportResult> {
    return this.definitions.importDefinition(text, { createOnly: true, manages: POLICY.managedConventions(subject), dryRun: true });
  }

  /** Creates the convention `text` defines, never replacing one of the same reference. */
  create(text: string, subject: Subject): Promise<ImportResult> {
    return this.definitions.importDefinition(text, { createOnly: true, manages: POLICY.managedConventions(subject) });
  }

  private standingOf(convention: ConventionDetailResponse): ConventionStanding {
    const today = localDateOf(this.clock.now(), convention.timeZone);
    const validity = conventionValidity({
      signedOn: convention.signedOn,
      effectiveFrom: convention.effectiveFrom,
      durationMonths: convention.durationMonths,
      endsOn: convention.endsOn,
      tacitRenewal: convention.validity.tacitRenewal,
      terminatedOn: convention.validity.terminatedOn,
    });
    const term = termOn(today, validity);
    const state = validity.start === null || today < validity.start ? 'not_started' : term === null ? 'ended' : 'in_force';
    const horizon = addDays(today, SOON_DAYS);
    const renews = validity.tacitRenewal && validity.terminatedOn === null && term?.end != null;
    const notice = convention.terminationNotice;
    const renewal =
      renews && term?.end
        ? {
            on: addDays(term.end, 1),
            noticeBy:
              notice.amount && notice.unit
                ? notice.unit === 'months'
                  ? addMonths(addDays(term.end, 1), -notice.amount)
                  : addDays(term.end, 1 - notice.amount)
                : null,
          }
        : null;
    const end = renews ? null : (validity.end as LocalDate | null);
    const endsSoon = state === 'in_force' && ((end !== null && end <= horizon) || (renewal !== null && renewal.on <= horizon));
    return { today, state, end, term, endsSoon, renewal };
  }
}
