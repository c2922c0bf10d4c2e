/**
 * UAI (unité administrative immatriculée): seven characters — digits, except in Corsica where the
 * département is 2A or 2B — then a check letter. The letter is the number formed by the seven
 * characters, modulo 23, used as an index into the alphabet without I, O and Q.
 */
const CHECK_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const UAI_SHAPE = /^(\d{7}|2[AB]\d{5})([A-Z])$/;

export type UaiCheck =
  | { valid: true; uai: string }
  | { valid: false; reason: 'format'; message: string }
  | { valid: false; reason: 'check_letter'; expected: string; message: string };

export function expectedCheckLetter(sevenCharacters: string): string {
  // Corsica's 2A/2B are read as 19/18, as the national directory does.
  const digits = sevenCharacters.replace(/^2A/, '19').replace(/^2B/, '18');
  return CHECK_LETTERS[Number(digits) % 23];
}

export function checkUai(input: string): UaiCheck {
  const uai = input.trim().toUpperCase();
  const match = UAI_SHAPE.exec(uai);
  if (!match) {
    return { valid: false, reason: 'format', message: 'must be 7 digits followed by a check letter, e.g. 0382460T' };
  }
  const expected = expectedCheckLetter(match[1]);
  if (match[2] !== expected) {
    return {
      valid: false,
      reason: 'check_letter',
      expected,
      message: `has check letter ${match[2]} but ${match[1]} requires ${expected} (${match[1]}${expected})`,
    };
  }
  return { valid: true, uai };
}
