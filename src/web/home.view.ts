import { Dashboard, Need } from '../dashboard/dashboard.service';
import { dayText, momentText, spanText, standingView, titleText } from './french-text';

/** The home page's words: what the dashboard says, in French. */
export function homeView(dashboard: Dashboard) {
  return {
    committees: dashboard.committees.map((committee) => ({
      id: committee.id,
      name: committee.name,
      conventionTitle: titleText(committee.conventionTitle),
      role: committee.convenes ? (committee.sits ? 'Vous le convoquez et y siégez' : 'Vous le convoquez') : 'Vous y siégez',
      convenes: committee.convenes,
      standing: standingView(committee.standing),
      period: committee.currentPeriod
        ? {
            label: committee.currentPeriod.label,
            standing: standingView(committee.currentPeriod.status),
            lastDayToConvene: dayText(committee.currentPeriod.lastDayToConvene),
          }
        : null,
      nextMeeting: committee.nextMeeting
        ? {
            id: committee.nextMeeting.id,
            when: spanText(committee.nextMeeting.startsAt, committee.nextMeeting.endsAt, committee.timeZone),
            convened: committee.nextMeeting.convened,
          }
        : null,
    })),
    needs: dashboard.needs.map(needView),
  };
}

function needView(need: Need): { text: string; link: string; action: string } {
  switch (need.kind) {
    case 'convene_by':
      return {
        text: `${need.committeeName}\u00A0: aucune réunion n’est prévue pour le ${need.periodLabel}.` +
          (need.date ? ` Dernier jour pour convoquer\u00A0: ${dayText(need.date)}.` : ''),
        link: `/comites/${need.committeeId}/reunions/nouvelle`,
        action: 'Programmer une réunion',
      };
    case 'meeting_not_convened':
      return {
        text: `${need.committeeName}, réunion du ${momentText(need.startsAt, need.timeZone)}\u00A0: les membres ne sont pas encore convoqués. Dernier jour pour le faire\u00A0: ${dayText(need.latestSendingDate)}.`,
        link: `/reunions/${need.meetingId}`,
        action: 'Convoquer',
      };
    case 'answers_missing':
      return {
        text: `${need.committeeName}, réunion du ${momentText(need.startsAt, need.timeZone)}\u00A0: ${need.unanswered === 1 ? 'une personne n’a' : `${need.unanswered} personnes n’ont`} pas encore répondu.`,
        link: `/reunions/${need.meetingId}`,
        action: 'Voir les réponses',
      };
    case 'quorum_at_risk':
      return {
        text: `${need.committeeName}, réunion du ${momentText(need.startsAt, need.timeZone)}\u00A0: le quorum ne peut plus être atteint avec les réponses reçues.`,
        link: `/reunions/${need.meetingId}`,
        action: 'Voir les réponses',
      };
    case 'minutes_missing':
      return {
        text: `${need.committeeName}, réunion du ${momentText(need.startsAt, need.timeZone)}\u00A0: le compte rendu n’est pas encore joint.`,
        link: `/reunions/${need.meetingId}`,
        action: 'Joindre le compte rendu',
      };
    case 'committees_behind': {
      const parts = [
        need.missed > 0 ? (need.missed === 1 ? 'un comité a manqué une période' : `${need.missed} comités ont manqué une période`) : null,
        need.atRisk > 0 ? (need.atRisk === 1 ? 'un comité est à risque' : `${need.atRisk} comités sont à risque`) : null,
      ].filter((part): part is string => part !== null);
      return {
        text: `Dans les conventions que vous suivez, ${parts.join(' et ')}.`,
        link: '/suivi?situation=missed&situation=at_risk',
        action: 'Voir lesquels',
      };
    }
    case 'answer_invitation':
      return {
        text: `${need.committeeName} vous convoque le ${momentText(need.startsAt, need.timeZone)}\u00A0: votre réponse est attendue.`,
        link: `/answers/${need.answerToken}`,
        action: 'Répondre',
      };
  }
}
