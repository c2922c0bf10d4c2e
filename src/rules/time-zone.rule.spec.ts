import { isIanaTimeZone } from './time-zone.rule';

describe('IANA time zone', () => {
  it.each(['Europe/Paris', 'America/Cayenne', 'Indian/Reunion', 'America/Guadeloupe', 'Indian/Mayotte', 'Pacific/Noumea'])(
    'accepts %s',
    (zone) => expect(isIanaTimeZone(zone)).toBe(true),
  );

  it.each(['Europe/Pariss', 'Paris', 'CET', 'UTC+1', '+01:00', '', 'Mars/Olympus_Mons'])('refuses %p', (zone) =>
    expect(isIanaTimeZone(zone)).toBe(false),
  );
});
