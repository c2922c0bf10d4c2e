import type { FieldError } from '../common/domain-error';
import type { ConventionDefinitionDto } from './dto/convention-definition.dto';
import type { CommitteeDefinitionDto, MemberDefinitionDto, QuorumDefinitionDto } from './dto/committee-definition.dto';
import { knownHolidayRegions } from './dto/definition-validators';
import { periodSchemeProblem } from '../rules/periods.rule';
import { minutesRuleProblem } from '../rules/minutes.rule';
import { renewalRefusal, termApplies, termEndsOn } from '../rules/terms-of-office.rule';
import { seatCountRule, seatFigure, termOfOfficeRule } from './definition-plan';
import { chairRotationProblem } from '../rules/chair-rotation.rule';
import { canonicalUai, Coverage, coverageOf, expandCommittee } from './definition-expansion';

/**
 * The rules of a definition that span several fields: references between keys, dates in order,
 * seats not over-filled. They run on a definition whose fields are each valid, and return every
 * fault at once, each with the path of the field to change.
 */
export function checkDefinition(definition: ConventionDefinitionDto): FieldError[] {
  const errors: FieldError[] = [];
  errors.push(...checkDates(definition));
  errors.push(...checkHolidays(definition));
  errors.push(...duplicates(definition.parties.map((p) => p.key), (i) => `parties[${i}].key`));
  errors.push(...duplicates((definition.schools ?? []).map((s) => canonicalUai(s.uai)), (i) => `schools[${i}].uai`));
  errors.push(...duplicates((definition.amendments ?? []).map((a) => a.reference), (i) => `amendments[${i}].reference`));
  errors.push(...duplicates((definition.people ?? []).map((p) => p.email.toLowerCase()), (i) => `people[${i}].email`));
  errors.push(...duplicates((definition.committees ?? []).map((c) => c.key), (i) => `committees[${i}].key`));

  const coverage = coverageOf(definition);
  errors.push(...coverage.errors);

  const instanceKeys: Array<{ key: string; path: string; definitionKey: string }> = [];
  (definition.committees ?? []).forEach((committee, c) => {
    errors.push(...checkCommittee(definition, committee, `committees[${c}]`));
    const instances = expandCommittee(committee, coverage);
    if (instances.length === 0) {
      errors.push({
        path: `committees[${c}].scope`,
        code: 'unknown_reference', message: `scope ${committee.scope} yields no committee: no covered school${committee.schoolTypes?.length ? ` of type ${committee.schoolTypes.join(', ')}` : ''}${committee.scope === 'circonscription' ? ' has a circonscription' : ''}`,
      });
    }
    instances.forEach((instance) => instanceKeys.push({ key: instance.key, path: `committees[${c}].key`, definitionKey: committee.key }));
    errors.push(...checkSeatCounts(definition, committee, instances, `committees[${c}]`));
    errors.push(...checkMembers(definition, committee, coverage, `committees[${c}]`));
  });
  // Two committees with the same key are reported above; here, keys that expansion makes collide.
  const seen = new Map<string, { path: string; definitionKey: string }>();
  for (const { key, path, definitionKey } of instanceKeys) {
    const first = seen.get(key);
    if (first === undefined) seen.set(key, { path, definitionKey });
    else if (first.definitionKey !== definitionKey) errors.push({ path, code: 'duplicate', message: `yields committee key ${key}, which ${first.path} also yields` });
  }
  return dedupe(errors);
}

