import { signAnswerToken, verifyAnswerToken } from './answer-link';

describe('answer links', () => {
  const secret = 'a-secret-of-at-least-thirty-two-characters';
  const id = '6f1c2e0a-8d4b-4b7e-9a51-3c2d1e0f9a8b';

  it('gives back the convocation a token was signed for', () => {
    const token = signAnswerToken(id, secret);
    expect(token).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(verifyAnswerToken(token, secret)).toBe(id);
  });

  it('refuses a token signed with another secret', () => {
    expect(verifyAnswerToken(signAnswerToken(id, secret), `${secret}-other`)).toBeNull();
  });

  it('refuses a token whose convocation id was changed', () => {
    const token = signAnswerToken(id, secret);
    const bytes = Buffer.from(token, 'base64url');
    bytes[0] ^= 1;
    expect(verifyAnswerToken(bytes.toString('base64url'), secret)).toBeNull();
  });

  it.each([[''], ['short'], ['x'.repeat(64)], [`${signAnswerToken(id, secret)}=`], ['../../etc/passwd']])('refuses the malformed token %p', (token) => {
    expect(verifyAnswerToken(token, secret)).toBeNull();
  });
});
