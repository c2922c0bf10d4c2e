import { Overview, OverviewRow } from '../dashboard/secretariat-overview.service';
import { overviewCsv, overviewView, readOverviewQuery } from './overview.view';

function row(overrides: Partial<OverviewRow> = {}): OverviewRow {
  return {
    committeeId: '11111111-1111-4111-8111-111111111111',
    committeeName: 'Comité de pilotage local',
    kind: 'steering',
    conventionId: '22222222-2222-4222-8222-222222222222',
    conventionTitle: 'Convention « Collèges numériques »',
    conventionReference: 'grenoble-2016',
    timeZone: 'Europe/Paris',
    status: 'at_risk',
    behind: true,
    period: { label: '1er trimestre scolaire 2025-2026', lastDayToConvene: '2025-12-11' },
    currentPeriod: { label: '1er trimestre scolaire 2025-2026', status: 'at_risk', lastDayToConvene: '2025-12-11' },
    reasons: ['1er trimestre scolaire 2025-2026: at risk, 0 of 1 required held with quorum, 0 scheduled, and convocations must leave by 2025-12-11 (10 days left)'],
    ...overrides,
  };
}

function overview(page: number, pages: number, reach: Partial<Pick<Overview, 'everything' | 'reach'>> = {}): Overview {
  return {
    everything: true,
    reach: { secretariat: false, otherRoles: false },
    counts: { met: 0, on_track: 0, at_risk: 1, missed: 0, not_due: 0 },
    total: pages * 50,
    page,
    pageSize: 50,
    pages,
    rows: [row()],
    choices: { conventions: [], communes: [], circonscriptions: [] },
    ...reach,
  };
}

describe('the overview page’s words', () => {
  it('reads the filter form, and names each value it cannot offer', () => {
    const read = readOverviewQuery({ type: 'technical', situation: ['at_risk', 'missed'], commune: ' Crêts en Belledonne ', page: '3' });
    expect(read.errors).toEqual([]);
    expect(read.filters).toEqual({ kind: 'technical', status: ['at_risk', 'missed'], commune: 'Crêts en Belledonne' });
    expect(read.values.page).toBe(3);
    const bad = readOverviewQuery({ convention: 'grenoble', type: 'plenier', situation: 'late' });
    expect(bad.errors.map((error) => error.field)).toEqual(['convention', 'type', 'situation-missed']);
  });

  it('pages with the same filters, and offers the first and last pages from the middle', () => {
    const { values } = readOverviewQuery({ situation: 'at_risk', page: '5' });
    const view = overviewView(overview(5, 9), values, []);
    expect(view.paging).toEqual({
      text: 'Page 5 sur 9',
      previous: '/suivi?situation=at_risk&page=4',
      next: '/suivi?situation=at_risk&page=6',
      first: '/suivi?situation=at_risk',
      last: '/suivi?situation=at_risk&page=9',
    });
    expect(overviewView(overview(1, 1), values, []).paging).toBeNull();
    expect(view.links.export).toBe('/suivi/export.csv?situation=at_risk');
  });

  it('exports for a French spreadsheet: BOM, semicolons, CRLF, dates dd/mm/yyyy, reasons in French, no formula', () => {
    const csv = overviewCsv([row(), row({ committeeName: '=HYPERLINK("x")', status: 'met', currentPeriod: { label: 'T1', status: 'met', lastDayToConvene: '2025-12-11' } })]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('\uFEFFConvention;Référence de la convention;Comité;Type de comité;Situation;Période qui la décide;Période en cours;Situation de la période en cours;Dernier jour pour convoquer;Motifs');
    expect(lines[1]).toBe(
      'Convention « Collèges numériques »;grenoble-2016;Comité de pilotage local;Comité de pilotage;À risque;1er trimestre scolaire 2025-2026;1er trimestre scolaire 2025-2026;À risque;11/12/2025;' +
        '1er trimestre scolaire 2025-2026\u00A0: à risque, séances tenues avec quorum\u00A0: 0 sur 1, 0\u00A0séance prévue, et les convocations doivent partir au plus tard le 11/12/2025 (10\u00A0jours restants)',
    );
    // A period already met needs no convocation: no last day; a cell read as a formula is defused.
    expect(lines[2]).toContain(';"\'=HYPERLINK(""x"")";');
    expect(lines[2]).toContain(';Obligation remplie;;');
    expect(lines[3]).toBe('');
  });
  it('says whose committees it lists, without telling a director she holds a secretariat', () => {
    const scope = (everything: boolean, secretariat: boolean, otherRoles: boolean) =>
      overviewView(overview(1, 1, { everything, reach: { secretariat, otherRoles } }), readOverviewQuery({}).values, []).scope;
    expect(scope(true, false, false)).toBe('Tous les comités de toutes les conventions.');
    expect(scope(false, false, true)).toBe('Les comités où vous avez un rôle.');
    expect(scope(false, true, false)).toBe('Les comités des conventions dont vous assurez le secrétariat.');
    expect(scope(false, true, true)).toBe('Les comités des conventions dont vous assurez le secrétariat, et ceux où vous avez un autre rôle.');
  });
});
