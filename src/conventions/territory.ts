/**
 * Where a convention sits in the Éducation nationale's map: its académie (by its usual name) and
 * its département (by its INSEE code). Grants may be scoped to either (docs/access-control.md).
 */
export const ACADEMIES = [
  'Aix-Marseille', 'Amiens', 'Besançon', 'Bordeaux', 'Clermont-Ferrand', 'Corse', 'Créteil', 'Dijon', 'Grenoble',
  'Guadeloupe', 'Guyane', 'La Réunion', 'Lille', 'Limoges', 'Lyon', 'Martinique', 'Mayotte', 'Montpellier', 'Nancy-Metz',
  'Nantes', 'Nice', 'Normandie', 'Orléans-Tours', 'Paris', 'Poitiers', 'Reims', 'Rennes', 'Strasbourg', 'Toulouse', 'Versailles',
] as const;
export type Academie = (typeof ACADEMIES)[number];

/** INSEE code of a département: 01–95 (2A and 2B for Corse, no 20), 971–976 overseas. */
export const DEPARTEMENT_CODE = /^(0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-5]|97[1-6])$/;
export const DEPARTEMENT_MESSAGE = '$property must be the INSEE code of a département: "38", "2A", "973"';
