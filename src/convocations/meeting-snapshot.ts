import type { MeetingKind } from '../meetings/meeting.entity';

/**
 * What a calendar message told its recipient about the meeting. Kept in the message's payload, so
 * an update can state exactly what changed since the last message that recipient received, however
 * many changes were made in between.
 */
export interface MeetingSnapshot {
  start: string;
  end: string;
  title: string | null;
  kind: MeetingKind;
  location: string | null;
  videoUrl: string | null;
  /** The agenda as sent, one line per item (title, description, presenter, documents). */
  agenda: string[];
}

export type MeetingDifference =
  | { field: 'time'; from: { start: string; end: string }; to: { start: string; end: string } }
  | { field: 'location'; from: string | null; to: string | null }
  | { field: 'videoUrl'; from: string | null; to: string | null }
  | { field: 'title'; from: string | null; to: string | null }
  | { field: 'kind'; to: MeetingKind }
  | { field: 'agenda' };

export interface SnapshotSource {
  startsAt: Date;
  endsAt: Date;
  title: string | null;
  kind: MeetingKind;
  location: string | null;
  videoUrl: string | null;
}

export interface SnapshotAgendaItem {
  title: string;
  description: string | null;
  presenter: string | null;
  documents: { title: string; url: string }[];
}

export function snapshotOf(meeting: SnapshotSource, agenda: readonly SnapshotAgendaItem[]): MeetingSnapshot {
  return {
    start: meeting.startsAt.toISOString(),
    end: meeting.endsAt.toISOString(),
    title: meeting.title,
    kind: meeting.kind,
    location: meeting.location,
    videoUrl: meeting.videoUrl,
    agenda: agenda.map((item) => JSON.stringify([item.title, item.description, item.presenter, item.documents.map((document) => [document.title, document.url])])),
  };
}

/** What a recipient who was told `before` must now be told; empty when nothing they saw changed. */
export function differences(before: MeetingSnapshot, after: MeetingSnapshot): MeetingDifference[] {
  const found: MeetingDifference[] = [];
  if (before.start !== after.start || before.end !== after.end) {
    found.push({ field: 'time', from: { start: before.start, end: before.end }, to: { start: after.start, end: after.end } });
  }
  if (before.location !== after.location) found.push({ field: 'location', from: before.location, to: after.location });
  if (before.videoUrl !== after.videoUrl) found.push({ field: 'videoUrl', from: before.videoUrl, to: after.videoUrl });
  if (before.title !== after.title) found.push({ field: 'title', from: before.title, to: after.title });
  if (before.kind !== after.kind) found.push({ field: 'kind', to: after.kind });
  if (JSON.stringify(before.agenda) !== JSON.stringify(after.agenda)) found.push({ field: 'agenda' });
  return found;
}
