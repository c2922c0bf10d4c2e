import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSTRAINT_CODES, ERROR_CODES, FIELD_CODES } from './error-codes';

/** Every non-test TypeScript file under src/, as text. */
function sources(dir = join(__dirname, '..')): Array<{ file: string; text: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [{ file: path, text: readFileSync(path, 'utf8') }] : [];
  });
}

function found(pattern: RegExp): Array<{ file: string; code: string }> {
  return sources().flatMap(({ file, text }) => [...text.matchAll(pattern)].map((match) => ({ file, code: match[1] })));
}

describe('error codes', () => {
  it('lists every code a domain error is thrown with', () => {
    const thrown = [
      ...found(/new DomainError\(\s*'[a-z_]+',\s*'([a-z_]+)'/g),
      ...found(/(?:DomainError\.conflict|linkError)\(\s*'([a-z_]+)'/g),
      ...found(/DomainError\.notFound\(\s*'([a-z_]+)'/g).map(({ file, code }) => ({ file, code: `${code}_not_found` })),
      ...found(/statusCode: \d+, code: '([a-z_]+)'/g),
    ];
    expect(thrown.length).toBeGreaterThan(60);
    expect(thrown.filter(({ code }) => !(code in ERROR_CODES))).toEqual([]);
  });

  it('lists every field code a field error or a field rule carries', () => {
    const given = [...found(/\bcode: '([a-z_]+)', message:/g), ...found(/fieldRule\(\s*'[A-Za-z]+',\s*'([a-z_]+)'/g)];
    expect(given.length).toBeGreaterThan(40);
    expect(given.filter(({ code }) => !(code in FIELD_CODES) && !(code in ERROR_CODES))).toEqual([]);
    expect(Object.values(CONSTRAINT_CODES).filter((code) => !(code in FIELD_CODES))).toEqual([]);
  });

  it('describes each code in one line of English', () => {
    for (const description of [...Object.values(ERROR_CODES), ...Object.values(FIELD_CODES)]) {
      expect(description).toMatch(/^[A-Z][^\n]+$/);
    }
  });
});
