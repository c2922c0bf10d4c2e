import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Convention } from './convention.entity';
import { School } from '../schools/school.entity';
import { Amendment } from './amendment.entity';

/** A school covered by a convention, from its signature or from an amendment. */
@Entity('convention_schools')
export class ConventionSchool {
  @PrimaryColumn({ type: 'uuid' })
  conventionId: string;

  @PrimaryColumn({ type: 'uuid' })
  schoolId: string;

  @ManyToOne(() => Convention, (convention) => convention.schools, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'convention_id' })
  convention: Convention;

  @ManyToOne(() => School, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'school_id' })
  school: School;

  @Column({ type: 'uuid', nullable: true })
  amendmentId: string | null;

  @ManyToOne(() => Amendment, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'amendment_id' })
  amendment: Amendment | null;
}
