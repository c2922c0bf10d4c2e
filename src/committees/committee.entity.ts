import type { ConveningRequestRule } from '../rules/convening-request.rule';
import type { EventDeadlineRule } from '../rules/event-deadlines.rule';
import type { MinutesRule } from '../rules/minutes.rule';
import type { ChairRotationRule } from '../rules/chair-rotation.rule';
import type { TermOfOfficeRule } from '../rules/terms-of-office.rule';
import type { ReconveningRule } from '../rules/reconvening.rule';
import {
  Column,
  Index,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Convention } from '../conventions/convention.entity';
import { School } from '../schools/school.entity';
import type { SchoolType } from '../schools/school.entity';
import { Seat } from './seat.entity';
import {
  CommitteeKind,
  CommitteeScope,
  ConvenerRule,
  FrequencyRule,
  NoticeRule,
  PrerequisiteDocuments,
  QuorumRule,
  ReportObligation,
} from './committee-rules';

/**
 * One committee instance. A definition "one per school" or "one per circonscription" yields one
 * instance per covered school or circonscription, sharing the definition key.
 */
@Entity('committees')
@Unique('uq_committees_convention_key', ['conventionId', 'key'])
// The overview's filter by circonscription (migration IndexCommitteesByCirconscription).
@Index('ix_committees_circonscription', ['conventionId', 'circonscription'], { where: '"circonscription" IS NOT NULL' })
export class Committee {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  conventionId: string;

  @ManyToOne(() => Convention, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'convention_id' })
  convention: Convention;

  /** Unique within the convention: the definition key, suffixed by the UAI or circonscription. */
  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  definitionKey: string;

  @Column({ type: 'text' })
  kind: CommitteeKind;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  scope: CommitteeScope;

  @Column({ type: 'text', nullable: true })
  circonscription: string | null;

  @Column({ type: 'uuid', nullable: true })
  schoolId: string | null;

  @ManyToOne(() => School, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'school_id' })
  school: School | null;

  /** With scope school or circonscription, the only types of covered school that yield an instance; null for every type. */
  @Column({ type: 'text', array: true, nullable: true })
  schoolTypes: SchoolType[] | null;

  /** Article of the convention the committee comes from, e.g. "3.1". */
  @Column({ type: 'text', nullable: true })
  article: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column(() => FrequencyRule)
  frequency: FrequencyRule;

  @Column(() => NoticeRule)
  notice: NoticeRule;

  @Column(() => QuorumRule)
  quorum: QuorumRule;

  /** A second sitting after a failed quorum (« une nouvelle réunion dans un délai de huit à quinze jours »); null when the text provides none. */
  @Column({ type: 'jsonb', nullable: true })
  reconvening: ReconveningRule | null;

  /** « Le compte rendu est établi dans les quinze jours… »: delays, writer and approval of the minutes; null when the text sets none. */
  @Column({ type: 'jsonb', nullable: true })
  minutesRule: MinutesRule | null;

  /** Sittings due within a delay after an event (« dans les quinze jours qui suivent la proclamation des résultats »). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  eventDeadlines: EventDeadlineRule[];

  /** « … à la demande du tiers de ses membres ou du DASEN, dans les quinze jours »; null when the text provides none. */
  @Column({ type: 'jsonb', nullable: true })
  conveningOnRequest: ConveningRequestRule | null;

  /** « Les membres sont désignés pour trois ans, renouvelable une fois »: members' terms; null when the text sets none. */
  @Column({ type: 'jsonb', nullable: true })
  termOfOffice: TermOfOfficeRule | null;

  /** « La présidence est assurée à tour de rôle… »: who chairs which sitting; null when the text sets no rotation (see also chairRotates). */
  @Column({ type: 'jsonb', nullable: true })
  chairRotation: ChairRotationRule | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  conveners: ConvenerRule[];

  /** Seat keys of the chair, or of the co-chairs. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  chairSeatKeys: string[];

  @Column({ type: 'boolean', default: false })
  chairRotates: boolean;

  /** Whether it may meet during the school holidays of its zone; by default it does not (planning, last day to convene). */
  @Column({ type: 'boolean', default: false })
  meetsDuringSchoolHolidays: boolean;

  @Column({ type: 'boolean', default: false })
  guestsAllowed: boolean;

  @Column({ type: 'text', nullable: true })
  guestsText: string | null;

  /** Definition key of the committee whose members designate this one's (Réunion, art. 8-2). */
  @Column({ type: 'text', nullable: true })
  membersDesignatedBy: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  prerequisites: PrerequisiteDocuments[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  reports: ReportObligation[];

  @OneToMany(() => Seat, (seat) => seat.committee)
  seats: Seat[];

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
