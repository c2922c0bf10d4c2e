import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { SchoolZone } from '../rules/school-holidays.rule';

/**
 * One holiday of one zone, imported from the ministry's open dataset « Calendrier scolaire ». The
 * school years imported replace, zone by zone, those shipped in data/school-holidays.json.
 */
@Entity('school_holidays')
@Unique('uq_school_holidays_zone_year_first_day', ['zone', 'schoolYear', 'firstDay'])
export class SchoolHoliday {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  zone: SchoolZone;

  /** "2025-2026". */
  @Column({ type: 'text' })
  schoolYear: string;

  /** « Vacances de la Toussaint ». */
  @Column({ type: 'text' })
  description: string;

  /** First day without school. */
  @Column({ type: 'date' })
  firstDay: string;

  /** Last day without school: the day before classes resume. */
  @Column({ type: 'date' })
  lastDay: string;

  /** The file it was imported from. */
  @Column({ type: 'text' })
  source: string;

  @CreateDateColumn({ type: 'timestamptz' })
  importedAt: Date;
}
