import { RegisterLine, registerCsv } from './register-csv';

describe('the proof-of-sending register as CSV', () => {
  const line: RegisterLine = {
    fullName: 'Émilie Dupont',
    email: 'emilie.dupont@example.fr',
    role: 'member',
    kind: 'convocation',
    withdrawal: false,
    sequence: 0,
    state: 'sent',
    acceptedAt: new Date('2025-03-10T08:15:02Z'),
    messageId: '<3b1d@copil.example.fr>',
    serverResponse: '250 2.0.0 Ok: queued as 4F2C81A3',
    attempts: 1,
    noticeRespected: true,
  };

  it('opens with a BOM and French headers naming the zone, and ends lines with CRLF', () => {
    const csv = registerCsv([line], 'Europe/Paris');
    expect(csv.startsWith('\uFEFFDestinataire;Adresse;Qualité;Message;Séquence;État;Accepté par le serveur (heure de Paris, Europe/Paris);')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(3);
  });

  it('writes acceptance in the convention’s zone and in UTC', () => {
    const [, row] = registerCsv([line], 'Indian/Reunion').split('\r\n');
    expect(row).toBe(
      'Émilie Dupont;emilie.dupont@example.fr;membre;convocation;0;accepté par le serveur;2025-03-10 12:15:02;2025-03-10 08:15:02;<3b1d@copil.example.fr>;250 2.0.0 Ok: queued as 4F2C81A3;1;oui',
    );
  });

  it('says a message written to the outbox folder (no SMTP server) in French, without the server’s path', () => {
    const [, row] = registerCsv([{ ...line, serverResponse: 'written to /srv/copil/var/outbox/2025-03-10T08-15-02-000Z-1a2b3c4d.eml' }], 'Europe/Paris').split('\r\n');
    expect(row.split(';')[9]).toBe('enregistré dans le dossier de développement (aucun envoi réel)');
    expect(row).not.toContain('/srv/copil');
  });

  it('quotes separators and quotes, and defuses cells a spreadsheet would run as formulas', () => {
    const [, row] = registerCsv([{ ...line, fullName: '=HYPERLINK("http://evil")', serverResponse: '451 busy; try later' }], 'Europe/Paris').split('\r\n');
    expect(row.startsWith(`"'=HYPERLINK(""http://evil"")";`)).toBe(true);
    expect(row).toContain(';"451 busy; try later";');
  });
});
