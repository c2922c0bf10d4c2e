import { EntityManager, In } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { Convention } from '../conventions/convention.entity';
import { Party } from '../conventions/party.entity';
import { Amendment } from '../conventions/amendment.entity';
import { ConventionSchool } from '../conventions/convention-school.entity';
import { School } from '../schools/school.entity';
import { Committee } from '../committees/committee.entity';
import { Seat } from '../committees/seat.entity';
import { Person } from '../people/person.entity';
import { Membership } from '../people/membership.entity';
import { inApplicationOrder } from './definition-expansion';

type Plain = Record<string, unknown>;

/** Drops the fields that hold nothing, so that the exported file reads like a hand-written one. */
function compact(object: Plain, keep: string[] = []): Plain {
  return Object.fromEntries(Object.entries(object).filter(([key, value]) => keep.includes(key) || (value !== null && value !== undefined)));
}

/**
 * The definition of a stored convention, in the shape of a definition file. Importing it again
 * changes nothing: per-school and per-circonscription committees fold back into one entry, and
 * memberships are listed only for committees that have some.
 */
export async function exportDefinition(manager: EntityManager, reference: string): Promise<Plain> {
  const convention = await manager.findOne(Convention, { where: { reference } });
  if (!convention) throw DomainError.notFound('convention', `reference ${reference}`);
  const parties = await manager.find(Party, { where: { conventionId: convention.id }, order: { position: 'ASC', key: 'ASC' } });
  const amendments = await manager.find(Amendment, { where: { conventionId: convention.id } });
  const links = await manager.find(ConventionSchool, { where: { conventionId: convention.id }, relations: { school: true } });
  const mentioned = new Set([...links.map((l) => l.school.uai), ...amendments.flatMap((a) => [...a.addedSchoolUais, ...a.removedSchoolUais])]);
  const schools = mentioned.size ? await manager.find(School, { where: { uai: In([...mentioned]) }, order: { uai: 'ASC' } }) : [];
  const committees = await manager.find(Committee, { where: { conventionId: convention.id }, order: { key: 'ASC' } });
  const seats = committees.length ? await manager.find(Seat, { where: { committeeId: In(committees.map((c) => c.id)) }, order: { position: 'ASC', key: 'ASC' } }) : [];
  const memberships = seats.length ? await manager.find(Membership, { where: { seatId: In(seats.map((s) => s.id)) } }) : [];
  const personIds = [...new Set(memberships.flatMap((m) => [m.personId, m.substituteId]).filter((id): id is string => !!id))];
  const people = personIds.length ? await manager.find(Person, { where: { id: In(personIds) }, order: { email: 'ASC' } }) : [];

  const partyKey = new Map(parties.map((p) => [p.id, p.key]));
  const schoolById = new Map(schools.map((s) => [s.id, s]));
  const emailOf = new Map(people.map((p) => [p.id, p.email]));

  return compact({
    reference: convention.reference,
    title: convention.title,
    description: convention.description,
    timeZone: convention.timeZone,
    holidays: { country: convention.holidayCountry, region: convention.holidayRegion },
    schoolZone: convention.schoolZone,
    academie: convention.academie,
    departement: convention.departement,
    figures: convention.figures.length ? convention.figures : null,
    signedOn: convention.signedOn,
    effectiveFrom: convention.effectiveFrom,
    durationMonths: convention.durationMonths,
    endsOn: convention.endsOn,
    tacitRenewal: convention.tacitRenewal,
    terminationNotice: convention.terminationNotice.amount !== null && convention.terminationNotice.unit !== null
      ? compact({ amount: convention.terminationNotice.amount, unit: convention.terminationNotice.unit, form: convention.terminationNotice.form })
      : null,
    parties: parties.map((party) =>
      compact({
        key: party.key,
        kind: party.kind,
        name: party.name,
        representative: party.representativeName !== null ? compact({ name: party.representativeName, title: party.representativeTitle }) : null,
        address: party.address,
        email: party.email,
      }),
    ),
    schools: schools.map((school) =>
      compact({
        uai: school.uai,
        name: school.name,
        type: school.type,
        commune: school.commune,
        circonscription: school.circonscription,
        referenceCollege: school.referenceCollegeUai,
        address: school.address,
        figures: school.figures.length ? school.figures : null,
      }),
    ),
    amendments: inApplicationOrder(amendments).map(({ amendment }) =>
      compact({
        reference: amendment.reference,
        title: amendment.title,
        signedOn: amendment.signedOn,
        effectiveOn: amendment.effectiveOn,
        summary: amendment.summary,
        addSchools: amendment.addedSchoolUais.length ? amendment.addedSchoolUais : null,
        removeSchools: amendment.removedSchoolUais.length ? amendment.removedSchoolUais : null,
      }),
    ),
    people: people.map((person) =>
      compact({ email: person.email, fullName: person.fullName, title: person.title, organization: person.organization, phone: person.phone }),
    ),
    committees: foldCommittees(committees).map((instances) => {
      const first = instances[0];
      const firstSeats = seats.filter((s) => s.committeeId === first.id);
      const members = instances.flatMap((instance) => {
        const instanceName = instance.scope === 'school' ? (schoolById.get(instance.schoolId ?? '')?.uai ?? null) : instance.circonscription;
        return seats
          .filter((seat) => seat.committeeId === instance.id)
          .flatMap((seat) =>
            memberships
              .filter((m) => m.seatId === seat.id)
              .sort((x, y) => x.startsOn.localeCompare(y.startsOn) || emailOf.get(x.personId)!.localeCompare(emailOf.get(y.personId)!))
              .map((m) =>
                compact({
                  instance: instance.scope === 'convention' ? null : instanceName,
                  seat: seat.key,
                  person: emailOf.get(m.personId),
                  startsOn: m.startsOn,
                  endsOn: m.endsOn,
                  substitute: m.substituteId ? emailOf.get(m.substituteId) : null,
                }),
              ),
          );
      });
      return compact({
        key: first.definitionKey,
        kind: first.kind,
        name: definitionName(first, schoolById),
        article: first.article,
        description: first.description,
        scope: first.scope,
        schoolTypes: first.schoolTypes,
        seats: firstSeats.map((seat) =>
          compact(
            {
              key: seat.key,
              party: seat.partyId ? partyKey.get(seat.partyId) : null,
              role: seat.role,
              count: seat.countFollows ? null : seat.count,
              countFollows: seat.countFollows ? compact({ figure: seat.countFollows.figure, per: seat.countFollows.per, minimum: seat.countFollows.minimum, maximum: seat.countFollows.maximum, text: seat.countFollows.text }) : null,
              group: seat.groupLabel,
              mayBeRepresented: seat.mayBeRepresented,
              representedBy: seat.representedBy ? compact({ ...seat.representedBy }) : null,
              consultative: seat.consultative,
            },
            ['party'],
          ),
        ),
        chairs: first.chairSeatKeys,
        chairRotates: first.chairRotates,
        meetsDuringSchoolHolidays: first.meetsDuringSchoolHolidays,
        conveners: first.conveners.map((c) => compact({ party: c.partyKey, seat: c.seatKey, label: c.label })),
        frequency: compact({ ...first.frequency }),
        notice: compact({ ...first.notice }),
        quorum: compact({ ...first.quorum }),
        reconvening: first.reconvening
          ? compact({
              ...first.reconvening,
              notice: first.reconvening.notice ? compact({ ...first.reconvening.notice }) : null,
              quorum: first.reconvening.quorum ? compact({ ...first.reconvening.quorum }) : null,
            })
          : null,
        minutes: first.minutesRule
          ? compact({ ...first.minutesRule, writtenBy: first.minutesRule.writtenBy ? compact({ ...first.minutesRule.writtenBy }) : null })
          : null,
        deadlines: first.eventDeadlines.length > 0 ? first.eventDeadlines.map((deadline) => compact({ ...deadline })) : null,
        onRequest: first.conveningOnRequest ? compact({ ...first.conveningOnRequest, seats: first.conveningOnRequest.seats.length ? first.conveningOnRequest.seats : null }) : null,
        termOfOffice: first.termOfOffice ? compact({ ...first.termOfOffice, seats: first.termOfOffice.seats.length ? first.termOfOffice.seats : null }) : null,
        chairRotation: first.chairRotation ? compact({ ...first.chairRotation }) : null,
        guests: compact({ allowed: first.guestsAllowed, text: first.guestsText }),
        prerequisites: first.prerequisites.map((p) => ({ fromCommittee: p.fromCommittee, description: p.description })),
        reports: first.reports.map((r) => compact({ kind: r.kind, period: r.period, text: r.text })),
        membersDesignatedBy: first.membersDesignatedBy,
        members: members.length ? members : null,
      });
    }),
  });
}

/** Instances grouped by definition: steering committees first, then by key. */
function foldCommittees(committees: Committee[]): Committee[][] {
  const groups = new Map<string, Committee[]>();
  for (const committee of committees) groups.set(committee.definitionKey, [...(groups.get(committee.definitionKey) ?? []), committee]);
  const rank = (c: Committee) => (c.kind === 'steering' ? 0 : 1);
  return [...groups.values()].sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].definitionKey.localeCompare(b[0].definitionKey));
}

/** An instance is named "<definition> — <school or circonscription>"; the definition's name is what precedes. */
function definitionName(instance: Committee, schoolById: Map<string, School>): string {
  if (instance.scope === 'convention') return instance.name;
  const suffix = instance.scope === 'school' ? schoolById.get(instance.schoolId ?? '')?.name : instance.circonscription;
  const exact = suffix ? ` — ${suffix}` : null;
  if (exact && instance.name.endsWith(exact)) return instance.name.slice(0, -exact.length);
  const cut = instance.name.lastIndexOf(' — ');
  return cut > 0 ? instance.name.slice(0, cut) : instance.name;
}
