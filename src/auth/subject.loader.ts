import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommitteeRef, Subject, SubjectGrant } from './access-policy';
import { GrantedRole } from './permissions';
import { Clock } from '../common/clock';

interface GrantRow {
  role: GrantedRole;
  convention_id: string | null;
  committee_id: string | null;
  academie: string | null;
  departement: string | null;
  area_convention_ids: string[] | null;
}

interface SeatRow {
  committee_id: string;
  convention_id: string;
  convenes: boolean;
}

/**
 * Gathers what AccessPolicy decides on: the grants of an account, and what the person's current
 * memberships make them (member of a committee, convener through its convener seat).
 * "Current" is read in each convention's own time zone: a membership ending on 31 August in
 * Cayenne still counts at 2 a.m. UTC on 1 September.
 */
@Injectable()
export class SubjectLoader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async load(accountId: string, personId: string): Promise<Subject> {
    const [grantRows, seatRows] = await Promise.all([
      this.dataSource.query<GrantRow[]>(
        // A grant over an académie or a département comes with the conventions that belong to it now.
        `SELECT g.role, COALESCE(g.convention_id, c.convention_id) AS convention_id, g.committee_id, g.academie, g.departement,
                CASE WHEN g.academie IS NOT NULL OR g.departement IS NOT NULL THEN ARRAY(
                  SELECT v.id FROM conventions v
                   WHERE (g.academie IS NOT NULL AND v.academie = g.academie) OR (g.departement IS NOT NULL AND v.departement = g.departement)
                ) END AS area_convention_ids
           FROM grants g
           LEFT JOIN committees c ON c.id = g.committee_id
          WHERE g.account_id = $1`,
        [accountId],
      ),
      this.dataSource.query<SeatRow[]>(
        `SELECT c.id AS committee_id, c.convention_id,
                bool_or(m.person_id = $1 AND EXISTS (
                  SELECT 1 FROM jsonb_array_elements(c.conveners) AS rule
                   WHERE rule->>'seatKey' = s.key AND (p.key IS NULL OR rule->>'partyKey' = p.key)
                )) AS convenes
           FROM memberships m
           JOIN seats s ON s.id = m.seat_id
           LEFT JOIN parties p ON p.id = s.party_id
           JOIN committees c ON c.id = s.committee_id
           JOIN conventions v ON v.id = c.convention_id
          WHERE (m.person_id = $1 OR m.substitute_id = $1)
            AND m.starts_on <= ($2::timestamptz AT TIME ZONE v.time_zone)::date
            AND (m.ends_on IS NULL OR m.ends_on >= ($2::timestamptz AT TIME ZONE v.time_zone)::date)
          GROUP BY c.id, c.convention_id`,
        [personId, this.clock.now()],
      ),
    ]);
    const grants: SubjectGrant[] = grantRows.map((row) => ({
      role: row.role,
      conventionId: row.convention_id,
      committeeId: row.committee_id,
      academie: row.academie,
      departement: row.departement,
      ...(row.area_convention_ids ? { areaConventionIds: row.area_convention_ids } : {}),
    }));
    const memberOf: CommitteeRef[] = seatRows.map((row) => ({ committeeId: row.committee_id, conventionId: row.convention_id }));
    const convenerBySeat = seatRows
      .filter((row) => row.convenes)
      .map((row) => ({ committeeId: row.committee_id, conventionId: row.convention_id }));
    return { personId, grants, memberOf, convenerBySeat };
  }
}
