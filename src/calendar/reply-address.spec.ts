import { calendarReplyAddress, provesConvocation, replyToken } from './reply-address';

const SECRET = 'a-secret-of-the-installation-long-enough';
const JEAN = '0b5e5c1e-2f57-4d8e-8d2c-3b1b8f6f2a10';
const CLAIRE = '9a1d0f3c-6c4b-4f0e-b1a7-2f3e4d5c6b7a';

describe('calendar reply address', () => {
  it('puts a 24-character lower-case token after a plus in the sender’s local part', () => {
    const address = calendarReplyAddress('ce.dsden38@ac-grenoble.fr', JEAN, SECRET);
    expect(address).toMatch(/^ce\.dsden38\+[a-z2-7]{24}@ac-grenoble\.fr$/);
    expect(address).toBe(calendarReplyAddress('ce.dsden38@ac-grenoble.fr', JEAN, SECRET));
  });

  it('gives each convocation its own token, and another secret other tokens', () => {
    expect(replyToken(JEAN, SECRET)).not.toBe(replyToken(CLAIRE, SECRET));
    expect(replyToken(JEAN, SECRET)).not.toBe(replyToken(JEAN, `${SECRET}!`));
  });

  it('keeps a plus tag the sender address already has', () => {
    expect(calendarReplyAddress('copil+convocations@mairie.fr', JEAN, SECRET)).toBe(`copil+convocations+${replyToken(JEAN, SECRET)}@mairie.fr`);
  });

  it('accepts the reply address of that convocation among others, whatever its case', () => {
    const address = calendarReplyAddress('ce.dsden38@ac-grenoble.fr', JEAN, SECRET);
    expect(provesConvocation(['someone@else.fr', address.toUpperCase()], JEAN, SECRET)).toBe(true);
    expect(provesConvocation([`  ${address} `], JEAN, SECRET)).toBe(true);
  });

  it('refuses the sender’s plain address, another convocation’s token, a token cut short or altered', () => {
    const token = replyToken(JEAN, SECRET);
    const altered = (token[0] === 'a' ? 'b' : 'a') + token.slice(1);
    expect(provesConvocation(['ce.dsden38@ac-grenoble.fr'], JEAN, SECRET)).toBe(false);
    expect(provesConvocation([calendarReplyAddress('ce.dsden38@ac-grenoble.fr', CLAIRE, SECRET)], JEAN, SECRET)).toBe(false);
    expect(provesConvocation([`ce.dsden38+${token.slice(1)}@ac-grenoble.fr`], JEAN, SECRET)).toBe(false);
    expect(provesConvocation([`ce.dsden38+${altered}@ac-grenoble.fr`], JEAN, SECRET)).toBe(false);
    expect(provesConvocation([], JEAN, SECRET)).toBe(false);
  });
});
