import type { Figure } from '../rules/seat-figures.rule';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const SCHOOL_TYPES = [
  'ecole_maternelle',
  'ecole_elementaire',
  'ecole_primaire',
  'college',
  'lycee',
  'other',
] as const;
export type SchoolType = (typeof SCHOOL_TYPES)[number];

@Entity('schools')
export class School {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Unité administrative immatriculée: 7 digits and a check letter. */
  @Column({ type: 'text', unique: true })
  uai: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  type: SchoolType;

  @Column({ type: 'text' })
  commune: string;

  @Column({ type: 'text', nullable: true })
  circonscription: string | null;

  @Column({ type: 'text', nullable: true })
  referenceCollegeUai: string | null;

  @Column({ type: 'text', nullable: true })
  address: string | null;

  /** Figures of the school that seat counts follow (« autant de représentants que de classes »), as the last definition stated them. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  figures: Figure[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
