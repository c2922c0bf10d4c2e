import { EntityManager } from 'typeorm';
import { Committee } from '../committees/committee.entity';
import { Party } from '../conventions/party.entity';
import { membershipsOn } from '../meetings/meeting-lookups';
import { LocalDate } from '../rules/local-date';
import { grantHolders, MailRecipient, uniqueRecipients } from './conveners';

/**
 * The secretariat of a convention, for the warnings the rules give it (terms ending, requests for a
 * sitting): the accounts granted the secretariat of the convention, of its académie or of its
 * département; when there are none, a secretariat of every convention. Empty when nobody holds
 * either: the caller then writes to the convening organization's address.
 */
export async function secretariatOf(manager: EntityManager, conventionId: string): Promise<MailRecipient[]> {
  const holders = (scoped: boolean) =>
    grantHolders(
      manager,
      'secretariat',
      scoped
        ? 'grant.committeeId IS NULL AND (grant.conventionId = :conventionId OR EXISTS (SELECT 1 FROM conventions v WHERE v.id = :conventionId AND (v.academie = grant.academie OR v.departement = grant.departement)))'
        : 'grant.committeeId IS NULL AND grant.conventionId IS NULL AND grant.academie IS NULL AND grant.departement IS NULL',
      { conventionId },
    );
  const scoped = await holders(true);
  return uniqueRecipients(scoped.length > 0 ? scoped : await holders(false));
}

/**
 * Who writes a sitting's minutes (`writer`: a seat's or a party's key, as minutes.rule.ts says whose
 * turn it is): the holders of that seat on the day; for a party, the holders of the committee's
 * convener seats of that party (« l'académie » writes through whoever convenes for it), else the
 * party's own address, else the holders of every seat of the party.
 */
export async function minutesWritersOf(
  manager: EntityManager,
  committee: Pick<Committee, 'id' | 'conventionId' | 'conveners'>,
  writer: { key: string; isSeat: boolean },
  day: LocalDate,
): Promise<MailRecipient[]> {
  const members = await membershipsOn(manager, committee.id, day);
  const recipient = (membership: (typeof members)[number]) => ({ email: membership.person.email, name: membership.person.fullName });
  if (writer.isSeat) return uniqueRecipients(members.filter((membership) => membership.seat.key === writer.key).map(recipient));
  const ofParty = members.filter((membership) => membership.seat.party?.key === writer.key);
  const convenerSeats = committee.conveners.filter((rule) => rule.partyKey === writer.key && rule.seatKey !== null).map((rule) => rule.seatKey);
  const conveners = ofParty.filter((membership) => convenerSeats.includes(membership.seat.key));
  if (conveners.length > 0) return uniqueRecipients(conveners.map(recipient));
  const party = await manager.findOneBy(Party, { conventionId: committee.conventionId, key: writer.key });
  if (party?.email) return [{ email: party.email, name: party.name }];
  return uniqueRecipients(ofParty.map(recipient));
}
