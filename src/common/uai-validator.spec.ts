import { plainToInstance, Transform } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsUai, normalizeUai, uaiProblem } from './validators';

class WithUai {
  @Transform(normalizeUai)
  @IsUai()
  uai: unknown;
}

const messagesFor = (uai: unknown) =>
  validateSync(plainToInstance(WithUai, { uai })).flatMap((error) => Object.values(error.constraints ?? {}));

describe('@IsUai', () => {
  it('accepts the UAIs of the reference conventions, in any case', () => {
    expect(messagesFor('0382460T')).toEqual([]);
    expect(messagesFor('0380002w')).toEqual([]);
    expect(messagesFor(' 0341301E ')).toEqual([]);
  });

  it('names the check letter a mistyped UAI needs', () => {
    expect(messagesFor('0382460A')).toEqual(['uai [not_a_uai] has check letter A but 0382460 requires T (0382460T)']);
  });

  it('refuses what is not shaped like a UAI, or not a string', () => {
    expect(messagesFor('038246')).toEqual(['uai [not_a_uai] must be 7 digits followed by a check letter, e.g. 0382460T']);
    expect(messagesFor(382460)).toEqual(['uai [not_a_uai] must be a string of 7 digits followed by a check letter, e.g. 0382460T']);
    expect(uaiProblem(null)).not.toBeNull();
  });
});
