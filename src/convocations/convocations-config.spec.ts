import { ConfigError, loadConfig } from '../config/app-config';

describe('the configuration of convocations', () => {
  it('reminds 2 days and alerts 3 days before by default, retrying with backoff up to 8 attempts', () => {
    expect(loadConfig({}).convocations).toMatchObject({
      reminderDaysBefore: 2,
      nobodyComingAlertDaysBefore: 3,
      maxAttempts: 8,
      retryBaseSeconds: 60,
      retryMaxSeconds: 3600,
      sendLockSeconds: 30,
      dailyCheckCron: '0 7 * * *',
      dailyCheckTimeZone: 'Europe/Paris',
    });
  });

  it('takes a short claim, which live workers extend, whatever the SMTP timeouts', () => {
    expect(loadConfig({ SMTP_TIMEOUT_MS: '200000' }).convocations.sendLockSeconds).toBe(30);
    expect(loadConfig({ SMTP_TIMEOUT_MS: '30000', CONVOCATION_SEND_LOCK_SECONDS: '6' }).convocations.sendLockSeconds).toBe(6);
    expect(() => loadConfig({ CONVOCATION_SEND_LOCK_SECONDS: '2' })).toThrow(/CONVOCATION_SEND_LOCK_SECONDS must be a whole number from 3/);
  });

  it('takes any cron pattern its parser reads: weekdays by name, ranges, steps', () => {
    expect(loadConfig({ COMMITTEES_AT_RISK_CRON: '*/30 7-9 * * MON-FRI' }).convocations.dailyCheckCron).toBe('*/30 7-9 * * MON-FRI');
  });

  it.each([
    ['COMMITTEES_AT_RISK_CRON', 'every morning', /COMMITTEES_AT_RISK_CRON must be a cron pattern of five fields/],
    ['COMMITTEES_AT_RISK_CRON', '99 99 * * *', /COMMITTEES_AT_RISK_CRON must be a valid cron pattern .*"99 99 \* \* \*".*0-59/],
    ['COMMITTEES_AT_RISK_CRON', '0 7 31 2 *', /COMMITTEES_AT_RISK_CRON must be a valid cron pattern/],
    ['COMMITTEES_AT_RISK_CRON', '0 7 * * 8', /COMMITTEES_AT_RISK_CRON must be a valid cron pattern/],
    ['COMMITTEES_AT_RISK_CRON', '0 0 7 * * *', /COMMITTEES_AT_RISK_CRON must be a cron pattern of five fields/],
    ['COMMITTEES_AT_RISK_TIME_ZONE', 'Paris', /COMMITTEES_AT_RISK_TIME_ZONE must be an IANA time zone/],
    ['CONVOCATION_REMINDER_DAYS', '-1', /CONVOCATION_REMINDER_DAYS must be a whole number/],
    ['SMTP_RETRY_MAX_SECONDS', '10', /SMTP_RETRY_MAX_SECONDS must be a whole number from 60/],
  ])('refuses %s=%p naming the variable', (variable, value, message) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(message);
  });
});