function checkDates(definition: ConventionDefinitionDto): FieldError[] {
  const errors: FieldError[] = [];
  const hasDuration = definition.durationMonths !== undefined && definition.durationMonths !== null;
  const hasEnd = definition.endsOn !== undefined && definition.endsOn !== null;
  if (!hasDuration && !hasEnd) errors.push({ path: 'durationMonths', code: 'required', message: 'give the duration in months, or endsOn' });
  if (hasDuration && hasEnd) errors.push({ path: 'endsOn', code: 'inconsistent', message: 'give either durationMonths or endsOn, not both' });
  const start = definition.effectiveFrom ?? definition.signedOn;
  if (hasEnd && definition.endsOn! <= start) {
    errors.push({ path: 'endsOn', code: 'inconsistent', message: `must be after the start of the convention (${start})` });
  }
  (definition.amendments ?? []).forEach((amendment, a) => {
    if (amendment.effectiveOn && amendment.effectiveOn < amendment.signedOn) {
      errors.push({ path: `amendments[${a}].effectiveOn`, code: 'inconsistent', message: `must not be before the amendment's signature (${amendment.signedOn})` });
    }
  });
  return errors;
}

function checkHolidays(definition: ConventionDefinitionDto): FieldError[] {
  const { country, region } = definition.holidays;
  if (region === undefined || region === null) return [];
  const regions = knownHolidayRegions(country);
  if (Object.prototype.hasOwnProperty.call(regions, region)) return [];
  const known = Object.keys(regions);
  return [{ path: 'holidays.region', code: 'not_in_list', message: known.length ? `must be one of ${known.join(', ')} for ${country}, got "${region}"` : `${country} has no regions in date-holidays; leave region null` }];
}

