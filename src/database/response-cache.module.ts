import { Global, Module } from '@nestjs/common';
import { ResponseCache } from './response-cache';
import { WriteFeed } from './write-feed';

/** The API process's kept responses and the news of writes they depend on (docs/response-cache.md). */
@Global()
@Module({
  providers: [WriteFeed, ResponseCache],
  exports: [WriteFeed, ResponseCache],
})
export class ResponseCacheModule {}
