import { EntityManager, In } from 'typeorm';
import { Committee } from '../committees/committee.entity';
import { Party } from '../conventions/party.entity';
import { Account } from '../auth/account.entity';
import { Grant } from '../auth/grant.entity';
import { Person } from '../people/person.entity';
import { Membership } from '../people/membership.entity';
import { LocalDate } from '../rules/local-date';
import { membershipsOn } from '../meetings/meeting-lookups';

export interface MailRecipient {
  email: string;
  name: string;
}

/**
 * Who is told when a convocation cannot leave, fails, or a committee falls behind: the person who
 * convened the meeting, when known; else the holders of the committee's convener seats on the day
 * ("le directeur d'école"); else the accounts granted the convener role for the committee or its
 * convention; else nobody by name, and the caller writes to the convening organization's address.
 */
export async function convenersOf(
  manager: EntityManager,
  committee: Pick<Committee, 'id' | 'conventionId' | 'conveners'>,
  day: LocalDate,
  convenedByPersonId: string | null = null,
): Promise<MailRecipient[]> {
  if (convenedByPersonId) {
    const person = await manager.findOneBy(Person, { id: convenedByPersonId });
    if (person) return [{ email: person.email, name: person.fullName }];
  }
  const seatRules = committee.conveners.filter((rule) => rule.seatKey !== null);
  if (seatRules.length > 0) {
    const holders = (await membershipsOn(manager, committee.id, day)).filter((membership) =>
      seatRules.some((rule) => rule.seatKey === membership.seat.key && (membership.seat.party?.key ?? rule.partyKey) === rule.partyKey),
    );
    if (holders.length > 0) return uniqueRecipients(holders.map((membership) => ({ email: membership.person.email, name: membership.person.fullName })));
  }
  const granted = await grantHolders(
    manager,
    'convener',
    '(grant.committeeId = :committeeId OR grant.conventionId = :conventionId' +
      ' OR EXISTS (SELECT 1 FROM conventions v WHERE v.id = :conventionId AND (v.academie = grant.academie OR v.departement = grant.departement)))',
    { committeeId: committee.id, conventionId: committee.conventionId },
  );
  return uniqueRecipients(granted);
}

/**
 * The signatory a meeting is convened on behalf of: that of the convener's own seat when they hold
 * one of the committee's convener seats, else the first convener named by the convention.
 */
export async function convenerPartyOf<P extends Pick<Party, 'id' | 'key'>>(
  manager: EntityManager,
  committee: Pick<Committee, 'id' | 'conveners'>,
  parties: readonly P[],
  day: LocalDate,
  convenedByPersonId: string | null,
): Promise<P | null> {
  const byKey = new Map(parties.map((party) => [party.key, party]));
  const conveningKeys = committee.conveners.map((rule) => rule.partyKey).filter((key) => byKey.has(key));
  if (convenedByPersonId && conveningKeys.length > 0) {
    const seats = await manager.find(Membership, {
      where: { personId: convenedByPersonId, seat: { committeeId: committee.id, party: { key: In(conveningKeys) } } },
      relations: { seat: { party: true } },
    });
    const current = seats.find((membership) => membership.startsOn <= day && (membership.endsOn === null || membership.endsOn >= day));
    const party = current?.seat.party ? byKey.get(current.seat.party.key) : undefined;
    if (party) return party;
  }
  return conveningKeys.length > 0 ? (byKey.get(conveningKeys[0]) ?? null) : null;
}

/**
 * The people of the active accounts granted `role` where `condition` holds (an SQL condition on
 * the alias `grant`), ordered by address.
 */
export function grantHolders(manager: EntityManager, role: string, condition: string, parameters: Record<string, unknown>): Promise<MailRecipient[]> {
  return manager
    .createQueryBuilder(Grant, 'grant')
    .innerJoin(Account, 'account', 'account.id = grant.accountId AND account.active = true')
    .innerJoin(Person, 'person', 'person.id = account.personId')
    .select(['person.email AS email', 'person.fullName AS name'])
    .where('grant.role = :role', { role })
    .andWhere(condition, parameters)
    .orderBy('person.email')
    .getRawMany<MailRecipient>();
}

/** Each address once (compared without case), in the order given. */
export function uniqueRecipients(recipients: readonly MailRecipient[]): MailRecipient[] {
  const seen = new Set<string>();
  return recipients.filter((recipient) => {
    const key = recipient.email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
