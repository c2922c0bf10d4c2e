import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TemplateRenderer, defaultTemplatesDir } from './template-renderer';

/**
 * Every email read on a phone, 320 to 400 px wide: nothing may force the width. A long bare URL as
 * link text does (it cannot wrap); links carry words, and the URL only sits in the href.
 */
const page = `https://copil.ac-grenoble.fr/answers/${'a'.repeat(64)}`;
const LONG = 'https://visio.education.fr/meeting/signin/invite/123456789/creator/4242/hash/0123456789abcdef';
const meeting = {
  committee: { name: 'Comité de pilotage départemental' },
  convention: { title: 'Convention de partenariat pour un collège numérique' },
  meeting: { title: 'Bilan', extraordinary: false, day: 'lundi 31 mars 2025', when: 'lundi 31 mars 2025, de 9 h à 11 h (heure de Paris)', location: 'Rectorat', videoUrl: LONG, cancellationReason: 'Intempéries' },
  agenda: [{ number: 1, title: 'Bilan', description: null, presenter: null, documents: [{ title: 'Bilan 2025', url: `${LONG}/bilan.pdf` }] }],
  documents: [{ title: 'Note de cadrage', url: `${LONG}/cadrage.pdf` }],
  sender: { name: 'Académie de Grenoble', withArticle: 'L’Académie de Grenoble', email: 'dsden38@ac-grenoble.fr' },
  recipient: { fullName: 'Claire Martin', guest: false },
  standsInFor: { fullName: 'Jean Dupont' },
  substitute: { fullName: 'Paul Durand' },
  links: { page, accept: `${page}?answer=accepted`, decline: `${page}?answer=declined`, substitute: `${page}?answer=substitute` },
  calendar: { attached: true },
  changes: [`Le lien de visioconférence change : ${LONG}`],
  reason: 'Intempéries',
  link: page,
  fullName: 'Claire Martin',
  ttlMinutes: 15,
  invitedBy: 'Marc Vial',
  loginUrl: 'https://copil.ac-grenoble.fr/connexion',
  withheld: { notice: true, sentence: 'le préavis n’était plus respecté' },
  alert: { daysBefore: 3, parties: [{ name: 'Commune', declined: 1, unanswered: 0 }] },
  failure: { what: 'convocation', recipientName: 'Jean Dupont', recipientEmail: 'jean.dupont@example.fr', response: '550 5.1.1 unknown', attempts: 3, permanent: true },
  risk: { committeeName: 'Comité de pilotage', conventionTitle: 'Convention', periodLabel: '2025', periodStart: 'x', periodEnd: 'y', lastDayToConvene: 'z', frequencyText: 'deux fois par an', required: 2, heldWithQuorum: 0, scheduled: 0 },
  request: { committeeName: 'Conseil', conventionTitle: 'Convention', overdue: false, requestedOn: 'lundi 3 novembre 2025', conveneBy: 'mardi 18 novembre 2025', requesters: 'Karim Saïdi', several: false, reason: 'Charte', text: 'dans les quinze jours' },
  minutes: { committeeName: 'Conseil', conventionTitle: 'Convention', heldOn: 'x', dueOn: 'y', submitBy: 'z', writeSoon: true, writeLate: false, submitSoon: false, submitLate: false, approvalDue: false, late: false, objection: null, text: null },
  term: { committeeName: 'Conseil', conventionTitle: 'Convention', personName: 'Julie Marchand', seatRole: 'IEN', startsOn: 'x', endsOn: 'y', renewFrom: 'z', daysLeft: 60, mayBeRenewed: true, text: null },
  change: { fullName: 'Léa Martin', oldEmail: 'lea.martin@parents.example.fr', newEmail: 'lea.martin@famille.example.fr', changedBy: 'Anne Bouvier', changedOn: 'mercredi 2 décembre 2026' },
};

const emails = readdirSync(join(defaultTemplatesDir(), 'email'))
  .filter((file) => file.endsWith('.subject.txt'))
  .map((file) => file.replace('.subject.txt', ''));

describe('emails on a phone', () => {
  const renderer = new TemplateRenderer();

  it.each(emails)('%s shows no bare URL as link text, and lets long words wrap', (name) => {
    const html = renderer.email(name, meeting).html ?? '';
    const linkTexts = [...html.matchAll(/<a\b[^>]*>([\s\S]*?)<\/a>/g)].map((match) => match[1].replace(/<[^>]+>/g, '').trim());
    expect(linkTexts.filter((text) => /^(https?:|www\.)/.test(text) && text.length > 40)).toEqual([]);
    expect(html).toMatch(/overflow-wrap:anywhere/);
  });
});
