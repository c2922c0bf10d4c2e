import { CalendarFeedsOverview, OwnedCalendarFeed } from '../calendar-feeds/calendar-feeds.service';
import { IssuedCalendarFeedResponse } from '../calendar-feeds/dto/calendar-feed.response';
import { frenchDay } from '../common/french-time';
import { FieldMessage } from './french-messages';

/** The form's one field: `person`, `committee:<id>` or `convention:<id>`. */
export const CALENDAR_FIELD = 'calendrier';

export const MY_CALENDAR_LABEL = 'Mes réunions';

/** What the form's choice asks the API for; anything else is sent as is and refused by its validation. */
export function createDtoOf(choice: string): Record<string, string> {
  const [scope, id] = choice.split(':', 2);
  if (scope === 'committee') return { scope, committeeId: id ?? '' };
  if (scope === 'convention') return { scope, conventionId: id ?? '' };
  return { scope };
}

export function feedLabel(feed: Pick<OwnedCalendarFeed, 'scope' | 'name'>): string {
  if (feed.scope === 'committee') return `Comité\u00A0: ${feed.name ?? ''}`;
  if (feed.scope === 'convention') return `Convention\u00A0: ${feed.name ?? ''}`;
  return MY_CALENDAR_LABEL;
}

export interface IssuedView {
  label: string;
  url: string;
  webcalUrl: string;
  replaced: boolean;
}

export function issuedView(feed: IssuedCalendarFeedResponse, overview: CalendarFeedsOverview, replaced: boolean): IssuedView {
  const owned = overview.feeds.find((entry) => entry.id === feed.id);
  return { label: owned ? feedLabel(owned) : MY_CALENDAR_LABEL, url: feed.url, webcalUrl: feed.webcalUrl, replaced };
}

/** The page « Mes calendriers »: the owner's calendars, the form to make one, and a new address once. */
export function calendarFeedsView(overview: CalendarFeedsOverview, form: { choice: string; errors: FieldMessage[]; issued: IssuedView | null; revoked: boolean }) {
  const option = (value: string, label: string) => ({ value, label, selected: value === form.choice });
  return {
    feeds: overview.feeds.map((feed) => ({
      id: feed.id,
      label: feedLabel(feed),
      created: frenchDay(new Date(feed.createdAt), feed.timeZone),
      rotated: feed.rotatedAt ? frenchDay(new Date(feed.rotatedAt), feed.timeZone) : null,
    })),
    mine: option('person', `${MY_CALENDAR_LABEL} (les comités où je siège ou que je convoque)`),
    committees: overview.committees.map((committee) => option(`committee:${committee.id}`, `${committee.name} (${committee.conventionTitle})`)),
    conventions: overview.conventions.map((convention) => option(`convention:${convention.id}`, convention.title)),
    errors: form.errors,
    issued: form.issued,
    revoked: form.revoked,
    field: CALENDAR_FIELD,
  };
}

