import { ConveningRequestRule, requestAdmissible, requestStatus } from './convening-request.rule';
import { holidaysOf } from './working-days.rule';

const metropole = holidaysOf({ country: 'FR' });
// « … à la demande du tiers au moins de ses membres ou du DASEN ; il est alors convoqué dans les quinze jours qui suivent la demande. »
const thirdOrDasen: ConveningRequestRule = { share: 0.3333, seats: ['dasen'], conveneWithinDays: 15, dayKind: 'calendar', warningDays: 5, text: null };

describe('convening on request', () => {
  it('takes a request from a third of the members in office, rounded up', () => {
    expect(requestAdmissible(thirdOrDasen, { requesterSeats: ['elus', 'parents', 'parents'], membersInOffice: 7 })).toMatchObject({ admissible: true, required: 3 });
    const two = requestAdmissible(thirdOrDasen, { requesterSeats: ['elus', 'parents'], membersInOffice: 7 });
    expect(two).toMatchObject({ admissible: false, required: 3 });
    expect(two.reasons[0]).toBe('2 member(s) asked; 3 of the 7 in office are needed (0.3333 of them): not enough.');
  });

  it('takes a request from the DASEN alone, and none from people holding no seat', () => {
    expect(requestAdmissible(thirdOrDasen, { requesterSeats: ['dasen'], membersInOffice: 7 }).admissible).toBe(true);
    expect(requestAdmissible(thirdOrDasen, { requesterSeats: [null, null, null], membersInOffice: 7 }).admissible).toBe(false);
    expect(requestAdmissible({ ...thirdOrDasen, share: null }, { requesterSeats: ['elus', 'elus', 'elus'], membersInOffice: 7 }).reasons[0]).toBe(
      'Only the holder of dasen may ask for a sitting.',
    );
  });

  it('gives the convener fifteen days and warns five days before the last one', () => {
    const request = { requestedOn: '2025-11-03', convenedOn: null };
    expect(requestStatus(thirdOrDasen, request, '2025-11-10', metropole)).toMatchObject({ status: 'to_convene', conveneBy: '2025-11-18', warnFrom: '2025-11-13', warning: false });
    expect(requestStatus(thirdOrDasen, request, '2025-11-13', metropole)).toMatchObject({ status: 'due_soon', warning: true });
    expect(requestStatus(thirdOrDasen, request, '2025-11-19', metropole)).toMatchObject({ status: 'overdue', warning: true });
  });

  it('is answered by a convocation sent in time, or late', () => {
    expect(requestStatus(thirdOrDasen, { requestedOn: '2025-11-03', convenedOn: '2025-11-12' }, '2025-11-20', metropole).status).toBe('convened');
    expect(requestStatus(thirdOrDasen, { requestedOn: '2025-11-03', convenedOn: '2025-11-20' }, '2025-11-20', metropole).status).toBe('convened_late');
  });

  it('counts « dans les dix jours ouvrés » without 11 November', () => {
    const working = { ...thirdOrDasen, conveneWithinDays: 10, dayKind: 'working' as const };
    // Monday 3 November 2025: Tue 4 … Mon 10, Wed 12 … Tue 18 are the ten days (11 November is off).
    expect(requestStatus(working, { requestedOn: '2025-11-03', convenedOn: null }, '2025-11-04', metropole).conveneBy).toBe('2025-11-18');
  });
});
