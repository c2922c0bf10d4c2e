import { IANAZone } from 'luxon';

/**
 * Zones found valid. Asking the runtime builds an Intl formatter each time, and every invitation
 * asks; the runtime's zones are a few hundred names, so the set stays small.
 */
const knownZones = new Set<string>();

/** True for a canonical or alias IANA zone name known to this runtime (Europe/Paris, America/Cayenne…). */
export function isIanaTimeZone(name: string): boolean {
  if (knownZones.has(name)) return true;
  // Fixed offsets and "UTC"-like names are valid for Intl but are not a territory's zone.
  const valid = /^[A-Za-z_]+(\/[A-Za-z0-9_+\-]+)+$/.test(name) && IANAZone.isValidZone(name);
  if (valid) knownZones.add(name);
  return valid;
}
