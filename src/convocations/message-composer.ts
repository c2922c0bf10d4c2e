import { NoticeDayKind, frenchNoticeDays } from '../committees/committee-rules';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { OutgoingMail } from '../mail/mail-transport';
import { TemplateRenderer } from '../templates/template-renderer';
import { documentBesideItem, titleBesideCommittee, withArticle } from '../common/french-names';
import { AttendeePartstat, AttendeeRole, InvitationInput, InvitationMethod, buildInvitation } from '../calendar/invitation.builder';
import { LocalDate, addDays } from '../rules/local-date';
import type { MinutesReminderStage } from '../rules/minutes.rule';
import { ANSWER_LABELS } from './answer-labels';
import { Answer, Convocation } from './convocation.entity';
import { signAnswerToken } from './answer-link';
import { calendarReplyAddress } from '../calendar/reply-address';
import { CalendarPayload } from './convocation-rows';
import { frenchDay, frenchHour, frenchLocalDate, frenchMoment, frenchSpan } from '../common/french-time';
import { MeetingContext } from './meeting-context';
import { MeetingDifference } from './meeting-snapshot';
import type { MessageKind } from './outbound-message.entity';
import type { NewMessage } from './outbox.repository';
import { parseAddress } from './sender';

/** The outbox row as the worker claimed it: what to send, to whom. */
export type MessageToSend = Omit<NewMessage, 'sendAfter' | 'dedupeKey'> & {
  id: string;
  messageId: string;
  attempts: number;
};

/** The recipient of a message about their convocation. */
export interface RecipientContext {
  convocation: Pick<Convocation, 'id' | 'role' | 'fullName' | 'email' | 'answer' | 'withdrawnAt'>;
  /** A member's registered substitute, whom they may send instead. */
  substituteName: string | null;
  /** A substitute's convocation: the member they stand in for. */
  standsInForName: string | null;
}

export interface WithheldPayload {
  reason: 'notice' | 'prerequisites';
  noticeDays?: number;
  dayKind?: NoticeDayKind;
  latestSendingDate?: LocalDate;
  missing?: { fromCommittee: string; description: string }[];
}

export interface NobodyComingPayload {
  daysBefore: number;
  parties: { name: string; declined: number; unanswered: number }[];
}

export interface DeliveryFailurePayload {
  failedMessageId: string;
  failedKind: MessageKind;
  recipientName: string;
  recipientEmail: string;
  response: string;
  attempts: number;
  permanent: boolean;
}

export interface CommitteeAtRiskPayload {
  committeeName: string;
  conventionTitle: string;
  periodLabel: string;
  periodStart: LocalDate;
  periodEnd: LocalDate;
  lastDayToConvene: LocalDate | null;
  frequencyText: string | null;
  required: number;
  heldWithQuorum: number;
  scheduled: number;
}

/** A request for a sitting whose last day to convene nears, or has passed (convening-request.rule.ts). */
export interface RequestDeadlinePayload {
  committeeName: string;
  conventionTitle: string;
  overdue: boolean;
  requestedOn: LocalDate;
  conveneBy: LocalDate;
  requesters: string[];
  reason: string | null;
  text: string | null;
}

/** What a sitting's minutes call for (minutes.rule.ts, `minutesReminder`). */
export interface MinutesReminderPayload {
  committeeName: string;
  conventionTitle: string;
  stage: MinutesReminderStage;
  heldOn: LocalDate;
  dueOn: LocalDate;
  submitBy: LocalDate | null;
  objection: string | null;
  text: string | null;
}

/** A member's term of office entering its last weeks (terms-of-office.rule.ts). */
export interface TermExpiringPayload {
  committeeName: string;
  conventionTitle: string;
  personName: string;
  seatRole: string;
  startsOn: LocalDate;
  endsOn: LocalDate;
  daysLeft: number;
  mayBeRenewed: boolean;
  text: string | null;
}