function checkCommittee(definition: ConventionDefinitionDto, committee: CommitteeDefinitionDto, at: string): FieldError[] {
  const errors: FieldError[] = [];
  const partyKeys = definition.parties.map((p) => p.key);
  const partyList = partyKeys.join(', ');
  const committeeKeys = (definition.committees ?? []).map((c) => c.key);
  const seatParty = new Map(committee.seats.map((seat) => [seat.key, seat.party ?? null]));
  const seatList = committee.seats.map((s) => s.key).join(', ');

  errors.push(...duplicates(committee.seats.map((s) => s.key), (i) => `${at}.seats[${i}].key`));
  committee.seats.forEach((seat, s) => {
    if (seat.party != null && !partyKeys.includes(seat.party)) {
      errors.push({ path: `${at}.seats[${s}].party`, code: 'unknown_reference', message: `"${seat.party}" is not a party of this convention; parties are ${partyList} (or null for a seat that represents no signatory)` });
    }
    if (seat.representedBy) {
      if (!seat.mayBeRepresented) {
        errors.push({ path: `${at}.seats[${s}].representedBy`, code: 'inconsistent', message: 'only for a seat that may be represented (mayBeRepresented: true)' });
      }
      const listed = new Set((definition.people ?? []).map((p) => p.email.toLowerCase()));
      seat.representedBy.people.forEach((email, i) => {
        if (!listed.has(email.toLowerCase())) errors.push({ path: `${at}.seats[${s}].representedBy.people[${i}]`, code: 'unknown_reference', message: `${email} is not listed under people` });
      });
    }
  });
  (committee.chairs ?? []).forEach((chair, i) => {
    if (!seatParty.has(chair)) errors.push({ path: `${at}.chairs[${i}]`, code: 'unknown_reference', message: `"${chair}" is not a seat of this committee; seats are ${seatList}` });
  });
  if (committee.chairRotates && (committee.chairs ?? []).length < 2) {
    errors.push({ path: `${at}.chairRotates`, code: 'too_few', message: 'a rotating chair needs at least two seats under chairs' });
  }
  if (committee.chairRotation) {
    const problem = chairRotationProblem(committee.chairRotation, { parties: partyKeys, seats: [...seatParty.keys()] });
    if (problem) errors.push({ path: `${at}.chairRotation.${problem.field}`, code: problem.code, message: problem.message });
    if (committee.chairRotates) errors.push({ path: `${at}.chairRotates`, code: 'inconsistent', message: 'say the rotation once: chairRotation replaces chairRotates' });
  }
  committee.conveners.forEach((convener, i) => {
    if (!partyKeys.includes(convener.party)) {
      errors.push({ path: `${at}.conveners[${i}].party`, code: 'unknown_reference', message: `"${convener.party}" is not a party of this convention; parties are ${partyList}` });
    }
    if (convener.seat != null) {
      if (!seatParty.has(convener.seat)) {
        errors.push({ path: `${at}.conveners[${i}].seat`, code: 'unknown_reference', message: `"${convener.seat}" is not a seat of this committee; seats are ${seatList}` });
      } else if (seatParty.get(convener.seat) !== convener.party) {
        errors.push({ path: `${at}.conveners[${i}].seat`, code: 'inconsistent', message: `seat "${convener.seat}" represents ${seatParty.get(convener.seat) ?? 'no party'}, not ${convener.party}` });
      }
    }
  });

  const { frequency } = committee;
  if (frequency.period === 'months' && (frequency.months === undefined || frequency.months === null)) {
    errors.push({ path: `${at}.frequency.months`, code: 'required', message: 'give the length of the period in months when period is months' });
  }
  if (frequency.period !== 'months' && frequency.months != null) {
    errors.push({ path: `${at}.frequency.months`, code: 'not_allowed_here', message: `only goes with period months (period is ${frequency.period})` });
  }
  if (frequency.period === 'months' && frequency.months != null) {
    const problem = periodSchemeProblem({ period: frequency.period, calendar: frequency.calendar ?? 'civil', months: frequency.months });
    if (problem) errors.push({ path: `${at}.frequency.months`, code: 'inconsistent', message: problem });
  }

  if (committee.notice?.urgentDays != null && committee.notice.urgentDays >= committee.notice.days) {
    errors.push({ path: `${at}.notice.urgentDays`, code: 'too_large', message: `must be shorter than the ordinary notice (${committee.notice.days} days)` });
  }

  if (committee.quorum) errors.push(...quorumErrors(committee.quorum, committee, `${at}.quorum`));
  const reconvening = committee.reconvening;
  if (reconvening) {
    if (reconvening.latestDays < reconvening.earliestDays) {
      errors.push({ path: `${at}.reconvening.latestDays`, code: 'inconsistent', message: `must be at least earliestDays (${reconvening.earliestDays})` });
    }
    if (reconvening.quorum) errors.push(...quorumErrors(reconvening.quorum, committee, `${at}.reconvening.quorum`));
  }
  if (committee.minutes) errors.push(...minutesErrors(definition, committee, `${at}.minutes`));
  errors.push(...duplicates((committee.deadlines ?? []).map((deadline) => deadline.event), (i) => `${at}.deadlines[${i}].event`));
  const onRequest = committee.onRequest;
  if (onRequest) {
    if (onRequest.share != null && !(onRequest.share > 0 && onRequest.share <= 1)) {
      errors.push({ path: `${at}.onRequest.share`, code: 'not_in_range', message: `must be more than 0 and at most 1, got ${onRequest.share}` });
    }
    if (onRequest.share == null && !(onRequest.seats ?? []).length) {
      errors.push({ path: `${at}.onRequest`, code: 'required', message: 'say who may ask: a share of the members, seats whose holder may ask alone, or both' });
    }
    errors.push(...unknownSeats(onRequest.seats ?? [], committee, `${at}.onRequest.seats`));
  }
  if (committee.termOfOffice) errors.push(...unknownSeats(committee.termOfOffice.seats ?? [], committee, `${at}.termOfOffice.seats`));

  if (committee.scope === 'convention' && committee.schoolTypes?.length) {
    errors.push({ path: `${at}.schoolTypes`, code: 'not_allowed_here', message: 'only goes with scope school or circonscription' });
  }
  (committee.prerequisites ?? []).forEach((prerequisite, i) => {
    if (prerequisite.fromCommittee === committee.key || !committeeKeys.includes(prerequisite.fromCommittee)) {
      errors.push({ path: `${at}.prerequisites[${i}].fromCommittee`, code: 'unknown_reference', message: `must name another committee of this file; committees are ${committeeKeys.join(', ')}` });
    }
  });
  if (committee.membersDesignatedBy != null && (committee.membersDesignatedBy === committee.key || !committeeKeys.includes(committee.membersDesignatedBy))) {
    errors.push({ path: `${at}.membersDesignatedBy`, code: 'unknown_reference', message: `must name another committee of this file; committees are ${committeeKeys.join(', ')}` });
  }
  return errors;
}

