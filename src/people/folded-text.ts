/**
 * Case- and accent-insensitive search without the unaccent extension: the same folding is applied
 * to the query (in JavaScript) and to the column (in SQL, by translate + lower), so "cretes" finds
 * "Crêts en Belledonne" and "REMIRE" finds "Rémire-Montjoly".
 */
export function foldText(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const ACCENTED = 'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝŸýÿŒÆ';
// Derived rather than typed, so the SQL side can never fold differently from foldText.
const FOLDED = [...ACCENTED].map((character) => foldText(character)).join('');
if ([...FOLDED].length !== [...ACCENTED].length) throw new Error('folded-text: every accented letter must fold to one letter');

/** SQL expression folding `column` (a trusted column reference, never user input). */
export function foldedColumn(column: string): string {
  return `lower(translate(${column}, '${ACCENTED}', '${FOLDED}'))`;
}

/** LIKE pattern matching values that contain `query`, folded, with LIKE's wildcards escaped. */
export function containsPattern(query: string): string {
  return `%${foldText(query).replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