const CALENDAR_FILES: Record<InvitationMethod, string> = { REQUEST: 'invitation.ics', CANCEL: 'annulation.ics' };

/**
 * The answer recorded, as the invitation's PARTSTAT: a member sending a substitute does not come
 * in person (DELEGATED would need the delegate's address in DELEGATED-TO, which calendars then
 * treat as a delegation they made).
 */
const ATTENDEE_PARTSTAT: Record<Answer, AttendeePartstat> = {
  needs_action: 'NEEDS-ACTION',
  accepted: 'ACCEPTED',
  declined: 'DECLINED',
  tentative: 'TENTATIVE',
  substitute: 'DECLINED',
};


/** RFC 2606 reserves .invalid: an address that can never be delivered to anyone. */
const FALLBACK_ORGANIZER = 'organisateur@copil.invalid';

/**
 * Turns an outbox row into the email that leaves: French text and HTML from templates/convocation,
 * and for invitations, updates and cancellations the calendar entry, both as the text/calendar
 * alternative and as an .ics file (nodemailer's icalEvent writes both from one content).
 */
@Injectable()
export class MessageComposer {
  private readonly logger = new Logger('MessageComposer');
  private organizerWarned = false;
  /**
   * What every message of one claim shares, by the context the claim read (one object for all the
   * rows of a meeting claimed together): the template variables and the calendar descriptions.
   */
  private readonly shared = new WeakMap<MeetingContext, { variables: Record<string, unknown>; descriptions: Map<string | null, string> }>();

