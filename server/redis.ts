import { Redis } from 'ioredis';
import type { Logger } from './log.ts';

/**
 * A Redis connection for cluster mode. Commands issued while Redis is away wait in ioredis's offline
 * queue and go out once it is back (`maxRetriesPerRequest: null`, which BullMQ requires anyway), so
 * a Redis restart delays relays and render jobs instead of losing them. Reconnects back off to 2 s.
 */
export function connectRedis(url: string, log: Logger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    // The Socket.IO adapter duplicates this connection and subscribes on the copy before it is ready;
    // ioredis's ready check (INFO) on a connection in subscriber mode then rejects, unhandled, and the
    // server exits on unhandled rejections. Redis is usable as soon as it accepts the connection.
    enableReadyCheck: false,
    retryStrategy: (attempt) => Math.min(2_000, 50 * 2 ** attempt),
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return; // one line per outage, not one per retry
    down = true;
    log.warn({ err: error }, 'redis unavailable; retrying');
  });
  redis.on('ready', () => {
    if (down) log.info('redis available again');
    down = false;
  });
  return redis;
}

/** Calls `listener` whenever the connection is ready again after being lost (not at the first connect). */
export function onRedisRecovered(redis: Redis, listener: () => void): void {
  let lost = false;
  redis.on('close', () => (lost = true));
  redis.on('ready', () => {
    if (!lost) return;
    lost = false;
    listener();
  });
}