function checkMembers(definition: ConventionDefinitionDto, committee: CommitteeDefinitionDto, coverage: Coverage, at: string): FieldError[] {
  const members = committee.members ?? [];
  if (members.length === 0) return [];
  const errors: FieldError[] = [];
  const people = new Set((definition.people ?? []).map((p) => p.email.toLowerCase()));
  const seats = new Map(committee.seats.map((seat) => [seat.key, seat]));
  const instances = expandCommittee(committee, coverage).map((i) => i.instance);
  const instanceOf = (member: MemberDefinitionDto) =>
    committee.scope === 'school' && member.instance ? canonicalUai(member.instance) : (member.instance ?? null);

  members.forEach((member, m) => {
    const path = `${at}.members[${m}]`;
    if (!seats.has(member.seat)) {
      errors.push({ path: `${path}.seat`, code: 'unknown_reference', message: `"${member.seat}" is not a seat of this committee; seats are ${[...seats.keys()].join(', ')}` });
    }
    if (!people.has(member.person.toLowerCase())) {
      errors.push({ path: `${path}.person`, code: 'unknown_reference', message: `${member.person} is not listed under people` });
    }
    if (member.substitute != null) {
      if (!people.has(member.substitute.toLowerCase())) errors.push({ path: `${path}.substitute`, code: 'unknown_reference', message: `${member.substitute} is not listed under people` });
      else if (member.substitute.toLowerCase() === member.person.toLowerCase()) errors.push({ path: `${path}.substitute`, code: 'inconsistent', message: 'must be someone other than the member' });
    }
    if (member.endsOn != null && member.endsOn < member.startsOn) {
      errors.push({ path: `${path}.endsOn`, code: 'inconsistent', message: `must not be before startsOn (${member.startsOn})` });
    }
    const term = termOfOfficeRule(committee);
    if (termApplies(term, member.seat)) {
      const last = termEndsOn(member.startsOn, term);
      if (member.endsOn != null && member.endsOn > last) {
        errors.push({ path: `${path}.endsOn`, code: 'term_exceeded', message: `a term of ${term.months} months begun on ${member.startsOn} ends on ${last} at the latest` });
      }
      const sameSeat = members.filter((other) => other !== member && other.seat === member.seat && instanceOf(other) === instanceOf(member));
      const held = sameSeat.map((other) => ({ personId: other.person.toLowerCase(), startsOn: other.startsOn, endsOn: other.endsOn ?? termEndsOn(other.startsOn, term) }));
      const refusal = renewalRefusal({ personId: member.person.toLowerCase(), startsOn: member.startsOn }, held, term);
      if (refusal) errors.push({ path: `${path}.startsOn`, code: 'renewals_exceeded', message: refusal });
    }
    const instance = instanceOf(member);
    if (committee.scope === 'convention') {
      if (instance !== null) errors.push({ path: `${path}.instance`, code: 'not_allowed_here', message: 'only goes with a committee per school or per circonscription' });
    } else if (instance === null) {
      errors.push({ path: `${path}.instance`, code: 'required', message: `name the ${committee.scope === 'school' ? 'UAI of the school' : 'circonscription'}: one of ${instances.join(', ')}` });
    } else if (!instances.includes(instance)) {
      errors.push({ path: `${path}.instance`, code: 'unknown_reference', message: `"${member.instance}" is not one of this committee's instances: ${instances.join(', ')}` });
    }
  });

  const groups = new Map<string, number[]>();
  members.forEach((member, m) => {
    if (!seats.has(member.seat)) return;
    const group = `${instanceOf(member) ?? ''}\u0000${member.seat}`;
    groups.set(group, [...(groups.get(group) ?? []), m]);
  });
  for (const indexes of groups.values()) {
    const seat = seats.get(members[indexes[0]].seat)!;
    const capacity = seat.count ?? 1;
    for (const m of indexes) {
      const member = members[m];
      const same = indexes.filter((o) => o < m && members[o].person.toLowerCase() === member.person.toLowerCase() && members[o].startsOn === member.startsOn);
      if (same.length > 0) {
        errors.push({ path: `${at}.members[${m}]`, code: 'duplicate', message: `repeats members[${same[0]}] (same seat, person and startsOn)` });
        continue;
      }
      // Seats fill up at the start of a term: count who holds the seat on the day this member starts.
      const holders = indexes.filter((o) => {
        const other = members[o];
        return other.startsOn <= member.startsOn && (other.endsOn == null || other.endsOn >= member.startsOn);
      });
      const reportedLater = holders.some((o) => o > m && members[o].startsOn === member.startsOn);
      if (holders.length > capacity && !reportedLater) {
        errors.push({
          path: `${at}.members[${m}].seat`,
          code: 'too_many', message: `seat "${seat.key}" holds ${capacity} ${capacity > 1 ? 'people' : 'person'}, but ${holders.length} members hold it on ${member.startsOn} (${holders.map((o) => `members[${o}]`).join(', ')})`,
        });
      }
    }
  }
  return errors;
}

