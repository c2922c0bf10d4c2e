import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DomainError } from './domain-error';

/**
 * Bounds on what a request body may be, checked on its bytes before any parser reads it: a parser
 * that recurses (JSON bodies through class-transformer, YAML through its composer) must never meet
 * a document nested thousands deep, and text that is not UTF-8 must not be stored as U+FFFD.
 */

/** Deepest nesting a body may have; a convention definition uses about ten levels. */
export const MAX_BODY_DEPTH = 64;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Whether a JSON text nests objects and arrays deeper than `max`; strings are skipped. One pass, no allocation. */
export function jsonNestedDeeperThan(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth--;
  }
  return false;
}

/**
 * Whether a YAML text may nest deeper than `max`: block nesting by indentation (each deeper
 * indentation opens a level, as does each compact "- " on a line) plus flow nesting by brackets
 * outside quotes. It over-counts rather than under-counts (a block scalar's indented lines count
 * as one level), which the margin of MAX_BODY_DEPTH absorbs.
 */
export function yamlNestedDeeperThan(text: string, max: number): boolean {
  const indents: number[] = [];
  let flow = 0;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const indent = /^[ \t]*/.exec(line)![0].length;
    const content = line.slice(indent);
    if (content === '' || content.startsWith('#')) continue;
    while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
    indents.push(indent);
    const compact = /^(?:-[ \t]+)*/.exec(content)![0].replace(/[^-]/g, '').length;
    let quote: string | null = null;
    for (let i = 0; i < content.length; i++) {
      const char = content[i];
      if (quote !== null) {
        if (char === '\\' && quote === '"') i++;
        else if (char === quote) quote = null;
      } else if (char === '"' || char === "'") quote = char;
      else if (char === '#' && (i === 0 || content[i - 1] === ' ')) break;
      else if (char === '[' || char === '{') flow++;
      else if (char === ']' || char === '}') flow = Math.max(0, flow - 1);
      if (indents.length + compact + flow > max) return true;
    }
    if (indents.length + compact + flow > max) return true;
  }
  return false;
}

export function malformedBody(message: string): DomainError {
  // `status` is read by body-parser, which passes the error on to the exception filter.
  return Object.assign(new DomainError('invalid', 'malformed_body', message), { status: 400 });
}

/** body-parser's `verify` for JSON bodies: UTF-8 and bounded nesting, before JSON.parse runs. */
export function verifyJsonBody(_request: IncomingMessage, _response: ServerResponse, bytes: Buffer): void {
  if (!isUtf8(bytes)) throw malformedBody('The request body is not valid UTF-8');
  if (jsonNestedDeeperThan(bytes, MAX_BODY_DEPTH)) throw malformedBody(`The request body nests deeper than ${MAX_BODY_DEPTH} levels`);
}

/** body-parser's `verify` for text bodies (YAML definitions): UTF-8; their depth is checked where they are parsed. */
export function verifyTextBody(_request: IncomingMessage, _response: ServerResponse, bytes: Buffer): void {
  if (!isUtf8(bytes)) throw malformedBody('The request body is not valid UTF-8');
}
