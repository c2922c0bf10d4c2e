/**
 * Names of institutions as a French sentence needs them. A party is recorded by its name
 * (« Académie de Grenoble », « Commune de Crêts en Belledonne »); as the subject of a sentence it
 * takes its article: « L’Académie de Grenoble vous convoque ». A name that starts with no known
 * common noun (a person's name, an unusual name) is written as recorded.
 */

const FEMININE = [
  'académie', 'agglomération', 'association', 'circonscription', 'collectivité', 'commune', 'communauté', 'délégation',
  'direction', 'dsden', 'école', 'inspection', 'mairie', 'métropole', 'préfecture', 'région', 'ville',
];
const MASCULINE = [
  'centre', 'collège', 'conseil', 'département', 'établissement', 'groupement', 'lycée', 'ministère', 'pôle', 'rectorat',
  'réseau', 'service', 'syndicat',
];

const ELIDED = /^[aeiouyàâéèêëîïôûüœh]/i;

/** « L’Académie de Grenoble », « La Commune de … », « Le Syndicat mixte … »; a person's name as it is. */
export function withArticle(name: string): string {
  const trimmed = name.trim();
  const first = trimmed.split(/[\s’'-]/)[0].toLowerCase();
  const article = FEMININE.includes(first) ? 'La' : MASCULINE.includes(first) ? 'Le' : null;
  if (!article) return trimmed;
  const capitalized = trimmed.charAt(0).toLocaleUpperCase('fr') + trimmed.slice(1);
  return ELIDED.test(first) ? `L’${capitalized}` : `${article} ${capitalized}`;
}

/**
 * A meeting's title as shown beside its committee's name: without the committee's name repeated
 * (« Comité de pilotage – séance de mars » beside « Comité de pilotage » reads « séance de mars »),
 * and null when nothing else is left.
 */
export function titleBesideCommittee(title: string | null, committeeName: string): string | null {
  if (!title) return null;
  const name = committeeName.trim();
  if (!title.toLocaleLowerCase('fr').startsWith(name.toLocaleLowerCase('fr'))) return title;
  const rest = title.slice(name.length).replace(/^[\s:–—,.-]+/, '').trim();
  return rest === '' ? null : rest;
}

/**
 * An agenda item's document as listed under the item: by its own title, or « Document » when that
 * title is blank or only repeats the item's (the meeting form gives an item's document the item's
 * title), since « Bilan de l’année — Bilan de l’année » tells the reader nothing.
 */
export function documentBesideItem(documentTitle: string | null | undefined, itemTitle: string): string {
  const plain = (text: string) => text.replace(/[’']/g, '’').replace(/\s+/g, ' ').trim().toLocaleLowerCase('fr');
  const title = (documentTitle ?? '').trim();
  return title === '' || plain(title) === plain(itemTitle) ? 'Document' : title;
}
