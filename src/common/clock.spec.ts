import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = join(__dirname, '..');

/** Reading the time beside the Clock: the wall clock in code, or the database's in SQL. */
const READS_NOW = /Date\.now\(\)|new Date\(\)|DateTime\.(now|local|utc)\(\)|[^.\w]now\(\)/;

/** The Clock itself, and the queue timing (see clock.ts) that stays on its servers' clocks. */
const ALLOWED = new Set(['common/clock.ts', 'queue/outbox-queue.ts']);
const QUEUE_TIMING = /^convocations\/(outbox[\w.-]*|convocation-rows)\.ts$/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('the clock', () => {
  it('is the only reader of "now" in the application code', () => {
    const offenders = sources(SRC)
      .map((path) => relative(SRC, path))
      .filter((file) => !ALLOWED.has(file) && !QUEUE_TIMING.test(file))
      .flatMap((file) =>
        readFileSync(join(SRC, file), 'utf8')
          .split('\n')
          .map((line, index) => ({ line: line.trim(), where: `src/${file}:${index + 1}` }))
          .filter(({ line }) => !line.startsWith('*') && !line.startsWith('//') && READS_NOW.test(line)),
      )
      .map(({ where, line }) => `${where}: ${line}`);
    expect(offenders).toEqual([]);
  });
});
