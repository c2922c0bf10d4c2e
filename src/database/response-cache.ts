import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { Clock } from '../common/clock';
import { WriteFeed } from './write-feed';

/** A response as a handler computed it: status, the headers it set, the body. */
export interface ComputedResponse {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

/**
 * A response as it is sent again, with its ETag computed once, so that sending it again does not
 * hash it (Express keeps an ETag already set).
 */
export interface KeptResponse extends ComputedResponse {
  etag: string;
}

/** A weak validator of the body, as Express makes its own: W/"<length in hex>-<hash>". */
function etagOf(body: string): string {
  return `W/"${Buffer.byteLength(body).toString(16)}-${createHash('sha1').update(body).digest('base64').slice(0, 27)}"`;
}

function kept(computed: ComputedResponse): KeptResponse {
  return { ...computed, etag: etagOf(computed.body) };
}

/** What an entry takes in memory, about: a string of characters beyond Latin-1 takes two bytes each. */
function sizeOf(key: string, entry: Entry): number {
  return 2 * (entry.response.body.length + key.length);
}

interface Entry {
  /** WriteFeed's stamp when it was computed. */
  stamp: string;
  response: KeptResponse;
}

/**
 * Responses kept in memory and sent again while nothing they were computed from has changed: no
 * write committed since (WriteFeed's epoch) and the same minute of the clock, since what is due,
 * late or past depends on the time. Keys name who asks (their credential) and what (the URL), so
 * nobody is ever sent what was computed for another. Bounded by RESPONSE_CACHE_MB, least recently
 * used out first. While the feed is not listening, nothing is kept and every response is computed.
 */
@Injectable()
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly computing = new Map<string, Promise<KeptResponse>>();
  private readonly maxBytes: number;
  private bytes = 0;

  constructor(
    private readonly feed: WriteFeed,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.maxBytes = config.responseCache.maxMegabytes * 1024 * 1024;
  }

  /**
   * The response kept under key if still true, else computed (once for all who ask it at the same
   * epoch) and kept when it is a 200.
   */
  async remember(key: string, compute: () => Promise<ComputedResponse>): Promise<KeptResponse> {
    const stamp = this.feed.stamp(this.clock.now());
    if (stamp === null || this.maxBytes === 0) return kept(await compute());
    const found = this.entries.get(key);
    if (found && found.stamp === stamp) {
      // Most recently used last: eviction takes the first.
      this.entries.delete(key);
      this.entries.set(key, found);
      return found.response;
    }
    const flight = `${stamp} ${key}`;
    const pending = this.computing.get(flight);
    if (pending) return pending;
    const computed = compute()
      .then(kept)
      .then((response) => {
        if (response.status === 200) this.keep(key, { stamp, response });
        return response;
      })
      .finally(() => this.computing.delete(flight));
    this.computing.set(flight, computed);
    return computed;
  }

  /** How many responses are kept (for tests and the benchmark's report). */
  size(): number {
    return this.entries.size;
  }

  private keep(key: string, entry: Entry): void {
    const size = sizeOf(key, entry);
    if (size > this.maxBytes) return;
    this.drop(key);
    this.entries.set(key, entry);
    this.bytes += size;
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= sizeOf(key, entry);
  }
}
