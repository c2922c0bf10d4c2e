import { Client } from 'pg';

/**
 * Writes this process committed through its own connections, counted as they end: a process
 * hears of its own writes at once, before NOTIFY brings the news (see WriteFeed). The count is
 * process-wide on purpose: the API and the worker of `npm start`, or a test and its application,
 * share one process and each sees the other's writes.
 */
let committed = 0;

/** How many of this process's own writes have ended so far. Only grows. */
export function localWrites(): number {
  return committed;
}

/** A statement marked so writes nothing a response shows (when a token was last used): no news. */
export const BOOKKEEPING = 'copil:bookkeeping';

export type StatementKind = 'read' | 'write' | 'begin' | 'end' | 'bookkeeping';

const LEADING_COMMENT = /^\s*\/\*(.*?)\*\/\s*/s;
const BEGINS = /^(BEGIN|START\s+TRANSACTION)\b/i;
const ENDS = /^(COMMIT|END|ROLLBACK|ABORT)\b(?!\s+TO\b)/i;
/** Statements that write no table: queries, session settings, savepoints, LISTEN. */
const READS = /^(SELECT|SHOW|VALUES|TABLE|SET|RESET|SAVEPOINT|RELEASE|ROLLBACK\s+TO|LISTEN|UNLISTEN|DECLARE|FETCH|CLOSE|DEALLOCATE|DISCARD)\b/i;
/** A WITH query writes if one of its parts is a data-modifying statement (or locks rows: counted as one, to be safe). */
const WITH = /^WITH\b/i;
const MODIFIES = /\b(INSERT|UPDATE|DELETE|MERGE|TRUNCATE)\b/i;

/**
 * What a statement does to the data others see: a write (INSERT, UPDATE, DELETE, a CTE that may
 * modify, DDL, anything unknown), the start or end of a transaction, or a mere read. Errs on the
 * side of "write": news that was not needed only costs a response computed again.
 */
export function statementKind(sql: string): StatementKind {
  let text = sql;
  const comment = LEADING_COMMENT.exec(text);
  if (comment) {
    if (comment[1].trim() === BOOKKEEPING) return 'bookkeeping';
    text = text.slice(comment[0].length);
  }
  text = text.trimStart();
  if (BEGINS.test(text)) return 'begin';
  if (ENDS.test(text)) return 'end';
  if (READS.test(text)) return 'read';
  if (WITH.test(text) && !MODIFIES.test(text)) return 'read';
  return 'write';
}

type Callback = (...results: unknown[]) => void;

/**
 * pg's client, noting writes as they end: an autocommit write when its answer comes, a
 * transaction that wrote when its COMMIT or ROLLBACK answers. TypeORM's pool is built with it
 * (dataSourceOptions), so every statement copil runs through TypeORM is seen.
 */
export class WriteNotingClient extends Client {
  private inTransaction = false;
  private wroteInTransaction = false;

  // pg's query has many overloads; this one passes them all through unchanged.
  override query(...args: unknown[]): never {
    const [first] = args;
    const sql = typeof first === 'string' ? first : typeof (first as { text?: unknown })?.text === 'string' ? (first as { text: string }).text : '';
    const kind = statementKind(sql);
    let settle: (() => void) | null = null;
    if (kind === 'begin') {
      this.inTransaction = true;
      this.wroteInTransaction = false;
    } else if (kind === 'end') {
      const wrote = this.wroteInTransaction;
      this.inTransaction = false;
      this.wroteInTransaction = false;
      if (wrote) settle = noteCommitted;
    } else if (kind === 'write') {
      if (this.inTransaction) this.wroteInTransaction = true;
      else settle = noteCommitted;
    }
    const call = super.query as (...callArgs: unknown[]) => unknown;
    if (!settle) return call.apply(this, args) as never;
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      const callback = last as Callback;
      const whenDone = settle;
      return call.apply(this, [
        ...args.slice(0, -1),
        (...results: unknown[]) => {
          whenDone();
          callback(...results);
        },
      ]) as never;
    }
    const result = call.apply(this, args);
    if (result instanceof Promise) {
      // The caller's promise is returned as it is; this one only notes the end and never rejects.
      result.then(settle, settle);
    } else {
      // A submittable (a cursor, a stream): its end is not followed, so the write is noted now and when pg calls back.
      settle();
      const emitter = result as { once?: (event: string, listener: () => void) => void } | undefined;
      emitter?.once?.('end', settle);
      emitter?.once?.('error', settle);
    }
    return result as never;
  }
}

function noteCommitted(): void {
  committed += 1;
}
