import { ConfigError, loadConfig } from '../config/app-config';

describe('configuration read by access control', () => {
  it('trusts no proxy by default, and takes hops or proxy addresses', () => {
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).http.trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).http.trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(ConfigError);
  });

  it('reads ADMIN_EMAIL lower-cased, or none', () => {
    expect(loadConfig({}).auth.adminEmail).toBeNull();
    expect(loadConfig({ ADMIN_EMAIL: 'Dasen.Secretariat@AC-Grenoble.fr' }).auth.adminEmail).toBe('dasen.secretariat@ac-grenoble.fr');
    expect(() => loadConfig({ ADMIN_EMAIL: 'pas une adresse' })).toThrow('ADMIN_EMAIL must be an email address');
  });
});
