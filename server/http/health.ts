import type { Router } from './router.ts';
import { json } from './router.ts';

/** One component's state, with whatever details help an operator. */
export interface HealthStatus {
  ok: boolean;
  [detail: string]: unknown;
}

export type HealthCheck = () => Promise<HealthStatus> | HealthStatus;

export interface HealthReport {
  /** 'ok' when every check is ok; 'degraded' otherwise. */
  status: 'ok' | 'degraded';
  /** false when a critical check failed: the server cannot serve (GET /api/health answers 503). */
  serving: boolean;
  checks: Record<string, HealthStatus>;
}

/**
 * GET /api/health: runs every registered check. Components register themselves by name, e.g.
 * `health.set('model', () => registry.status())`; a later `set` with the same name replaces the check.
 * A failing critical check (the database) makes the answer 503; others only mark it degraded.
 */
export class Health {
  private readonly checks = new Map<string, { check: HealthCheck; critical: boolean }>();

  /**
   * `onError` gets a failed check's error (for the log): the public report says only that it failed,
   * since errors such as a database's name its host and port.
   */
  constructor(private readonly onError: (name: string, error: unknown) => void = () => {}) {}

  set(name: string, check: HealthCheck, options: { critical?: boolean } = {}): this {
    this.checks.set(name, { check, critical: options.critical ?? false });
    return this;
  }

  async report(): Promise<HealthReport> {
    const results = await Promise.all(
      [...this.checks].map(async ([name, { check, critical }]) => {
        let status: HealthStatus;
        try {
          status = await check();
        } catch (error) {
          this.onError(name, error);
          status = { ok: false, error: 'the check failed; the server log has the details' };
        }
        return { name, critical, status };
      }),
    );
    return {
      status: results.every((r) => r.status.ok) ? 'ok' : 'degraded',
      serving: results.every((r) => r.status.ok || !r.critical),
      checks: Object.fromEntries(results.map((r) => [r.name, r.status])),
    };
  }

  register(router: Router): void {
    router.add('GET', '/api/health', async () => {
      const report = await this.report();
      return json(report, report.serving ? 200 : 503);
    });
  }
}
