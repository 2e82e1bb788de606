/**
 * An inference worker process (`npm run worker`): renders the cluster's room faces from the Redis job
 * queue (server/inference/render-queue.ts) on INFERENCE_WORKERS threads. It needs REDIS_URL and the
 * models, no database. On HOST:PORT it serves only GET /api/health and GET /api/metrics. Run one per
 * GPU machine with INFERENCE_DEVICE=cuda.
 */
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from './config.ts';
import { Health } from './http/health.ts';
import { Metrics } from './http/metrics.ts';
import { Router } from './http/router.ts';
import { createHttpServer, NO_PAGES } from './http/server.ts';
import { startRenderWorker } from './inference/render-queue.ts';
import { InferenceService } from './inference/service.ts';
import { createLogger } from './log.ts';
import { connectRedis } from './redis.ts';

async function start() {
  const config = loadConfig();
  if (!config.redisUrl) throw new ConfigError('Invalid configuration: REDIS_URL is not set; an inference worker takes its jobs from Redis.');
  if (config.inferenceWorkers === 0) throw new ConfigError('Invalid configuration: INFERENCE_WORKERS="0" is not allowed for a worker; expected an integer from 1 to 64.');
  const log = createLogger(config.logLevel).child({ module: 'render-worker' });
  const service = await InferenceService.start({
    modelsDir: config.modelsDir,
    defaultModel: config.model,
    device: config.inferenceDevice,
    workers: config.inferenceWorkers,
    log,
  });
  const redis = connectRedis(config.redisUrl, log);
  const worker = startRenderWorker(service, redis, config.redisPrefix, log);
  const router = new Router();
  const health = new Health().set('model', () => ({ ok: true, ...service.health() }), { critical: true });
  health.register(router);
  const metrics = new Metrics();
  metrics.add(service.metrics);
  metrics.register(router);
  const server = createHttpServer(router, NO_PAGES, log);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(config.port, config.host, resolve));
  log.info({ workers: config.inferenceWorkers, device: service.device, port: (server.address() as AddressInfo).port }, 'worker ready');

  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info({ reason }, 'shutting down');
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
    // The job in flight finishes first (worker.close waits for it); an unfinished one is retried elsewhere.
    server.close();
    void worker
      .close()
      .then(() => service.close())
      .then(() => redis.quit())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  if (process.channel) process.once('disconnect', () => stop('parent process exited'));
}

start().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `failed to start: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
