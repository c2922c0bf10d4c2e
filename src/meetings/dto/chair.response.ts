import { ApiProperty } from '@nestjs/swagger';
import { CHAIR_ROTATION_AMONG, CHAIR_ROTATION_EVERY } from '../../rules/chair-rotation.rule';
import type { ChairRotationAmong, ChairRotationEvery } from '../../rules/chair-rotation.rule';
import { PERIOD_CALENDARS } from '../../committees/committee-rules';
import type { PeriodCalendar } from '../../committees/committee-rules';

/** « Présidé à tour de rôle… »: the rotation the committee's chair follows. */
export class ChairRotationResponse {
  @ApiProperty({ enum: CHAIR_ROTATION_AMONG })
  among: ChairRotationAmong;

  @ApiProperty({ type: [String], description: 'Keys of the parties or seats, in the order the chair passes between them' })
  order: string[];

  @ApiProperty({ enum: CHAIR_ROTATION_EVERY })
  every: ChairRotationEvery;

  @ApiProperty({ enum: PERIOD_CALENDARS, description: 'With every: year, whose years' })
  calendar: PeriodCalendar;

  @ApiProperty({ type: String, nullable: true })
  text: string | null;
}

export class ChairHolderResponse {
  @ApiProperty({ enum: CHAIR_ROTATION_AMONG, description: 'parties: a signatory chairs; seats: the holder of a seat does' })
  among: ChairRotationAmong;

  @ApiProperty({ example: 'academie' })
  key: string;

  @ApiProperty({ description: "The party's name or the seat's role", example: 'Académie de Lyon' })
  name: string;
}

/** Who chairs one sitting. */
export class SittingChairResponse {
  @ApiProperty({ format: 'uuid' })
  meetingId: string;

  @ApiProperty({ example: '2025-11-04', description: 'Local day of the sitting' })
  localDate: string;

  @ApiProperty({ type: () => ChairRotationResponse, nullable: true, description: 'null when the chair does not rotate' })
  rotation: ChairRotationResponse | null;

  @ApiProperty({ type: () => ChairHolderResponse, nullable: true, description: "Whose turn it is; null when the chair does not rotate (see the committee's chairs)" })
  chair: ChairHolderResponse | null;

  @ApiProperty({ type: Number, nullable: true, description: "The sitting's or the year's rank in the rotation, from 0" })
  turn: number | null;

  @ApiProperty({ type: [String] })
  reasons: string[];
}
