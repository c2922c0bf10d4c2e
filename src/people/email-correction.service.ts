import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessPolicy, Principal } from '../auth';
import type { EmailCorrectionDecision, EmailCorrectionFacts } from '../auth/access-policy';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { frenchDay } from '../common/french-time';
import { EmailChangeNotice } from '../convocations/email-change-notice';
import type { DueMessage } from '../queue/outbox-queue';
import { PersonResponse, toPersonResponse } from './dto/person.response';
import { PeopleService } from './people.service';
import { Person } from './person.entity';

/** Who may correct a person's email, and why: the page shows the form or says who must do it. */
export interface EmailCorrectionCheck {
  person: PersonResponse;
  decision: EmailCorrectionDecision;
}

/**
 * Corrects the address copil writes to for a person. Convocations already sent keep the address
 * they were sent to (each convocation copies it when convened), so the register stays as sent;
 * everything convened afterwards, and the sign-in links, go to the new one. The old address is
 * told, from the outbox, in the same transaction. Who may: AccessPolicy.mayCorrectEmail.
 */
@Injectable()
export class EmailCorrectionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: AccessPolicy,
    private readonly people: PeopleService,
    private readonly clock: Clock,
    // Absent where convocations are not loaded (the notice is then not written).
    @Optional() private readonly notice?: EmailChangeNotice,
  ) {}

  async check(who: Principal, personId: string): Promise<EmailCorrectionCheck> {
    await this.assertVisible(who, personId);
    const person = await this.findOrFail(this.dataSource.manager, personId, false);
    const decision = this.policy.mayCorrectEmail(who.subject, await this.factsOf(this.dataSource.manager, personId));
    return { person: toPersonResponse(person), decision };
  }

  async correct(who: Principal, personId: string, email: string): Promise<PersonResponse> {
    await this.assertVisible(who, personId);
    let messages: DueMessage[] = [];
    const person = await this.dataSource.transaction(async (manager) => {
      const person = await this.findOrFail(manager, personId, true);
      const decision = this.policy.mayCorrectEmail(who.subject, await this.factsOf(manager, personId));
      if (!decision.allowed) {
        throw new DomainError('forbidden', 'email_change_not_allowed', `Only an administrator may change this email: ${decision.reason}`, {
          refusal: decision.refusal,
        });
      }
      if (email === person.email) return person;
      const holder = await manager.findOneBy(Person, { email });
      if (holder) {
        throw DomainError.conflict('email_already_used', `${email} is already the address of another person`, { personId: holder.id });
      }
      const oldEmail = person.email;
      person.email = email;
      await manager.save(person);
      if (this.notice) {
        messages = await this.notice.write(manager, {
          fullName: person.fullName,
          oldEmail,
          newEmail: email,
          changedBy: who.person.fullName,
          changedOn: frenchDay(this.clock.now(), 'Europe/Paris'),
        });
      }
      return person;
    });
    await this.notice?.afterCommit(messages);
    return toPersonResponse(person);
  }

  /** Their role (any grant on their account) and the committees of their current seats, each read in its convention's zone. */
  private async factsOf(manager: EntityManager, personId: string): Promise<EmailCorrectionFacts> {
    const [{ holds_role: holdsRole }] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM grants g JOIN accounts a ON a.id = g.account_id WHERE a.person_id = $1) AS holds_role`,
      [personId],
    );
    const seats: Array<{ committeeId: string; conventionId: string }> = await manager.query(
      `SELECT DISTINCT c.id AS "committeeId", c.convention_id AS "conventionId"
         FROM memberships m
         JOIN seats s ON s.id = m.seat_id
         JOIN committees c ON c.id = s.committee_id
         JOIN conventions conv ON conv.id = c.convention_id
        WHERE (m.person_id = $1 OR m.substitute_id = $1)
          AND m.starts_on <= ($2::timestamptz AT TIME ZONE conv.time_zone)::date
          AND (m.ends_on IS NULL OR m.ends_on >= ($2::timestamptz AT TIME ZONE conv.time_zone)::date)`,
      [personId, this.clock.now()],
    );
    return { holdsRole, currentSeats: seats };
  }

  /** Someone the caller may not see answers as someone who does not exist (404 person_not_found). */
  private async assertVisible(who: Principal, personId: string): Promise<void> {
    await this.people.get(personId, this.policy.visibleScope(who.subject), who.person.id);
  }

  private async findOrFail(manager: EntityManager, id: string, lock: boolean): Promise<Person> {
    const person = await manager.findOne(Person, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!person) throw DomainError.notFound('person', `id ${id}`);
    return person;
  }
}
