import { IANAZone } from 'luxon';

/** True for a canonical or alias IANA zone name known to this runtime (Europe/Paris, America/Cayenne…). */
export function isIanaTimeZone(name: string): boolean {
  // Fixed offsets and "UTC"-like names are valid for Intl but are not a territory's zone.
  return /^[A-Za-z_]+(\/[A-Za-z0-9_+\-]+)+$/.test(name) && IANAZone.isValidZone(name);
}
