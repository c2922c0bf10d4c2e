import { BOOKKEEPING, statementKind } from './local-writes';

describe('statementKind', () => {
  it('reads queries, settings and savepoints as reads', () => {
    for (const sql of [
      'SELECT 1',
      '  select * from committees where id = $1',
      'SELECT id FROM meetings FOR UPDATE',
      'SHOW TIME ZONE',
      'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ',
      'SAVEPOINT typeorm_1',
      'RELEASE SAVEPOINT typeorm_1',
      'ROLLBACK TO SAVEPOINT typeorm_1',
      'LISTEN copil_writes',
      'WITH page AS (SELECT id FROM committees) SELECT * FROM page',
      '/* a note */ SELECT 1',
    ]) {
      expect([sql, statementKind(sql)]).toEqual([sql, 'read']);
    }
  });

  it('takes anything that may change data for a write, including a modifying CTE and DDL', () => {
    for (const sql of [
      'INSERT INTO people (email) VALUES ($1)',
      'update committees set name = $1',
      'DELETE FROM seats',
      'TRUNCATE data_changes',
      'WITH gone AS (DELETE FROM data_changes RETURNING convention_id) INSERT INTO data_changes_folded SELECT 1',
      'WITH moved AS (UPDATE outbox SET status = $1 RETURNING id) SELECT * FROM moved',
      'MERGE INTO t USING s ON true WHEN MATCHED THEN DO NOTHING',
      'CREATE TABLE x (id int)',
      'ALTER TABLE committees ADD COLUMN y int',
      'CALL something()',
      '',
    ]) {
      expect([sql, statementKind(sql)]).toEqual([sql, 'write']);
    }
  });

  it('tells the bounds of a transaction', () => {
    expect(statementKind('START TRANSACTION')).toBe('begin');
    expect(statementKind('BEGIN')).toBe('begin');
    expect(statementKind('COMMIT')).toBe('end');
    expect(statementKind('ROLLBACK')).toBe('end');
  });

  it('leaves out a statement marked as bookkeeping, however it writes', () => {
    expect(statementKind(`/* ${BOOKKEEPING} */ UPDATE "access_tokens" SET "last_used_at" = $1 WHERE id = $2`)).toBe('bookkeeping');
    expect(statementKind('/* another note */ UPDATE access_tokens SET revoked_at = now()')).toBe('write');
  });
});
