import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Convention } from './convention.entity';

export const PARTY_KINDS = [
  'academie',
  'commune',
  'rpi',
  'epci',
  'syndicat_mixte',
  'departement',
  'region',
  'crdp',
  'collectivite',
  'other',
] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

/** A signatory of a convention. */
@Entity('parties')
@Unique('uq_parties_convention_key', ['conventionId', 'key'])
export class Party {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  conventionId: string;

  @ManyToOne(() => Convention, (convention) => convention.parties, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'convention_id' })
  convention: Convention;

  /** Key within the convention, e.g. "academie", "commune". */
  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  kind: PartyKind;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  representativeName: string | null;

  @Column({ type: 'text', nullable: true })
  representativeTitle: string | null;

  @Column({ type: 'text', nullable: true })
  address: string | null;

  /** Address convocations sent on behalf of this party come from, when set. */
  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'int', default: 0 })
  position: number;
}
