import type { IncomingMessage } from 'node:http';
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { HttpError } from './router.ts';

/** How many of an action one key (a client address or a token) may take per window. */
export interface Quota {
  points: number;
  windowSeconds: number;
  /** What the 429 says was limited, e.g. "rooms created". */
  what: string;
}

/**
 * Every quota of the server, in one place (the README's "Limits and abuse" lists them). Generous for
 * a person, tight for a script.
 */
export const QUOTAS = {
  createRoom: { points: 30, windowSeconds: 3600, what: 'rooms created' },
  // The studio's live render, previews and Explore ask for up to ~8 faces a second while someone draws.
  generate: { points: 600, windowSeconds: 60, what: 'faces generated' },
  saveFace: { points: 30, windowSeconds: 600, what: 'faces saved' },
  remix: { points: 20, windowSeconds: 600, what: 'remixes' },
  socketConnect: { points: 120, windowSeconds: 60, what: 'realtime connections' },
} as const satisfies Record<string, Quota>;

export type QuotaName = keyof typeof QUOTAS;

/** Every quota with `factor` times its points (QUOTA_SCALE). */
export function scaledQuotas(factor: number, quotas: Record<QuotaName, Quota> = QUOTAS): Record<QuotaName, Quota> {
  return Object.fromEntries(Object.entries(quotas).map(([name, quota]) => [name, { ...quota, points: quota.points * factor }])) as Record<QuotaName, Quota>;
}

/** Builds the limiter of one quota; in-process memory by default, e.g. rate-limiter-flexible's RateLimiterRedis in a cluster. */
export type LimiterStore = (name: QuotaName, quota: Quota) => RateLimiterAbstract;

const memoryStore: LimiterStore = (name, quota) => new RateLimiterMemory({ keyPrefix: name, points: quota.points, duration: quota.windowSeconds });

/** Thrown when a quota is spent; `retryAfterSeconds` is when the next point frees up. */
export class QuotaExceeded extends Error {
  override name = 'QuotaExceeded';
  constructor(
    readonly quota: Quota,
    readonly retryAfterSeconds: number,
  ) {
    super(`Too many ${quota.what}: the limit is ${quota.points} per ${quota.windowSeconds} s. Retry in ${retryAfterSeconds} s.`);
  }
}

/** The server's rate limits (rate-limiter-flexible), keyed by client address or token. */
export class Quotas {
  private readonly limiters: Map<QuotaName, RateLimiterAbstract>;

  constructor(
    readonly quotas: Record<QuotaName, Quota> = QUOTAS,
    store: LimiterStore = memoryStore,
  ) {
    this.limiters = new Map(Object.entries(quotas).map(([name, quota]) => [name as QuotaName, store(name as QuotaName, quota)]));
  }

  /** Spends one point of `name` for `key`; throws QuotaExceeded when none is left. */
  async take(name: QuotaName, key: string): Promise<void> {
    try {
      await this.limiters.get(name)!.consume(key);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      throw new QuotaExceeded(this.quotas[name], Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
    }
  }

  /** As take, for an HTTP request keyed by its client address: a 429 with Retry-After when spent. */
  async takeForRequest(name: QuotaName, request: IncomingMessage): Promise<void> {
    try {
      await this.take(name, clientAddress(request));
    } catch (error) {
      if (!(error instanceof QuotaExceeded)) throw error;
      throw new HttpError(429, 'rate_limited', error.message, { 'retry-after': String(error.retryAfterSeconds) });
    }
  }
}

/** The peer's address. Forwarded headers are not trusted: anyone can send them. */
export function clientAddress(request: Pick<IncomingMessage, 'socket'>): string {
  return request.socket.remoteAddress ?? 'unknown';
}
