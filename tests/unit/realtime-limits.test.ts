import { describe, expect, it } from 'vitest';
import { Backoff } from '../../lib/realtime/backoff.ts';
import { decodeSyncMessage, encodeSyncMessage, SYNC_UPDATE } from '../../lib/realtime/protocol.ts';
import { isOriginAllowed } from '../../server/http/same-origin.ts';
import { SocketRateLimiter, TokenBucket } from '../../server/realtime/rate-limit.ts';

describe('TokenBucket', () => {
  it('allows a burst, then refills at its rate', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 3, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now += 100; // one token back
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now += 10_000;
    expect([bucket.take(3), bucket.take()]).toEqual([true, false]);
  });

  it('limits a socket by bytes as well as by messages', () => {
    const limiter = new SocketRateLimiter({ messagesPerSecond: 100, messageBurst: 100, bytesPerSecond: 1000, byteBurst: 1000 }, () => 0);
    expect(limiter.allow(800)).toBe(true);
    expect(limiter.allow(800)).toBe(false);
    expect(limiter.allow(200)).toBe(true);
  });
});

describe('Backoff', () => {
  it('grows up to its maximum, with jitter, and resets', () => {
    const backoff = new Backoff(100, 1000, () => 1);
    expect([backoff.next(), backoff.next(), backoff.next(), backoff.next(), backoff.next()]).toEqual([100, 200, 400, 800, 1000]);
    backoff.reset();
    expect(backoff.next()).toBe(100);
    expect(new Backoff(100, 1000, () => 0).next()).toBe(50);
  });
});

describe('isOriginAllowed', () => {
  it('accepts no origin (non-browser), the same host and configured origins', () => {
    expect(isOriginAllowed(undefined, 'a.test', [])).toBe(true);
    expect(isOriginAllowed('https://a.test', 'a.test', [])).toBe(true);
    expect(isOriginAllowed('https://app.example', 'internal:3000', ['https://app.example/'])).toBe(true);
  });

  it('refuses foreign and malformed origins', () => {
    expect(isOriginAllowed('https://evil.test', 'a.test', ['https://app.example'])).toBe(false);
    expect(isOriginAllowed('null', 'a.test', [])).toBe(false);
  });
});

describe('sync messages', () => {
  it('round-trip and refuse trailing bytes or unknown types', () => {
    const message = encodeSyncMessage(SYNC_UPDATE, new Uint8Array([1, 2, 3]));
    expect(decodeSyncMessage(message)).toEqual({ type: SYNC_UPDATE, payload: new Uint8Array([1, 2, 3]) });
    expect(() => decodeSyncMessage(new Uint8Array([...message, 0]))).toThrow(/trailing/);
    expect(() => decodeSyncMessage(new Uint8Array([9, 0]))).toThrow(/unknown/);
  });
});
