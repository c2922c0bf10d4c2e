import type { NoticeDayKind } from '../committees/committee-rules';
import { Meeting } from '../meetings/meeting.entity';
import { Convocation } from './convocation.entity';
import { MeetingDifference, MeetingSnapshot } from './meeting-snapshot';
import { NewMessage } from './outbox.repository';

/**
 * The outbox rows a convocation's recipient gets. Shared by convening, meeting changes and answers
 * (a substitute convened, a substitute withdrawn); OutboxRepository writes them.
 */

/** What of the meeting a calendar message's row records. */
export type CalendarMeeting = Pick<Meeting, 'id' | 'icalSequence'>;

/** Payload of a calendar message: what it told (snapshot), and for an update what changed. */
export interface CalendarPayload {
  snapshot: MeetingSnapshot;
  changes?: MeetingDifference[];
  reason?: string | null;
  /** A CANCEL to this recipient only: they are withdrawn from a meeting that goes on. */
  uninvite?: boolean;
  /** An invitation to someone who took a seat after the meeting was convened (docs/convocations.md). */
  lateJoiner?: LateJoinerFacts;
}

/** Whether the notice could still be given to a member who joined after the convocations left. */
export interface LateJoinerFacts {
  noticeRespected: boolean;
  noticeDays: number;
  dayKind: NoticeDayKind;
}

/**
 * `lastSequence`: the highest SEQUENCE this recipient was already sent, for someone invited again
 * after a withdrawal: their calendar applies nothing below what it holds.
 */
export function invitation(
  meeting: CalendarMeeting,
  convocation: Convocation,
  snapshot: MeetingSnapshot,
  sendAfter: Date | null,
  lastSequence: number | null = null,
  lateJoiner: LateJoinerFacts | null = null,
): NewMessage {
  const payload: CalendarPayload = lateJoiner ? { snapshot, lateJoiner } : { snapshot };
  return { ...calendarMessage('convocation', meeting, convocation, payload, sendAfter), icalSequence: sequenceAbove(meeting, lastSequence) };
}

export function update(meeting: CalendarMeeting, convocation: Convocation, snapshot: MeetingSnapshot, changes: MeetingDifference[]): NewMessage {
  return calendarMessage('update', meeting, convocation, { snapshot, changes }, null);
}

export function cancellation(meeting: CalendarMeeting, convocation: Convocation, snapshot: MeetingSnapshot, reason: string | null): NewMessage {
  return calendarMessage('cancellation', meeting, convocation, { snapshot, reason }, null);
}

/**
 * A CANCEL to one recipient of a meeting that goes on. Its SEQUENCE must be above what that
 * recipient holds (Exchange ignores a CANCEL that is not), even when the meeting itself did not
 * change: a substitute withdrawn because the member comes after all.
 */
export function withdrawal(meeting: CalendarMeeting, convocation: Convocation, snapshot: MeetingSnapshot, lastSequence: number): NewMessage {
  return { ...calendarMessage('cancellation', meeting, convocation, { snapshot, uninvite: true }, null), icalSequence: Math.max(meeting.icalSequence, lastSequence + 1) };
}

/** The meeting's SEQUENCE, or one above what the recipient already holds if that is higher. */
function sequenceAbove(meeting: CalendarMeeting, lastSequence: number | null): number {
  return lastSequence === null ? meeting.icalSequence : Math.max(meeting.icalSequence, lastSequence + 1);
}

function calendarMessage(
  kind: 'convocation' | 'update' | 'cancellation',
  meeting: CalendarMeeting,
  convocation: Convocation,
  payload: CalendarPayload,
  sendAfter: Date | null,
): NewMessage {
  return {
    kind,
    meetingId: meeting.id,
    convocationId: convocation.id,
    recipientEmail: convocation.email,
    recipientName: convocation.fullName,
    icalSequence: meeting.icalSequence,
    payload: payload as unknown as Record<string, unknown>,
    sendAfter,
  };
}
