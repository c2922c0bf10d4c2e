import { DomainError } from '../common/domain-error';
import { formErrors } from './french-messages';
import { emptyMeetingForm, meetingFieldOf, withDateWords } from './meeting-form';

describe('the meeting form: where a refusal of the times is said', () => {
  const values = (date: string) => ({ ...emptyMeetingForm({}), date });
  const bothTimesRefused = DomainError.invalid([
    { path: 'start', code: 'not_a_meeting_time', message: 'must be an existing local date and time' },
    { path: 'end', code: 'not_a_meeting_time', message: 'must be an existing local date and time' },
  ]);
  const errorsFor = (date: string) => formErrors(bothTimesRefused, (path) => meetingFieldOf(path, values(date)), 'date').map((entry) => withDateWords(entry, date));

  it('says a day that does not exist once, beside the date, not beside each hour', () => {
    expect(errorsFor('2027-02-30')).toEqual([{ field: 'date', message: 'Cette date n’existe pas\u00A0: vérifiez le jour et le mois.' }]);
  });

  it('says a time refused on a real day beside its hour', () => {
    expect(errorsFor('2027-02-26').map((entry) => entry.field)).toEqual(['debut', 'fin']);
  });
});
