import { plainToInstance, Transform } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';
import { jsonNestedDeeperThan, yamlNestedDeeperThan } from './request-body';
import { IsMultiLine, normalizedLineBreaks } from './validators';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('nesting bounds read before any parser', () => {
  it('counts JSON nesting by brackets and braces, not inside strings nor past an escaped quote', () => {
    expect(jsonNestedDeeperThan(bytes('{"a":[{"b":[1]}]}'), 4)).toBe(false);
    expect(jsonNestedDeeperThan(bytes('{"a":[{"b":[1]}]}'), 3)).toBe(true);
    expect(jsonNestedDeeperThan(bytes('{"a":"[[[[\\"[[[["}'), 1)).toBe(false);
  });

  it('counts YAML nesting by indentation, compact sequences and flow brackets, skipping comments and quotes', () => {
    expect(yamlNestedDeeperThan('a:\n  b:\n    c: 1\nd: 2', 3)).toBe(false);
    expect(yamlNestedDeeperThan('a:\n  b:\n    c: 1', 2)).toBe(true);
    expect(yamlNestedDeeperThan('- - - x', 2)).toBe(true);
    expect(yamlNestedDeeperThan('a: [[1]]', 2)).toBe(true);
    expect(yamlNestedDeeperThan("a: '[[[[' # [[[[", 1)).toBe(false);
  });
});

class Notes {
  @Transform(normalizedLineBreaks)
  @IsString()
  @IsMultiLine()
  text: string;
}

describe('multi-line texts', () => {
  it('normalizes CRLF and lone CR to LF, and refuses the other control characters', () => {
    const notes = plainToInstance(Notes, { text: 'un\r\ndeux\rtrois\n' });
    expect(notes.text).toBe('un\ndeux\ntrois\n');
    expect(validateSync(notes)).toEqual([]);
    expect(validateSync(plainToInstance(Notes, { text: 'un\u0085deux' }))).toHaveLength(1);
  });
});
