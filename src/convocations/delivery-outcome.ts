/**
 * What a failed hand-over to the mail server means for the message. SMTP says it with the reply
 * code (RFC 5321 §4.2.1): 4xx is a transient failure, worth another try later; 5xx is permanent,
 * the same message will be refused again. Without a reply (connection refused, reset, timeout,
 * DNS) the server may well answer next time: temporary. So is a failed authentication, even with a
 * 5xx code: the fault is copil's configuration, not the message, and giving up on every message
 * because a password expired would lose them.
 */
export type FailureKind = 'temporary' | 'permanent';

export interface DeliveryFailure {
  kind: FailureKind;
  smtpCode: number | null;
  /** The server's answer, or the error when there was none, on one line. */
  response: string;
}

interface MailError {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  message?: unknown;
}

export function classifyDeliveryError(error: unknown): DeliveryFailure {
  const mailError = (error ?? {}) as MailError;
  const smtpCode = typeof mailError.responseCode === 'number' && mailError.responseCode >= 200 && mailError.responseCode < 600 ? mailError.responseCode : null;
  const text = typeof mailError.response === 'string' && mailError.response !== '' ? mailError.response : String(mailError.message ?? error);
  const response = oneLine(text);
  const authentication = mailError.code === 'EAUTH' || mailError.code === 'ENOAUTH';
  const kind: FailureKind = smtpCode !== null && smtpCode >= 500 && !authentication ? 'permanent' : 'temporary';
  return { kind, smtpCode, response };
}

/** The reply code at the start of a server's answer (`250 2.0.0 Ok`), or null. */
export function replyCode(response: string): number | null {
  const match = /^([2-5]\d\d)[\s-]/.exec(response);
  return match ? Number(match[1]) : null;
}

/**
 * Wait before the next attempt after `attempts` failed ones: base, 2 × base, 4 × base… capped, with
 * up to a tenth more at random so that messages failed together do not all come back together.
 */
export function retryDelaySeconds(attempts: number, baseSeconds: number, maxSeconds: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxSeconds, baseSeconds * 2 ** Math.max(0, attempts - 1));
  return Math.min(maxSeconds, Math.round(exponential * (1 + random() / 10)));
}

export function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/\s{2,}/g, ' ').trim().slice(0, 1000);
}
