import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Seat } from '../committees/seat.entity';
import { Person } from './person.entity';

export type MembershipSource = 'definition' | 'api';

/** A person holding a seat, for a time, with an optional substitute (suppléant). */
@Entity('memberships')
@Unique('uq_memberships_seat_person_start', ['seatId', 'personId', 'startsOn'])
export class Membership {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  seatId: string;

  @ManyToOne(() => Seat, (seat) => seat.memberships, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'seat_id' })
  seat: Seat;

  @Index('ix_memberships_person')
  @Column({ type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id' })
  person: Person;

  @Column({ type: 'date' })
  startsOn: string;

  /** Last day held; null while current. */
  @Column({ type: 'date', nullable: true })
  endsOn: string | null;

  @Index('ix_memberships_substitute')
  @Column({ type: 'uuid', nullable: true })
  substituteId: string | null;

  @ManyToOne(() => Person, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'substitute_id' })
  substitute: Person | null;

  /** Where it was entered: a definition file manages its own, and keeps those entered through the API. */
  @Column({ type: 'text', default: 'api' })
  source: MembershipSource;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
