import { classifyDeliveryError, replyCode, retryDelaySeconds } from './delivery-outcome';

describe('delivery outcomes', () => {
  it('retries a 4xx answer later', () => {
    const error = Object.assign(new Error("Can't send mail - all recipients were rejected"), {
      code: 'EENVELOPE',
      responseCode: 451,
      response: '451 4.3.0 Mailbox temporarily unavailable',
    });
    expect(classifyDeliveryError(error)).toEqual({ kind: 'temporary', smtpCode: 451, response: '451 4.3.0 Mailbox temporarily unavailable' });
  });

  it('gives up on a 5xx answer', () => {
    const error = Object.assign(new Error('rejected'), { code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 No such user\r\n' });
    expect(classifyDeliveryError(error)).toEqual({ kind: 'permanent', smtpCode: 550, response: '550 5.1.1 No such user' });
  });

  it('retries when the server cannot be reached or does not answer in time', () => {
    expect(classifyDeliveryError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ESOCKET' }))).toEqual({
      kind: 'temporary',
      smtpCode: null,
      response: 'connect ECONNREFUSED 127.0.0.1:2525',
    });
    expect(classifyDeliveryError(Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT' })).kind).toBe('temporary');
  });

  it('retries a refused authentication: the configuration is at fault, not the message', () => {
    expect(classifyDeliveryError(Object.assign(new Error('Invalid login'), { code: 'EAUTH', responseCode: 535, response: '535 5.7.8 Error' })).kind).toBe(
      'temporary',
    );
  });

  it('reads the reply code of an answer', () => {
    expect(replyCode('250 2.0.0 Ok: queued as 12345')).toBe(250);
    expect(replyCode('written to var/outbox/x.eml')).toBeNull();
  });

  it('doubles the wait at each attempt, up to the cap, with a little spread', () => {
    const none = () => 0;
    expect([1, 2, 3, 4, 8].map((attempts) => retryDelaySeconds(attempts, 60, 3600, none))).toEqual([60, 120, 240, 480, 3600]);
    expect(retryDelaySeconds(1, 60, 3600, () => 0.99)).toBe(66);
    expect(retryDelaySeconds(10, 60, 3600, () => 0.99)).toBe(3600);
  });
});
