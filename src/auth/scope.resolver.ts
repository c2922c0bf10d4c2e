import { Injectable } from '@nestjs/common';
import { Request } from 'express';
import { DataSource } from 'typeorm';
import { GLOBAL_TARGET, Target } from './access-policy';
import { ScopeRef, ScopeSpec, ValueSource } from './permission.decorator';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Turns a handler's ScopeSpec into the Target AccessPolicy decides on: reads the values from the
 * request, then completes them upwards (membership → committee → convention, meeting →
 * committee). Anything that names nothing leaves the target global.
 */
/** Owners remembered: a committee never changes convention, nor a meeting committee. */
const OWNERS_KEPT = 20_000;

@Injectable()
export class ScopeResolver {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The convention of each committee and the committee of each meeting looked up lately. Both are
   * fixed for the row's life (no route moves them), so a remembered owner is never wrong; a row
   * deleted since answers as before it was, and the handler then finds nothing (404) as it would.
   */
  private readonly owners = new Map<string, string>();

  async resolve(spec: ScopeSpec, request: Request): Promise<Target> {
    const idOrReference = read(request, spec.conventionIdOrReference);
    const idOrReferenceIsId = idOrReference !== null && UUID.test(idOrReference);
    const ref: ScopeRef = {
      conventionId: read(request, spec.convention) ?? (idOrReferenceIsId ? idOrReference : null),
      conventionReference: read(request, spec.conventionReference) ?? (idOrReferenceIsId ? null : idOrReference),
      committeeId: read(request, spec.committee),
      membershipId: read(request, spec.membership),
      meetingId: read(request, spec.meeting),
      personId: read(request, spec.person),
    };
    if (spec.custom) Object.assign(ref, stripUndefined(await spec.custom(request)));
    const target = await this.complete(ref);
    target.named = namesSomething(ref);
    target.lookedUp = target.named && (spec.custom !== undefined || LOOKUP_KEYS.some((key) => spec[key]?.startsWith('param:') && read(request, spec[key]) !== null));
    return target;
  }

  async complete(ref: ScopeRef): Promise<Target> {
    const target: Target = { ...GLOBAL_TARGET, meetingId: null, personId: ref.personId ?? null };
    let committeeId = uuidOrNull(ref.committeeId);
    let conventionId = uuidOrNull(ref.conventionId);

    const meetingId = uuidOrNull(ref.meetingId);
    if (meetingId) {
      const row = await this.owner('SELECT committee_id AS id FROM meetings WHERE id = $1', meetingId);
      if (!row) return target;
      target.meetingId = meetingId;
      committeeId = row;
    }
    const membershipId = uuidOrNull(ref.membershipId);
    if (!committeeId && membershipId) {
      committeeId = await this.one('SELECT s.committee_id AS id FROM memberships m JOIN seats s ON s.id = m.seat_id WHERE m.id = $1', membershipId);
      if (!committeeId) return target;
    }
    if (committeeId) {
      const owner = await this.owner('SELECT convention_id AS id FROM committees WHERE id = $1', committeeId);
      if (!owner) return { ...target, meetingId: null };
      return { ...target, committeeId, conventionId: owner };
    }
    // A reference PostgreSQL cannot even compare (a NUL character) names nothing.
    if (!conventionId && typeof ref.conventionReference === 'string' && ref.conventionReference !== '' && !ref.conventionReference.includes('\u0000')) {
      conventionId = await this.one('SELECT id FROM conventions WHERE reference = $1', ref.conventionReference);
    } else if (conventionId) {
      conventionId = await this.one('SELECT id FROM conventions WHERE id = $1', conventionId);
    }
    return { ...target, conventionId };
  }

  private async owner(sql: string, id: string): Promise<string | null> {
    const known = this.owners.get(id);
    if (known !== undefined) return known;
    const found = await this.one(sql, id);
    if (found !== null) {
      if (this.owners.size >= OWNERS_KEPT) this.owners.delete(this.owners.keys().next().value as string);
      this.owners.set(id, found);
    }
    return found;
  }

  private async one(sql: string, value: string): Promise<string | null> {
    const rows: Array<{ id: string }> = await this.dataSource.query(sql, [value]);
    return rows[0]?.id ?? null;
  }
}

/** The keys that name what a request acts on (the person of meeting.answer is who acts, not what). */
const LOOKUP_KEYS = ['convention', 'conventionReference', 'conventionIdOrReference', 'committee', 'membership', 'meeting'] as const;

function namesSomething(ref: ScopeRef): boolean {
  return [ref.conventionId, ref.conventionReference, ref.committeeId, ref.membershipId, ref.meetingId].some(
    (value) => typeof value === 'string' && value !== '',
  );
}

function read(request: Request, source: ValueSource | undefined): string | null {
  if (!source) return null;
  const separator = source.indexOf(':');
  const where = source.slice(0, separator);
  const name = source.slice(separator + 1);
  const bag: unknown = where === 'param' ? request.params : where === 'body' ? request.body : request.query;
  const value = bag && typeof bag === 'object' ? (bag as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : null;
}

function uuidOrNull(value: string | null | undefined): string | null {
  return typeof value === 'string' && UUID.test(value) ? value : null;
}

function stripUndefined(ref: ScopeRef): ScopeRef {
  return Object.fromEntries(Object.entries(ref).filter(([, value]) => value !== undefined));
}