/** A seat's count is written or follows a figure, and the figure is stated for every school the committee sits for. */
function checkSeatCounts(definition: ConventionDefinitionDto, committee: CommitteeDefinitionDto, instances: ReturnType<typeof expandCommittee>, at: string): FieldError[] {
  const errors: FieldError[] = [];
  committee.seats.forEach((seat, s) => {
    const rule = seatCountRule(seat);
    if (!rule) return;
    const path = `${at}.seats[${s}]`;
    if (seat.count != null) errors.push({ path: `${path}.count`, code: 'inconsistent', message: 'give either count or countFollows, not both' });
    if (rule.maximum !== null && rule.maximum < rule.minimum) {
      errors.push({ path: `${path}.countFollows.maximum`, code: 'inconsistent', message: `must be at least minimum (${rule.minimum})` });
    }
    const lacking = instances.filter((instance) => seatFigure(rule, definition, instance.schoolUai) === null);
    if (lacking.length > 0) {
      const where = lacking.some((instance) => instance.schoolUai !== null) ? ` of schools ${lacking.map((instance) => instance.schoolUai).join(', ')} nor` : '';
      errors.push({ path: `${path}.countFollows.figure`, code: 'unknown_reference', message: `"${rule.figure}" is not among the figures${where} of the convention` });
    }
  });
  return errors;
}

function unknownSeats(keys: readonly string[], committee: CommitteeDefinitionDto, path: string): FieldError[] {
  const seatKeys = committee.seats.map((seat) => seat.key);
  return keys.flatMap((key, i) =>
    seatKeys.includes(key) ? [] : [{ path: `${path}[${i}]`, code: 'unknown_reference', message: `"${key}" is not a seat of this committee; seats are ${seatKeys.join(', ')}` }],
  );
}

