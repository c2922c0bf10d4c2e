import { Column } from 'typeorm';

export const COMMITTEE_KINDS = ['steering', 'technical'] as const;
export type CommitteeKind = (typeof COMMITTEE_KINDS)[number];

export const COMMITTEE_SCOPES = ['convention', 'circonscription', 'school'] as const;
export type CommitteeScope = (typeof COMMITTEE_SCOPES)[number];

export const PERIOD_UNITS = ['quarter', 'semester', 'year', 'months'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

/**
 * civil: from 1 January; school: from 1 September (terms Sep–Dec, Jan–Mar, Apr–Aug; semesters
 * Sep–Jan, Feb–Aug); signature: periods counted from the convention's start date.
 */
export const PERIOD_CALENDARS = ['civil', 'school', 'signature'] as const;
export type PeriodCalendar = (typeof PERIOD_CALENDARS)[number];

/**
 * calendar: every day; clear: jours francs (the day of sending and the day of the meeting left out);
 * working: jours ouvrés (Monday to Friday, not a public holiday of the territory); workable: jours
 * ouvrables (Monday to Saturday, not a public holiday).
 */
export const NOTICE_DAY_KINDS = ['calendar', 'clear', 'working', 'workable'] as const;
export type NoticeDayKind = (typeof NOTICE_DAY_KINDS)[number];

/** How a French text names these days: « 8 jours », « 5 jours francs », « 3 jours ouvrés ». */
export function frenchNoticeDays(dayKind: string | undefined): string {
  switch (dayKind) {
    case 'clear':
      return 'jours francs';
    case 'working':
      return 'jours ouvrés';
    case 'workable':
      return 'jours ouvrables';
    default:
      return 'jours';
  }
}

export const QUORUM_KINDS = ['each_party', 'share', 'majority', 'none'] as const;
export type QuorumKind = (typeof QUORUM_KINDS)[number];

/** What « la majorité des membres » is a majority of: the seats of the composition, or the members in office. */
export const MAJORITY_BASES = ['seats', 'members'] as const;
export type MajorityBase = (typeof MAJORITY_BASES)[number];

/**
 * Which sittings count towards the minimum: « se réunit au moins une fois par an » counts the
 * ordinary sittings (an extraordinary one is called for a particular matter); `any` counts both.
 */
export const COUNTED_MEETING_KINDS = ['ordinary', 'any'] as const;
export type CountedMeetingKinds = (typeof COUNTED_MEETING_KINDS)[number];

/** "Au moins N fois par période"; minimum 0 means "autant que de besoin". */
export class FrequencyRule {
  @Column({ type: 'int', default: 0 })
  minimum: number;

  @Column({ type: 'text', default: 'year' })
  period: PeriodUnit;

  @Column({ type: 'text', default: 'civil' })
  calendar: PeriodCalendar;

  /** Length of a period when period is "months". */
  @Column({ type: 'int', nullable: true })
  months: number | null;

  /** Which sittings count: ordinary ones only (the default), or any. */
  @Column({ type: 'text', default: 'ordinary' })
  counts: CountedMeetingKinds;

  /** The convention's own words, e.g. "au moins une fois par semestre". */
  @Column({ type: 'text', nullable: true })
  text: string | null;
}

/** The convocation must leave at least `days` before the meeting. */
export class NoticeRule {
  @Column({ type: 'int', default: 0 })
  days: number;

  @Column({ type: 'text', default: 'calendar' })
  dayKind: NoticeDayKind;

  /** « En cas d'urgence, ce délai peut être réduit à N jours »: only for a meeting marked urgent, with its reason. */
  @Column({ type: 'int', nullable: true })
  urgentDays: number | null;

  @Column({ type: 'text', nullable: true })
  text: string | null;
}

/**
 * each_party: at least one representative of each signatory present;
 * share: at least `share` of the seats filled by people present (or represented, where counted);
 * majority: more than half of the seats, or of the members in office (« la majorité des membres »).
 */
export class QuorumRule {
  @Column({ type: 'text', default: 'none' })
  kind: QuorumKind;

  @Column({ type: 'numeric', precision: 5, scale: 4, nullable: true, transformer: {
    to: (value: number | null | undefined) => value,
    from: (value: string | null) => (value === null ? null : Number(value)),
  } })
  share: number | null;

  /** Whether members represented by a proxy count as present. */
  @Column({ type: 'boolean', default: false })
  countsProxies: boolean;

  @Column({ type: 'boolean', default: false })
  proxiesAllowed: boolean;

  @Column({ type: 'int', nullable: true })
  maxProxiesPerMember: number | null;

  /** With kind majority: a majority of the seats (the default) or of the members in office. */
  @Column({ type: 'text', nullable: true })
  majorityOf: MajorityBase | null;

  /** Only the seats of these groups count (« le collège des élus »); every voting seat when null. */
  @Column({ type: 'text', array: true, nullable: true })
  overGroups: string[] | null;

  @Column({ type: 'text', nullable: true })
  text: string | null;
}

/**
 * Who sends the convocation: a party, and within it optionally the holder of one seat. A committee
 * may have several ("sur décision du chef de projet de la commune ou de l'IEN").
 */
export interface ConvenerRule {
  partyKey: string;
  seatKey: string | null;
  /** As the convention says it: "le directeur d'école", "le DASEN ou son représentant". */
  label: string;
}

export interface PrerequisiteDocuments {
  /** Definition key of the committee that must send the documents up first. */
  fromCommittee: string;
  description: string;
}

export const REPORT_KINDS = ['progress_report', 'annual_review'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface ReportObligation {
  kind: ReportKind;
  period: PeriodUnit;
  text?: string;
}
