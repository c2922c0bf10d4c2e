import { CALENDAR_PRODUCT_ID } from './invitation.builder';
import { contentLine, escapeText, multiLineText, singleLineText, utcDateTime } from './icalendar-text';
import { meetingTimeSentence } from '../common/french-time';

/**
 * A subscribable calendar (RFC 5545, METHOD:PUBLISH): read-only events that a calendar refreshes
 * by itself. Each meeting keeps the UID and SEQUENCE of its invitations, so a member who also
 * imported an invitation sees one event. No ORGANIZER, no ATTENDEE and no answer link: whoever
 * reads the feed sees the meetings and cannot act for anyone. Times are UTC instants, as in the
 * invitations (docs/calendar-invitations.md, "Why UTC"); the description states the local time.
 */
export interface FeedMeeting {
  id: string;
  uid: string;
  sequence: number;
  state: 'scheduled' | 'held' | 'cancelled';
  start: Date;
  end: Date;
  /** When the meeting last changed: DTSTAMP and LAST-MODIFIED, so an unchanged feed is byte-identical. */
  updatedAt: Date;
  timeZone: string;
  committeeName: string;
  conventionTitle: string;
  title: string | null;
  extraordinary: boolean;
  location: string | null;
  videoUrl: string | null;
  cancellationReason: string | null;
  agenda: { title: string; description: string | null; presenter: string | null }[];
  /** The meeting's page in copil. */
  pageUrl: string;
}

export interface FeedCalendar {
  /** Shown as the calendar's name (NAME, X-WR-CALNAME). */
  name: string;
  description: string;
  /** The zone the calendar is mostly about, as a display hint (X-WR-TIMEZONE); null when mixed. */
  timeZone: string | null;
  refreshMinutes: number;
  meetings: FeedMeeting[];
}

const NBSP = '\u00A0';

function text(value: string): string {
  return escapeText(singleLineText(value));
}

function summaryOf(meeting: FeedMeeting): string {
  const name = meeting.title ? `${meeting.committeeName} – ${meeting.title}` : meeting.committeeName;
  const extraordinary = meeting.extraordinary ? ' (séance extraordinaire)' : '';
  return `${meeting.state === 'cancelled' ? `Annulée${NBSP}: ` : ''}${name}${extraordinary}`;
}

function descriptionOf(meeting: FeedMeeting): string {
  const lines = [`${meeting.committeeName} (${meeting.conventionTitle})`];
  if (meeting.state === 'cancelled') {
    lines.push('', `Séance annulée${meeting.cancellationReason ? `${NBSP}: ${meeting.cancellationReason}` : '.'}`);
  }
  if (meeting.agenda.length > 0) {
    lines.push('', `Ordre du jour${NBSP}:`);
    meeting.agenda.forEach((item, index) => {
      lines.push(`${index + 1}. ${item.title}${item.presenter ? ` (${item.presenter})` : ''}`);
      if (item.description) lines.push(`   ${item.description}`);
    });
  }
  if (meeting.videoUrl) lines.push('', `Visioconférence${NBSP}: ${meeting.videoUrl}`);
  lines.push('', meetingTimeSentence(meeting.start, meeting.end, meeting.timeZone), '', `La séance dans copil${NBSP}: ${meeting.pageUrl}`);
  return escapeText(multiLineText(lines.join('\n')));
}

function eventLines(meeting: FeedMeeting): string {
  const cancelled = meeting.state === 'cancelled';
  const place = meeting.location ?? meeting.videoUrl;
  return [
    contentLine('BEGIN', 'VEVENT'),
    contentLine('UID', meeting.uid),
    contentLine('SEQUENCE', String(meeting.sequence)),
    contentLine('DTSTAMP', utcDateTime(meeting.updatedAt)),
    contentLine('LAST-MODIFIED', utcDateTime(meeting.updatedAt)),
    contentLine('DTSTART', utcDateTime(meeting.start)),
    contentLine('DTEND', utcDateTime(meeting.end)),
    contentLine('SUMMARY', text(summaryOf(meeting))),
    contentLine('DESCRIPTION', descriptionOf(meeting)),
    ...(place ? [contentLine('LOCATION', text(place))] : []),
    contentLine('URL', meeting.pageUrl),
    contentLine('STATUS', cancelled ? 'CANCELLED' : 'CONFIRMED'),
    contentLine('TRANSP', cancelled ? 'TRANSPARENT' : 'OPAQUE'),
    contentLine('END', 'VEVENT'),
  ].join('');
}

export function buildFeed(calendar: FeedCalendar): string {
  const refresh = `PT${calendar.refreshMinutes}M`;
  const head = [
    contentLine('BEGIN', 'VCALENDAR'),
    contentLine('VERSION', '2.0'),
    contentLine('PRODID', CALENDAR_PRODUCT_ID),
    contentLine('CALSCALE', 'GREGORIAN'),
    contentLine('METHOD', 'PUBLISH'),
    contentLine('NAME', text(calendar.name)),
    contentLine('X-WR-CALNAME', text(calendar.name)),
    contentLine('DESCRIPTION', text(calendar.description)),
    contentLine('X-WR-CALDESC', text(calendar.description)),
    ...(calendar.timeZone ? [contentLine('X-WR-TIMEZONE', calendar.timeZone)] : []),
    // RFC 7986 and its older Microsoft spelling: how often to fetch again.
    contentLine('REFRESH-INTERVAL', refresh, [['VALUE', 'DURATION']]),
    contentLine('X-PUBLISHED-TTL', refresh),
  ].join('');
  return head + calendar.meetings.map(eventLines).join('') + contentLine('END', 'VCALENDAR');
}

/** The Content-Type of a feed. */
export const FEED_CONTENT_TYPE = 'text/calendar; charset=utf-8';
