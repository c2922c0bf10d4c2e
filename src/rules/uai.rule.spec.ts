import { checkUai, expectedCheckLetter } from './uai.rule';

describe('UAI check letter', () => {
  it.each(['0382460T', '0380002W', '0341301E'])('accepts %s from the reference conventions', (uai) => {
    expect(checkUai(uai)).toEqual({ valid: true, uai });
  });

  it('refuses 0382460A and says which letter was expected', () => {
    const result = checkUai('0382460A');
    expect(result).toMatchObject({ valid: false, reason: 'check_letter', expected: 'T' });
    expect(result.valid === false && result.message).toContain('0382460T');
  });

  it('reads lower-case input and surrounding spaces', () => {
    expect(checkUai(' 0380002w ')).toEqual({ valid: true, uai: '0380002W' });
  });

  it.each(['038246T', '03824600T', 'ABCDEFGH', '0382460', ''])('refuses the malformed %p', (uai) => {
    expect(checkUai(uai)).toMatchObject({ valid: false, reason: 'format' });
  });

  it('never expects I, O or Q', () => {
    const letters = new Set(Array.from({ length: 23 * 3 }, (_, n) => expectedCheckLetter(String(n).padStart(7, '0'))));
    expect([...letters].sort().join('')).toBe('ABCDEFGHJKLMNPRSTUVWXYZ');
  });
});
