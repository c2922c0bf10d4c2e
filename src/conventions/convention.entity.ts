import type { Figure } from '../rules/seat-figures.rule';
import type { SchoolZone } from '../rules/school-holidays.rule';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Party } from './party.entity';
import { Amendment } from './amendment.entity';
import { ConventionSchool } from './convention-school.entity';

export const NOTICE_UNITS = ['days', 'months'] as const;
export type NoticeUnit = (typeof NOTICE_UNITS)[number];

/** Préavis de résiliation: "trois mois notifié par lettre recommandée". */
export class TerminationNotice {
  @Column({ type: 'int', nullable: true })
  amount: number | null;

  @Column({ type: 'text', nullable: true })
  unit: NoticeUnit | null;

  @Column({ type: 'text', nullable: true })
  form: string | null;
}

@Entity('conventions')
export class Convention {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stable key used by definition files and URLs, e.g. "guyane-remire-montjoly-2015". */
  @Column({ type: 'text', unique: true })
  reference: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** IANA zone in which every local date of this convention is read. */
  @Column({ type: 'text' })
  timeZone: string;

  /** date-holidays country code of the territory: FR, GF, RE, GP, MQ, YT. */
  @Column({ type: 'text' })
  holidayCountry: string;

  @Column({ type: 'text', nullable: true })
  holidayRegion: string | null;

  /** School-holiday zone (A, B, C, Corse, or an overseas académie); null when unknown. */
  @Column({ type: 'text', nullable: true })
  schoolZone: SchoolZone | null;

  /** Académie the convention belongs to, by its usual name ("Grenoble", "La Réunion"): see territory.ts. */
  @Index('ix_conventions_academie')
  @Column({ type: 'text', nullable: true })
  academie: string | null;

  /** INSEE code of its département ("38", "973"). */
  @Index('ix_conventions_departement')
  @Column({ type: 'text', nullable: true })
  departement: string | null;

  /** Figures for the whole convention that seat counts follow (« autant que de communes membres »). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  figures: Figure[];

  @Column({ type: 'date', nullable: true })
  signedOn: string | null;

  @Column({ type: 'date', nullable: true })
  effectiveFrom: string | null;

  @Column({ type: 'int', nullable: true })
  durationMonths: number | null;

  @Column({ type: 'date', nullable: true })
  endsOn: string | null;

  @Column({ type: 'boolean', default: false })
  tacitRenewal: boolean;

  @Column({ type: 'date', nullable: true })
  terminatedOn: string | null;

  @Column(() => TerminationNotice)
  terminationNotice: TerminationNotice;

  @OneToMany(() => Party, (party) => party.convention)
  parties: Party[];

  @OneToMany(() => Amendment, (amendment) => amendment.convention)
  amendments: Amendment[];

  @OneToMany(() => ConventionSchool, (link) => link.convention)
  schools: ConventionSchool[];

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
