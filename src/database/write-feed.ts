import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { WRITES_CHANNEL } from '../../migrations/1765000000000-notify-writes';
import { localWrites } from './local-writes';

const MINUTE_MS = 60_000;

/** After losing its connection, the feed tries again this often. */
const RECONNECT_MS = 1000;

/**
 * The news of committed writes, for whoever keeps answers computed from the database: a number
 * (the epoch) that grows whenever a write commits — this process's own writes as soon as they
 * end (local-writes.ts), every other process's when PostgreSQL's NOTIFY on copil_writes arrives
 * (the announce_write triggers, migration NotifyWrites). Something computed at one epoch is still
 * true while the epoch has not moved.
 *
 * Another process's write is heard a moment after it commits (the time a notification takes on a
 * local connection). While the feed is not listening — before it connects, after its connection
 * broke, until it is back — epoch() is null, and nothing may be kept.
 */
@Injectable()
export class WriteFeed implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('WriteFeed');
  private client: Client | null = null;
  private listening = false;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private wasLost = false;
  /** Notifications heard, plus one per connection made or lost: writes that might have gone unheard. */
  private heard = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    if (this.config.responseCache.maxMegabytes > 0) await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.listening = false;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** The current epoch, or null while writes could go unheard. */
  epoch(): number | null {
    return this.listening ? this.heard + localWrites() : null;
  }

  /**
   * What something computed now is true for: this epoch and this minute of `now` (what is due,
   * late or past depends on the time). Two equal stamps: nothing it was computed from has changed.
   * Null while writes could go unheard: then nothing may be kept.
   */
  stamp(now: Date): string | null {
    const epoch = this.epoch();
    return epoch === null ? null : `${epoch}@${Math.floor(now.getTime() / MINUTE_MS)}`;
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.config.databaseUrl, keepAlive: true, connectionTimeoutMillis: 5000 });
    client.on('notification', () => {
      this.heard += 1;
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${WRITES_CHANNEL}`);
      if (this.client !== client) return;
      this.heard += 1;
      this.listening = true;
      if (this.wasLost) this.logger.log('Hears of writes again: responses are kept again');
      this.wasLost = false;
    } catch (error) {
      this.lost(client, error as Error);
    }
  }

  private lost(client: Client, error: Error | null): void {
    if (this.client !== client) return;
    this.client = null;
    this.heard += 1;
    // Said once when it goes deaf, not at every attempt to hear again.
    if (this.listening) this.logger.warn(`No longer hears of writes (${error?.message ?? 'connection ended'}): nothing is kept until it hears again`);
    else if (!this.wasLost && error) this.logger.warn(`Cannot listen for writes (${error.message}): nothing is kept until it can`);
    this.wasLost = true;
    this.listening = false;
    client.removeAllListeners('end');
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (!this.stopped) void this.connect();
    }, RECONNECT_MS);
    this.retry.unref();
  }
}
