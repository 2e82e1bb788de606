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
          status = { ok: false, error: (error as Error).message };
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
