import type { FollowedCount } from '../rules/seat-figures.rule';
import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Committee } from './committee.entity';
import { Party } from '../conventions/party.entity';
import { Membership } from '../people/membership.entity';
import type { RepresentativesRule } from '../rules/representation.rule';

/** Places in a committee reserved for a party and a role: "un élu", "deux représentants". */
@Entity('seats')
@Unique('uq_seats_committee_key', ['committeeId', 'key'])
export class Seat {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  committeeId: string;

  @ManyToOne(() => Committee, (committee) => committee.seats, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'committee_id' })
  committee: Committee;

  @Column({ type: 'text' })
  key: string;

  /**
   * The signatory the seat represents; null for seats that represent no signatory (parents
   * d'élèves, "pour les établissements"): they sit, but never count towards "each signatory".
   */
  @Column({ type: 'uuid', nullable: true })
  partyId: string | null;

  @ManyToOne(() => Party, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'party_id' })
  party: Party | null;

  /** The role as the convention words it: "le directeur des services informatiques". */
  @Column({ type: 'text' })
  role: string;

  /** How many people hold this role in the committee. */
  @Column({ type: 'int', default: 1 })
  count: number;

  /** When the count follows a figure (« autant que de classes »): the rule and the figure read; null when written in the committee. */
  @Column({ type: 'jsonb', nullable: true })
  countFollows: FollowedCount | null;

  /** Heading under which the convention lists the seat, when it is not the party: "pour les établissements". */
  @Column({ type: 'text', nullable: true })
  groupLabel: string | null;

  /** "ou son représentant": the holder may send a representative. */
  @Column({ type: 'boolean', default: false })
  mayBeRepresented: boolean;

  /** « … ou l'un de ses adjoints »: the only people who may represent the holder (emails); null: anyone. */
  @Column({ type: 'jsonb', nullable: true })
  representedBy: RepresentativesRule | null;

  /** « Avec voix consultative »: convened and present, never counted for the quorum. */
  @Column({ type: 'boolean', default: false })
  consultative: boolean;

  @Column({ type: 'int', default: 0 })
  position: number;

  @OneToMany(() => Membership, (membership) => membership.seat)
  memberships: Membership[];
}
