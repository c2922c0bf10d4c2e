/**
 * Without SMTP_URL, mail is written as .eml files in the outbox folder instead of being sent
 * (development, the README's first start). The row keeps the file's path as its server response,
 * for the API and the logs; what people read says where it went without the server's path.
 */
const WRITTEN_TO = 'written to ';

export function outboxResponse(file: string): string {
  return `${WRITTEN_TO}${file}`;
}

export function isOutboxResponse(response: string): boolean {
  return response.startsWith(WRITTEN_TO);
}
