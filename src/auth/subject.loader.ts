import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommitteeRef, Subject, SubjectGrant } from './access-policy';
import { GrantedRole } from './permissions';
import { Clock } from '../common/clock';

export interface GrantRow {
  role: GrantedRole;
  convention_id: string | null;
  committee_id: string | null;
  academie: string | null;
  departement: string | null;
  area_convention_ids: string[] | null;
}

export interface SeatRow {
  committee_id: string;
  convention_id: string;
  convenes: boolean;
}

/**
 * The grants of the account `account` (an SQL expression), as one JSON array: a grant over an
 * académie or a département comes with the conventions that belong to it now. Its aliases, and
 * seatsJsonSql's, carry a prefix (sg_, ss_) that leaves the caller's own in sight.
 */
export function grantsJsonSql(account: string): string {
  return `(SELECT coalesce(json_agg(json_build_object(
              'role', sg_g.role, 'convention_id', COALESCE(sg_g.convention_id, sg_c.convention_id), 'committee_id', sg_g.committee_id,
              'academie', sg_g.academie, 'departement', sg_g.departement,
              'area_convention_ids', CASE WHEN sg_g.academie IS NOT NULL OR sg_g.departement IS NOT NULL THEN ARRAY(
                SELECT sg_v.id FROM conventions sg_v
                 WHERE (sg_g.academie IS NOT NULL AND sg_v.academie = sg_g.academie) OR (sg_g.departement IS NOT NULL AND sg_v.departement = sg_g.departement)
              ) END)), '[]'::json)
       FROM grants sg_g
       LEFT JOIN committees sg_c ON sg_c.id = sg_g.committee_id
      WHERE sg_g.account_id = ${account})`;
}

/**
 * The committees the person `person` sits on at the instant `now` (SQL expressions), as one JSON
 * array, each saying whether the person convenes it through its convener seat.
 */
export function seatsJsonSql(person: string, now: string): string {
  return `(SELECT coalesce(json_agg(json_build_object('committee_id', seated.committee_id, 'convention_id', seated.convention_id, 'convenes', seated.convenes)), '[]'::json)
       FROM (
         SELECT ss_c.id AS committee_id, ss_c.convention_id,
                bool_or(ss_m.person_id = ${person} AND EXISTS (
                  SELECT 1 FROM jsonb_array_elements(ss_c.conveners) AS rule
                   WHERE rule->>'seatKey' = ss_s.key AND (ss_p.key IS NULL OR rule->>'partyKey' = ss_p.key)
                )) AS convenes
           FROM memberships ss_m
           JOIN seats ss_s ON ss_s.id = ss_m.seat_id
           LEFT JOIN parties ss_p ON ss_p.id = ss_s.party_id
           JOIN committees ss_c ON ss_c.id = ss_s.committee_id
           JOIN conventions ss_v ON ss_v.id = ss_c.convention_id
          WHERE (ss_m.person_id = ${person} OR ss_m.substitute_id = ${person})
            AND ss_m.starts_on <= (${now}::timestamptz AT TIME ZONE ss_v.time_zone)::date
            AND (ss_m.ends_on IS NULL OR ss_m.ends_on >= (${now}::timestamptz AT TIME ZONE ss_v.time_zone)::date)
          GROUP BY ss_c.id, ss_c.convention_id
       ) AS seated)`;
}

export interface SubjectRows {
  grants: GrantRow[];
  seats: SeatRow[];
}

/** The subject the rows of grantsJsonSql and seatsJsonSql make. */
export function subjectOf(personId: string, rows: SubjectRows): Subject {
  const grants: SubjectGrant[] = rows.grants.map((row) => ({
    role: row.role,
    conventionId: row.convention_id,
    committeeId: row.committee_id,
    academie: row.academie,
    departement: row.departement,
    ...(row.area_convention_ids ? { areaConventionIds: row.area_convention_ids } : {}),
  }));
  const memberOf: CommitteeRef[] = rows.seats.map((row) => ({ committeeId: row.committee_id, conventionId: row.convention_id }));
  const convenerBySeat = rows.seats
    .filter((row) => row.convenes)
    .map((row) => ({ committeeId: row.committee_id, conventionId: row.convention_id }));
  return { personId, grants, memberOf, convenerBySeat };
}

/**
 * Gathers what AccessPolicy decides on: the grants of an account, and what the person's current
 * memberships make them (member of a committee, convener through its convener seat).
 * "Current" is read in each convention's own time zone: a membership ending on 31 August in
 * Cayenne still counts at 2 a.m. UTC on 1 September. The API's guard reads the same with the
 * credential, in the statement that checks it (AccessTokensService.authenticate).
 */
@Injectable()
export class SubjectLoader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async load(accountId: string, personId: string): Promise<Subject> {
    const [rows]: SubjectRows[] = await this.dataSource.query(
      `SELECT ${grantsJsonSql('$1')} AS grants, ${seatsJsonSql('$2::uuid', '$3')} AS seats`,
      [accountId, personId, this.clock.now()],
    );
    return subjectOf(personId, rows);
  }
}
