import { datasetDay, readDataset } from './school-holiday-dataset';
import { shippedSchoolHolidays } from './school-holidays.store';

/** Lines as the dataset's CSV export writes them: one per académie, instants in UTC. */
const CSV = [
  'Description;Population;Date de début;Date de fin;Zones;annee_scolaire;location',
  'Vacances de la Toussaint;-;2026-10-16T22:00:00+00:00;2026-11-01T23:00:00+00:00;Zone A;2026-2027;Grenoble',
  'Vacances de la Toussaint;-;2026-10-16T22:00:00+00:00;2026-11-01T23:00:00+00:00;Zone A;2026-2027;Lyon',
  'Vacances de Noël;Élèves;2026-12-18T23:00:00+00:00;2027-01-03T23:00:00+00:00;Zone A;2026-2027;Grenoble',
  'Vacances de la Toussaint;Enseignants;2026-10-16T22:00:00+00:00;2026-11-01T23:00:00+00:00;Zone A;2026-2027;Grenoble',
  'Vacances de Noël;-;2026-12-18T20:00:00+00:00;2027-01-03T20:00:00+00:00;Réunion;2026-2027;La Réunion',
  'Vacances de Noël;-;2026-12-18T13:00:00+00:00;2027-01-03T13:00:00+00:00;Nouvelle Calédonie;2026-2027;Nouvelle Calédonie',
].join('\n');

describe('the dataset « Calendrier scolaire »', () => {
  it('reads its CSV export: one holiday per zone, instants as the local days they name', () => {
    const reading = readDataset(CSV);
    expect(reading.errors).toEqual([]);
    expect(reading.spans).toEqual([
      { zone: 'A', schoolYear: '2026-2027', description: 'Vacances de la Toussaint', firstDay: '2026-10-17', lastDay: '2026-11-01' },
      { zone: 'A', schoolYear: '2026-2027', description: 'Vacances de Noël', firstDay: '2026-12-19', lastDay: '2027-01-03' },
      { zone: 'Réunion', schoolYear: '2026-2027', description: 'Vacances de Noël', firstDay: '2026-12-19', lastDay: '2027-01-03' },
    ]);
    // Teachers only, and a territory whose calendar copil does not serve.
    expect(reading.skipped).toBe(2);
  });

  it('reads its JSON export, records or {results}', () => {
    const record = { description: 'Vacances d’Hiver', population: '-', start_date: '2027-02-12T23:00:00+00:00', end_date: '2027-02-28T23:00:00+00:00', zones: 'Zone B', annee_scolaire: '2026-2027', location: 'Amiens' };
    expect(readDataset(JSON.stringify([record])).spans).toEqual([
      { zone: 'B', schoolYear: '2026-2027', description: 'Vacances d’Hiver', firstDay: '2027-02-13', lastDay: '2027-02-28' },
    ]);
    expect(readDataset(JSON.stringify({ results: [record] })).spans).toHaveLength(1);
  });

  it('names the faulty line and column, and what is missing', () => {
    const bad = CSV.replace('2026-11-01T23:00:00+00:00;Zone A;2026-2027;Lyon', 'demain;Zone A;2026-2027;Lyon');
    expect(readDataset(bad).errors).toEqual([{ path: '[1].Date de fin', code: 'not_a_date', message: '"demain" is not a date' }]);
    expect(readDataset('Description;Zones\nNoël;Zone A').errors[0]).toEqual({
      path: 'file',
      code: 'required',
      message: 'lacks the columns Population, Date de début, Date de fin, annee_scolaire, location of the dataset « Calendrier scolaire »',
    });
  });

  it('reads the overseas rows of an export as the ministry writes them (export of March 2024)', () => {
    const rows = [
      'Description;Population;Date de début;Date de fin;Académies;Zones;annee_scolaire',
      // Classes end after class on Friday 19 December: the holidays begin on Saturday 20.
      "Vacances d'Été austral;-;2025-12-19T00:00:00+01:00;2026-01-21T00:00:00+01:00;Réunion;Réunion;2025-2026",
      // A single day off, and a day off for Saint-Martin alone.
      'Mi-carême;Guadeloupe & Saint-Martin;2026-03-12T00:00:00+01:00;2026-03-12T00:00:00+01:00;Guadeloupe;Guadeloupe;2025-2026',
      'Abolition de l’esclavage;Saint-Martin;2026-05-28T00:00:00+02:00;2026-05-28T00:00:00+02:00;Guadeloupe;Guadeloupe;2025-2026',
      // The first day of a summer whose end is not fixed yet.
      "Début des Vacances d'Été;-;2026-07-04T00:00:00+02:00;2026-07-04T00:00:00+02:00;Martinique;Martinique;2025-2026",
      // A Saturday stays the first day off, as in zones A, B and C.
      'Vacances de Pâques;-;2026-03-28T00:00:00+01:00;2026-04-13T00:00:00+02:00;Martinique;Martinique;2025-2026',
    ].join('\n');
    const reading = readDataset(rows);
    expect(reading.errors).toEqual([]);
    expect(reading.spans).toEqual([
      { zone: 'Guadeloupe', schoolYear: '2025-2026', description: 'Mi-carême', firstDay: '2026-03-12', lastDay: '2026-03-12' },
      { zone: 'Martinique', schoolYear: '2025-2026', description: 'Vacances de Pâques', firstDay: '2026-03-28', lastDay: '2026-04-12' },
      { zone: 'Réunion', schoolYear: '2025-2026', description: "Vacances d'Été austral", firstDay: '2025-12-20', lastDay: '2026-01-20' },
    ]);
    expect(reading.skipped).toBe(2);
  });

  it('reads a plain day as written and an instant after noon as the next day', () => {
    expect(datasetDay('2025-07-05')).toBe('2025-07-05');
    expect(datasetDay('2025-07-04T22:00:00+00:00')).toBe('2025-07-05');
    expect(datasetDay('2025-07-05T00:00:00+02:00')).toBe('2025-07-05');
    expect(datasetDay('bientôt')).toBeNull();
  });

  it('ships whole school years: every zone A, B and C with its five holidays and the summer', () => {
    const shipped = shippedSchoolHolidays();
    for (const schoolYear of ['2024-2025', '2025-2026', '2026-2027']) {
      for (const zone of ['A', 'B', 'C']) {
        const ofYear = shipped.filter((span) => span.zone === zone && span.schoolYear === schoolYear);
        expect([zone, schoolYear, ofYear.map((span) => span.description)]).toEqual([
          zone,
          schoolYear,
          ['Vacances de la Toussaint', 'Vacances de Noël', "Vacances d'Hiver", 'Vacances de Printemps', "Pont de l'Ascension", "Vacances d'Été"],
        ]);
      }
    }
  });
});