  constructor(
    private readonly templates: TemplateRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The page where a recipient answers; a link with `?answer=` preselects a choice, which they still confirm. */
  answerPage(convocationId: string): string {
    return `${this.config.publicBaseUrl}/answers/${signAnswerToken(convocationId, this.config.auth.secret)}`;
  }

  compose(message: MessageToSend, context: MeetingContext | null, recipient: RecipientContext | null, dtstamp: Date): OutgoingMail {
    switch (message.kind) {
      case 'convocation':
      case 'update':
      case 'cancellation':
        return this.calendarMessage(message, required(context), required(recipient), dtstamp);
      case 'reminder':
        return this.recipientMessage(message, 'reminder', required(context), required(recipient), { calendar: { attached: false } });
      case 'convocation_withheld':
        return this.convenerMessage(message, 'convocation-withheld', context, { withheld: withheldFacts(message.payload as unknown as WithheldPayload) });
      case 'nobody_coming':
        return this.convenerMessage(message, 'nobody-coming', context, { alert: message.payload });
      case 'delivery_failure':
        return this.convenerMessage(message, 'delivery-failure', context, { failure: failureFacts(message.payload as unknown as DeliveryFailurePayload) });
      case 'committee_at_risk':
        return this.convenerMessage(message, 'committee-at-risk', null, { risk: riskFacts(message.payload as unknown as CommitteeAtRiskPayload) });
      case 'email_changed':
        return this.convenerMessage(message, 'email-changed', null, { change: message.payload });
      case 'request_deadline':
        return this.convenerMessage(message, 'request-deadline', null, { request: requestFacts(message.payload as unknown as RequestDeadlinePayload) });
      case 'minutes_reminder':
        return this.convenerMessage(message, 'minutes-reminder', null, { minutes: minutesFacts(message.payload as unknown as MinutesReminderPayload) });
      case 'term_expiring':
        return this.convenerMessage(message, 'term-expiring', null, { term: termFacts(message.payload as unknown as TermExpiringPayload) });
      case 'sign_in_link':
        throw new Error('a sign-in link is written by SignInLinkMailer, which makes the link as it is sent');
    }
  }

  private calendarMessage(message: MessageToSend, context: MeetingContext, recipient: RecipientContext, dtstamp: Date): OutgoingMail {
    const payload = message.payload as unknown as CalendarPayload;
    const method: InvitationMethod = message.kind === 'cancellation' ? 'CANCEL' : 'REQUEST';
    const template = message.kind === 'cancellation' ? (payload.uninvite ? 'withdrawal' : 'cancellation') : message.kind;
    const changes = (payload.changes ?? []).map((change) => changeSentence(change, context.zone));
    const answer = recipient.convocation.answer;
    // A change of time asked everyone again (their answers were reset); any other update keeps the answer given.
    const timeChanged = (payload.changes ?? []).some((change) => change.field === 'time');
    const answerKept = method === 'REQUEST' && answer !== 'needs_action';
    const mail = this.recipientMessage(message, template, context, recipient, {
      changes,
      reason: payload.reason ?? null,
      calendar: { attached: true },
      timeChanged,
      answerKept,
      answerLabel: ANSWER_LABELS[answer],
      lateJoiner: payload.lateJoiner
        ? { late: !payload.lateJoiner.noticeRespected, notice: `${payload.lateJoiner.noticeDays}\u00A0${payload.lateJoiner.dayKind === 'clear' ? 'jours francs' : 'jours'}` }
        : null,
    });
    const { meeting, committee } = context;
    const content = this.invitation({
      method,
      uid: meeting.icalUid,
      sequence: message.icalSequence ?? meeting.icalSequence,
      dtstamp,
      start: meeting.startsAt,
      end: meeting.endsAt,
      timeZone: context.zone,
      summary: [committee.name, titleBesideCommittee(meeting.title, committee.name)].filter(Boolean).join(' – '),
      // The answer link is personal: it stays in the email, out of a calendar entry others may see.
      description: this.sharedDescription(context, cancellationHeadline(payload)),
      location: meeting.location ?? meeting.videoUrl,
      url: meeting.videoUrl,
      organizer: { name: context.sender.name, email: calendarReplyAddress(context.sender.email, recipient.convocation.id, this.config.auth.secret) },
      attendee: {
        name: recipient.convocation.fullName,
        email: recipient.convocation.email,
        role: attendeeRole(recipient.convocation),
        ...(answerKept ? { partstat: ATTENDEE_PARTSTAT[answer] } : {}),
      },
      ...(payload.uninvite ? { uninvite: true } : {}),
    });
    return {
      ...mail,
      icalEvent: { method, filename: CALENDAR_FILES[method], content, contentTransferEncoding: 'base64' },
    };
  }

  private recipientMessage(
    message: MessageToSend,
    template: string,
    context: MeetingContext,
    recipient: RecipientContext,
    extra: Record<string, unknown>,
  ): OutgoingMail {
    const convocation = recipient.convocation;
    const substitute = convocation.role === 'member' && recipient.substituteName ? { fullName: recipient.substituteName } : null;
    const rendered = this.templates.email(template, {
      ...this.sharedParts(context).variables,
      recipient: { fullName: convocation.fullName, guest: convocation.role === 'guest' },
      standsInFor: recipient.standsInForName ? { fullName: recipient.standsInForName } : null,
      substitute,
      links: answerLinks(this.answerPage(convocation.id), substitute !== null),
      ...extra,
    });
    return {
      from: context.sender.header,
      ...(context.sender.replyTo ? { replyTo: context.sender.replyTo } : {}),
      to: formatRecipient(message),
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      headers: { 'Message-ID': message.messageId, 'Auto-Submitted': 'auto-generated' },
    };
  }

  private convenerMessage(message: MessageToSend, template: string, context: MeetingContext | null, extra: Record<string, unknown>): OutgoingMail {
    const rendered = this.templates.email(template, {
      ...(context ? meetingVariables(context) : { committee: null, convention: null, meeting: null, agenda: [], documents: [], sender: null }),
      recipient: { fullName: message.recipientName },
      ...extra,
    });
    return {
      from: parseAddress(this.config.mail.from, 'copil').header,
      to: formatRecipient(message),
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      headers: { 'Message-ID': message.messageId, 'Auto-Submitted': 'auto-generated' },
    };
  }

  /**
   * The iCalendar text. A sender address calendars cannot take as ORGANIZER (`copil@localhost`, the
   * development default, has no dot in its domain) is replaced by a reserved, undeliverable one
   * rather than failing every convocation; replies then cannot come back by email, which the log says.
   */
  private invitation(input: InvitationInput): string {
    try {
      return buildInvitation(input);
    } catch (error) {
      const fields = error instanceof DomainError ? ((error.details.fields as { path: string }[] | undefined) ?? []) : [];
      if (!fields.some((field) => field.path === 'organizer.email')) throw error;
      if (!this.organizerWarned) {
        this.logger.warn(`The sender ${input.organizer.email} cannot be a calendar ORGANIZER; invitations name ${FALLBACK_ORGANIZER} instead. Set MAIL_FROM to a real address.`);
        this.organizerWarned = true;
      }
      return buildInvitation({ ...input, organizer: { name: input.organizer.name, email: FALLBACK_ORGANIZER } });
    }
  }

  private sharedParts(context: MeetingContext): { variables: Record<string, unknown>; descriptions: Map<string | null, string> } {
    let parts = this.shared.get(context);
    if (!parts) {
      parts = { variables: meetingVariables(context), descriptions: new Map() };
      this.shared.set(context, parts);
    }
    return parts;
  }

  private sharedDescription(context: MeetingContext, headline: string | null): string {
    const { descriptions } = this.sharedParts(context);
    let description = descriptions.get(headline);
    if (description === undefined) {
      description = this.calendarDescription(context, headline);
      descriptions.set(headline, description);
    }
    return description;
  }

  /** The calendar entry's text: why it is cancelled, if it is, the agenda and the documents; the builder adds the local time. */
  private calendarDescription(context: MeetingContext, headline: string | null): string {
    const lines = [`${context.committee.name} (${context.committee.convention.title})`, '', 'Ordre du jour\u00A0:'];
    if (headline) lines.unshift(headline, '');
    context.agenda.forEach((item, index) => {
      lines.push(`${index + 1}. ${item.title}${item.presenter ? ` (${item.presenter})` : ''}`);
      if (item.description) lines.push(`   ${item.description}`);
      for (const document of item.documents) lines.push(`   ${documentBesideItem(document.title, item.title)}\u00A0: ${document.url}`);
    });
    if (context.documents.length > 0) {
      lines.push('', 'Documents\u00A0:');
      for (const document of context.documents) lines.push(`- ${document.title}\u00A0: ${document.url}`);
    }
    if (context.meeting.videoUrl) lines.push('', `Visioconférence\u00A0: ${context.meeting.videoUrl}`);
    return lines.join('\n');
  }
}

/** What a CANCEL's calendar entry says first: why the meeting is cancelled, or that this recipient is withdrawn. */
function cancellationHeadline(payload: CalendarPayload): string | null {
  if (payload.uninvite) return 'Votre convocation à cette séance est retirée.';
  if (payload.reason === undefined) return null;
  return payload.reason ? `Séance annulée. Motif\u00A0: ${payload.reason}` : 'Séance annulée.';
}

function answerLinks(page: string, withSubstitute: boolean): Record<string, string | null> {
  return {
    page,
    accept: `${page}?answer=accepted`,
    decline: `${page}?answer=declined`,
    substitute: withSubstitute ? `${page}?answer=substitute` : null,
  };
}

function required<T>(value: T | null): T {
  if (value === null) throw new Error('a message about a convocation needs its meeting and recipient');
  return value;
}

function attendeeRole(convocation: Pick<Convocation, 'role'>): AttendeeRole {
  return convocation.role === 'guest' ? 'OPT-PARTICIPANT' : 'REQ-PARTICIPANT';
}

function formatRecipient(message: MessageToSend): string {
  const name = message.recipientName.replace(/["\\\r\n]/g, ' ').trim();
  return name ? `"${name}" <${message.recipientEmail}>` : message.recipientEmail;
}

/** A meeting's day and hours in French, by start, end and zone: every recipient's message says the same (luxon's zone work, once). */
const timeTexts = new Map<string, { day: string; when: string }>();
/** Enough for the meetings a worker sends at once; the map starts over beyond it. */
const TIME_TEXTS_KEPT = 2000;

function meetingTimeTexts(startsAt: Date, endsAt: Date, zone: string): { day: string; when: string } {
  const key = `${startsAt.getTime()}|${endsAt.getTime()}|${zone}`;
  let texts = timeTexts.get(key);
  if (!texts) {
    if (timeTexts.size >= TIME_TEXTS_KEPT) timeTexts.clear();
    texts = { day: frenchDay(startsAt, zone), when: frenchSpan(startsAt, endsAt, zone) };
    timeTexts.set(key, texts);
  }
  return texts;
}

/** What every message about a meeting may show, in French and in the convention's zone. */
export function meetingVariables(context: MeetingContext): Record<string, unknown> {
  const { meeting, committee, zone } = context;
  const { day, when } = meetingTimeTexts(meeting.startsAt, meeting.endsAt, zone);
  return {
    committee: { name: committee.name },
    convention: { title: committee.convention.title },
    meeting: {
      title: titleBesideCommittee(meeting.title, committee.name),
      extraordinary: meeting.kind === 'extraordinary',
      day,
      when,
      location: meeting.location,
      videoUrl: meeting.videoUrl,
      cancellationReason: meeting.cancellationReason,
    },
    agenda: context.agenda.map((item, index) => ({
      number: index + 1,
      title: item.title,
      description: item.description,
      presenter: item.presenter,
      documents: item.documents.map((document) => ({ title: documentBesideItem(document.title, item.title), url: document.url })),
    })),
    documents: context.documents.map((document) => ({ title: document.title, url: document.url })),
    sender: { name: context.sender.name, withArticle: withArticle(context.sender.name), email: context.sender.email },
  };
}

/** One sentence per change, as the update states it. */
export function changeSentence(change: MeetingDifference, zone: string): string {
  switch (change.field) {
    case 'time': {
      const from = { start: new Date(change.from.start), end: new Date(change.from.end) };
      const to = { start: new Date(change.to.start), end: new Date(change.to.end) };
      if (from.start.getTime() === to.start.getTime()) {
        return `La réunion se terminera à ${frenchHour(to.end, zone)} au lieu de ${frenchHour(from.end, zone)}.`;
      }
      return `La réunion est déplacée du ${frenchMoment(from.start, zone)} au ${frenchSpan(to.start, to.end, zone)}.`;
    }
    case 'location':
      if (!change.to) return `La réunion n’a plus lieu à l’adresse ${quoted(change.from ?? '')}.`;
      return change.from ? `Le lieu change\u00A0: ${quoted(change.from)} devient ${quoted(change.to)}.` : `La réunion aura lieu\u00A0: ${change.to}.`;
    case 'videoUrl':
      if (!change.to) return 'Le lien de visioconférence est retiré.';
      return change.from ? `Le lien de visioconférence change\u00A0: ${change.to}` : `La réunion est accessible en visioconférence\u00A0: ${change.to}`;
    case 'title':
      return change.to ? `L’intitulé de la séance devient ${quoted(change.to)}.` : 'La séance n’a plus d’intitulé particulier.';
    case 'kind':
      return change.to === 'extraordinary' ? 'La séance devient une séance extraordinaire.' : 'La séance devient une séance ordinaire.';
    case 'agenda':
      return 'L’ordre du jour a été modifié\u00A0: il figure ci-dessous.';
  }
}

/** French quotation marks, with the non-breaking spaces they take. */
function quoted(text: string): string {
  return `«\u00A0${text}\u00A0»`;
}

function withheldFacts(payload: WithheldPayload): Record<string, unknown> {
  if (payload.reason === 'notice') {
    const kind = frenchNoticeDays(payload.dayKind);
    return {
      notice: true,
      sentence:
        `le préavis de ${payload.noticeDays} ${kind} n’était plus respecté au moment de l’envoi` +
        (payload.latestSendingDate ? `\u00A0: la convocation devait partir au plus tard le ${frenchLocalDate(payload.latestSendingDate)}.` : '.'),
    };
  }
  const missing = (payload.missing ?? []).map((item) => `${item.description} (${item.fromCommittee})`).join(', ');
  return { notice: false, sentence: `les documents préalables n’étaient pas arrivés au moment de l’envoi\u00A0: ${missing}.` };
}

function failureFacts(payload: DeliveryFailurePayload): Record<string, unknown> {
  const what: Partial<Record<MessageKind, string>> = {
    convocation: 'convocation',
    update: 'modification de la séance',
    cancellation: 'annulation de la séance',
    reminder: 'rappel',
  };
  return {
    what: what[payload.failedKind] ?? 'message',
    recipientName: payload.recipientName,
    recipientEmail: payload.recipientEmail,
    response: payload.response,
    attempts: payload.attempts,
    permanent: payload.permanent,
  };
}

function riskFacts(payload: CommitteeAtRiskPayload): Record<string, unknown> {
  return {
    committeeName: payload.committeeName,
    conventionTitle: payload.conventionTitle,
    periodLabel: payload.periodLabel,
    periodStart: frenchLocalDate(payload.periodStart),
    periodEnd: frenchLocalDate(payload.periodEnd),
    lastDayToConvene: payload.lastDayToConvene ? frenchLocalDate(payload.lastDayToConvene) : null,
    frequencyText: payload.frequencyText,
    required: payload.required,
    heldWithQuorum: payload.heldWithQuorum,
    scheduled: payload.scheduled,
  };
}

/** « Karim Saïdi », « Karim Saïdi et Hélène Petit », « A, B et C ». */
function frenchList(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} et ${names[names.length - 1]}`;
}

function requestFacts(payload: RequestDeadlinePayload): Record<string, unknown> {
  return {
    committeeName: payload.committeeName,
    conventionTitle: payload.conventionTitle,
    overdue: payload.overdue,
    requestedOn: frenchLocalDate(payload.requestedOn),
    conveneBy: frenchLocalDate(payload.conveneBy),
    requesters: payload.requesters.length > 0 ? frenchList(payload.requesters) : null,
    several: payload.requesters.length > 1,
    reason: payload.reason,
    text: payload.text,
  };
}

function minutesFacts(payload: MinutesReminderPayload): Record<string, unknown> {
  const stage = payload.stage;
  return {
    committeeName: payload.committeeName,
    conventionTitle: payload.conventionTitle,
    heldOn: frenchLocalDate(payload.heldOn),
    dueOn: frenchLocalDate(payload.dueOn),
    submitBy: payload.submitBy ? frenchLocalDate(payload.submitBy) : null,
    writeSoon: stage === 'write_soon',
    writeLate: stage === 'write_late',
    submitSoon: stage === 'submit_soon',
    submitLate: stage === 'submit_late',
    approvalDue: stage === 'approval_due',
    late: stage === 'write_late' || stage === 'submit_late',
    objection: payload.objection,
    text: payload.text,
  };
}

function termFacts(payload: TermExpiringPayload): Record<string, unknown> {
  return {
    committeeName: payload.committeeName,
    conventionTitle: payload.conventionTitle,
    personName: payload.personName,
    seatRole: payload.seatRole,
    startsOn: frenchLocalDate(payload.startsOn),
    endsOn: frenchLocalDate(payload.endsOn),
    renewFrom: frenchLocalDate(addDays(payload.endsOn, 1)),
    daysLeft: payload.daysLeft,
    mayBeRenewed: payload.mayBeRenewed,
    text: payload.text,
  };
}

