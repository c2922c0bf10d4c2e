import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Convention } from './convention.entity';

/** Avenant: a signed change to a convention, here chiefly to its list of schools. */
@Entity('amendments')
@Unique('uq_amendments_convention_reference', ['conventionId', 'reference'])
export class Amendment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  conventionId: string;

  @ManyToOne(() => Convention, (convention) => convention.amendments, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'convention_id' })
  convention: Convention;

  @Column({ type: 'text' })
  reference: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'date' })
  signedOn: string;

  @Column({ type: 'date', nullable: true })
  effectiveOn: string | null;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  addedSchoolUais: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  removedSchoolUais: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
