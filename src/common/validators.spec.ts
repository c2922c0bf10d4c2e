import { isLocalDate, textProblem } from './validators';

describe('registry field validators', () => {
  it('takes only existing dates written YYYY-MM-DD', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2023-02-29')).toBe(false);
    expect(isLocalDate('2024-9-1')).toBe(false);
    expect(isLocalDate('2024-09-01T00:00:00Z')).toBe(false);
    expect(isLocalDate('0000-01-01')).toBe(false);
    expect(isLocalDate(20240901)).toBe(false);
  });

  it('gives one reason per text field, the first that applies', () => {
    expect(textProblem(5, { max: 10 })).toEqual({ code: 'not_a_string', message: 'must be a string' });
    expect(textProblem('a\u0000', { max: 10 })).toEqual({ code: 'forbidden_character', message: 'must not contain the NUL character' });
    expect(textProblem('   ', { max: 10 })).toEqual({ code: 'required', message: 'should not be empty' });
    expect(textProblem('x'.repeat(11), { max: 10 })).toEqual({ code: 'too_long', message: 'must be at most 10 characters long' });
    expect(textProblem('Crêts', { max: 10 })).toBeNull();
  });
});
