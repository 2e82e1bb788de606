import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { ApiResponse, Router } from './router.ts';

/**
 * GET /api/metrics: prom-client's standard process metrics (CPU, memory, event loop lag, GC, handles)
 * and each module's own registry, as Prometheus text. Every web node and worker process serves its
 * own; Prometheus scrapes each one and aggregates across them (prom-client's AggregatorRegistry is for
 * the node:cluster module's forks, which this service does not use).
 */
export class Metrics {
  private readonly process = new Registry();
  private readonly modules: Registry[] = [];

  constructor() {
    collectDefaultMetrics({ register: this.process });
  }

  /** Serves `registry`'s metrics too. */
  add(registry: Registry): void {
    this.modules.push(registry);
  }

  /** A gauge read at scrape time, so it can never drift from the state it reports. */
  sampled(name: string, help: string, sample: () => number): void {
    new Gauge({
      name,
      help,
      registers: [this.process],
      collect() {
        this.set(sample());
      },
    });
  }

  async response(): Promise<ApiResponse> {
    const merged = Registry.merge([this.process, ...this.modules]);
    return { status: 200, headers: { 'content-type': merged.contentType }, body: await merged.metrics() };
  }

  register(router: Router): void {
    router.add('GET', '/api/metrics', () => this.response());
  }
}