function duplicates(values: string[], pathOf: (index: number) => string): FieldError[] {
  const first = new Map<string, number>();
  const errors: FieldError[] = [];
  values.forEach((value, i) => {
    const earlier = first.get(value);
    if (earlier === undefined) first.set(value, i);
    else errors.push({ path: pathOf(i), code: 'duplicate', message: `"${value}" is already used by ${pathOf(earlier)}` });
  });
  return errors;
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const id = `${e.path}\u0000${e.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** What is wrong with a quorum rule of the committee (its own, or its second sitting's). */
function quorumErrors(quorum: QuorumDefinitionDto, committee: CommitteeDefinitionDto, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (quorum.kind === 'share' && (quorum.share === undefined || quorum.share === null)) {
    errors.push({ path: `${path}.share`, code: 'required', message: 'give the share of seats (e.g. 0.5) when kind is share' });
  }
  if (quorum.share != null && quorum.kind !== 'share') {
    errors.push({ path: `${path}.share`, code: 'not_allowed_here', message: `only goes with kind share (kind is ${quorum.kind})` });
  }
  if (quorum.share != null && !(quorum.share > 0 && quorum.share <= 1)) {
    errors.push({ path: `${path}.share`, code: 'not_in_range', message: `must be more than 0 and at most 1, got ${quorum.share}` });
  }
  const seatGroups = new Set(committee.seats.map((seat) => seat.group).filter((group): group is string => group != null));
  (quorum.overGroups ?? []).forEach((group, i) => {
    if (!seatGroups.has(group)) {
      errors.push({
        path: `${path}.overGroups[${i}]`,
        code: 'unknown_reference',
        message: seatGroups.size ? `"${group}" is not the group of any seat; groups are ${[...seatGroups].join(', ')}` : `"${group}" is not the group of any seat; no seat has a group`,
      });
    }
  });
  if (quorum.majorityOf != null && quorum.kind !== 'majority') {
    errors.push({ path: `${path}.majorityOf`, code: 'not_allowed_here', message: `only goes with kind majority (kind is ${quorum.kind})` });
  }
  if (!quorum.proxiesAllowed && (quorum.countsProxies || quorum.maxProxiesPerMember != null)) {
    errors.push({ path: `${path}.proxiesAllowed`, code: 'inconsistent', message: 'must be true when countsProxies or maxProxiesPerMember is set' });
  }
  return errors;
}

/** What is wrong with the committee's minutes rule: its delays and approval, and the parties and seats it names. */
function minutesErrors(definition: ConventionDefinitionDto, committee: CommitteeDefinitionDto, path: string): FieldError[] {
  const minutes = committee.minutes as NonNullable<CommitteeDefinitionDto['minutes']>;
  const errors: FieldError[] = [];
  const partyKeys = definition.parties.map((party) => party.key);
  const problem = minutesRuleProblem({
    dueDays: minutes.dueDays,
    dayKind: minutes.dayKind ?? 'calendar',
    writtenBy: minutes.writtenBy ? { party: minutes.writtenBy.party ?? null, seat: minutes.writtenBy.seat ?? null } : null,
    rotatesAmong: minutes.rotatesAmong?.length ? minutes.rotatesAmong : null,
    submitWithinDays: minutes.submitWithinDays ?? null,
    approval: minutes.approval ?? null,
    objectionDays: minutes.objectionDays ?? null,
    text: null,
  });
  if (problem) errors.push({ path: `${path}.${problem.field}`, code: 'inconsistent', message: problem.message });
  const writer = minutes.writtenBy;
  if (writer?.party != null && !partyKeys.includes(writer.party)) {
    errors.push({ path: `${path}.writtenBy.party`, code: 'unknown_reference', message: `"${writer.party}" is not a party of this convention; parties are ${partyKeys.join(', ')}` });
  }
  if (writer?.seat != null) {
    const seat = committee.seats.find((each) => each.key === writer.seat);
    if (!seat) {
      errors.push({ path: `${path}.writtenBy.seat`, code: 'unknown_reference', message: `"${writer.seat}" is not a seat of this committee; seats are ${committee.seats.map((each) => each.key).join(', ')}` });
    } else if (writer.party != null && seat.party !== writer.party) {
      errors.push({ path: `${path}.writtenBy.seat`, code: 'inconsistent', message: `seat "${writer.seat}" belongs to ${seat.party ?? 'no party'}, not ${writer.party}` });
    }
  }
  if (writer && writer.party == null && writer.seat == null) {
    errors.push({ path: `${path}.writtenBy`, code: 'required', message: 'name a party, a seat, or both' });
  }
  (minutes.rotatesAmong ?? []).forEach((key, i) => {
    if (!partyKeys.includes(key)) {
      errors.push({ path: `${path}.rotatesAmong[${i}]`, code: 'unknown_reference', message: `"${key}" is not a party of this convention; parties are ${partyKeys.join(', ')}` });
    }
  });
  return errors;
}
