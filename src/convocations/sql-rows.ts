/**
 * The rows of a raw query through TypeORM: an UPDATE or DELETE … RETURNING comes back from the
 * PostgreSQL driver as [rows, affected count], anything else as the rows.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
