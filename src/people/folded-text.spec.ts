import { containsPattern, foldText, foldedColumn } from './folded-text';

describe('folded text search', () => {
  it('folds case and accents the way French names need', () => {
    expect(foldText('Crêts en Belledonne')).toBe('crets en belledonne');
    expect(foldText('RÉMIRE-MONTJOLY')).toBe('remire-montjoly');
    expect(foldText('Œuvre Ÿ')).toBe('œuvre y');
  });

  it('escapes LIKE wildcards typed in a query', () => {
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });

  it('folds columns in SQL with as many replacement letters as accented ones', () => {
    const [, from, to] = /translate\(name, '([^']*)', '([^']*)'\)/u.exec(foldedColumn('name')) ?? [];
    expect([...to]).toHaveLength([...from].length);
    expect(to).not.toMatch(/[A-ZÀ-Þ]/u);
  });
});
