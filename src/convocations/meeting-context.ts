import { AppConfig } from '../config/app-config';
import { Committee } from '../committees/committee.entity';
import { Convention } from '../conventions/convention.entity';
import { Party } from '../conventions/party.entity';
import { AgendaItem } from '../meetings/agenda-item.entity';
import { MeetingDocument } from '../meetings/meeting-document.entity';
import { Meeting } from '../meetings/meeting.entity';
import { Sender, SenderPerson, senderFor } from './sender';

export type ContextMeeting = Pick<
  Meeting,
  | 'id'
  | 'committeeId'
  | 'kind'
  | 'state'
  | 'title'
  | 'startsAt'
  | 'endsAt'
  | 'location'
  | 'videoUrl'
  | 'icalUid'
  | 'icalSequence'
  | 'cancellationReason'
  | 'convenedAt'
  | 'convenedByPersonId'
  | 'convenerPartyId'
  | 'urgencyReason'
  | 'reconvenesMeetingId'
>;

export type ContextCommittee = Pick<Committee, 'id' | 'conventionId' | 'key' | 'name' | 'notice' | 'reconvening' | 'conveners' | 'prerequisites'> & {
  convention: Pick<Convention, 'title' | 'timeZone' | 'holidayCountry' | 'holidayRegion'>;
};

export type ContextParty = Pick<Party, 'id' | 'key' | 'kind' | 'name' | 'email'>;
export type ContextAgendaItem = Pick<AgendaItem, 'title' | 'description' | 'presenter' | 'documents'>;
export type ContextDocument = Pick<MeetingDocument, 'kind' | 'fromCommittee' | 'title' | 'url'>;

/** Everything a message about a meeting says, read at the moment it is written or sent. */
export interface MeetingContext {
  meeting: ContextMeeting;
  committee: ContextCommittee;
  zone: string;
  parties: ContextParty[];
  agenda: ContextAgendaItem[];
  /** Documents attached to the meeting, minutes left out. */
  documents: ContextDocument[];
  sender: Sender;
  convenerParty: ContextParty | null;
  /** The person who convened, when they hold a seat of the committee on the meeting's day. */
  convener: SenderPerson | null;
}

export function meetingContext(
  parts: Omit<MeetingContext, 'zone' | 'sender' | 'convenerParty'>,
  config: AppConfig,
): MeetingContext {
  const convenerParty = parts.parties.find((party) => party.id === parts.meeting.convenerPartyId) ?? null;
  return { ...parts, zone: parts.committee.convention.timeZone, sender: senderFor(convenerParty, config.mail, parts.convener), convenerParty };
}
