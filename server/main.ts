/**
 * Facesketch server, the composition root: config → database → modules → HTTP. Nothing else lives here.
 *
 * Wiring a module in takes a line or two below, between createApp and listen:
 *   app.router.add('POST', '/api/generate', handler);      // JSON API route (see server/http/router.ts)
 *   app.io.on('connection', …) / app.io.of('/rooms')       // Socket.IO on the same port, path /socket.io
 *   app.db.rooms / app.db.roomDocuments / app.db.faces      // repositories (server/db/)
 *   app.health.set('model', () => registry.status());      // an entry in GET /api/health
 *   app.onShutdown('realtime', () => rooms.flush());        // runs after clients are gone, before the db closes
 */
import { createApp } from './app.ts';
import path from 'node:path';
import { ConfigError, loadConfig, readModelChoices, type Config } from './config.ts';
import { EmbeddedPostgresError } from './db/embedded.ts';
import { faceRendererFor } from './faces/renderer.ts';
import { registerFaceRoutes } from './faces/routes.ts';
import { startHistory } from './history/index.ts';
import { Quotas, scaledQuotas } from './http/quotas.ts';
import { registerRoomRoutes } from './http/rooms-api.ts';
import { createLogger } from './log.ts';
import { modelAttributes, registerInferenceRoutes, renderRoomFaces, startInference } from './inference/index.ts';
import { RasterPool } from './inference/raster-pool.ts';
import { ensureNextBuild } from './next.ts';
import { attachRealtime } from './realtime/index.ts';
import { extendServices } from './services.ts';
import { registerStarterFaces } from './starters.ts';

function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

const config = loadConfigOrExit();
const log = createLogger(config.logLevel);

/** Anything may be thrown or rejected, `undefined` included. */
function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return error === undefined ? 'undefined' : String(error);
}

/**
 * Next.js installs handlers that log uncaught errors and carry on (right for a page render, wrong for
 * a server whose state may now be broken). Ours run after them: one line, exit 1, so a supervisor
 * restarts us.
 */
function exitOnUncaughtErrors(): void {
  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    process.on(event, (error: unknown) => {
      log.fatal({ err: error instanceof Error ? error : undefined }, `${event}: ${describeError(error)}`);
      process.exit(1);
    });
  }
}

async function start() {
  if (!config.dev) await ensureNextBuild(log);
  const app = await createApp(config, log);
  exitOnUncaughtErrors();

  const quotas = new Quotas(scaledQuotas(config.quotaScale));
  const raster = new RasterPool();
  const inference = await startInference(
    { modelsDir: config.modelsDir, model: config.model, device: config.inferenceDevice, workers: config.inferenceWorkers, raster },
    log.child({ module: 'inference' }),
  );
  registerRoomRoutes(app.router, app.db.rooms, {
    publicUrl: config.publicUrl,
    defaultModel: config.model,
    // A web node that leaves rendering to the workers (INFERENCE_WORKERS=0) offers the manifest's models.
    models: inference.service?.health().models.map((model) => model.name) ?? readModelChoices(path.join(config.modelsDir, 'manifest.json'))?.names ?? [],
    quotas,
  });
  registerInferenceRoutes(app.router, app.health, inference.service, inference.unavailable, quotas);
  if (inference.service) app.metrics.add(inference.service.metrics);
  extendServices({ attributesOf: (model) => modelAttributes(inference.service, model) });
  registerStarterFaces(app.router, inference.service, log.child({ module: 'starters' }));

  const realtime = attachRealtime(
    app.io,
    app.db,
    log.child({ module: 'realtime' }),
    { allowedOrigins: [config.publicUrl], clustered: app.redis !== null },
    quotas,
  );
  app.health.set('realtime', () => ({ ok: true, ...realtime.stats() }));
  app.metrics.sampled('facesketch_realtime_rooms', 'Rooms in memory on this node.', () => realtime.stats().rooms);
  app.metrics.sampled('facesketch_realtime_sockets', 'Clients connected to this node.', () => realtime.stats().sockets);
  app.onShutdown('realtime', () => realtime.close());
  const timeline = startHistory({ prisma: app.db.prisma, rooms: app.db.rooms, roomDocuments: app.db.roomDocuments, router: app.router }, log.child({ module: 'history' }));
  realtime.onRoomChanged((roomId, _revision, doc) => timeline.noteChange(roomId, doc));
  realtime.onRoomUnloaded((roomId) => timeline.roomUnloaded(roomId));
  app.onShutdown('history', () => timeline.close()); // after realtime: unloading rooms writes their last pause
  if (app.redis) {
    const redis = app.redis;
    // Cluster mode only, so a single node does not load BullMQ.
    const [{ onRedisRecovered }, { RenderRequests, startRenderWorker }] = await Promise.all([
      import('./redis.ts'),
      import('./inference/render-queue.ts'),
    ]);
    onRedisRecovered(redis, () => void realtime.catchUp());
    const renders = new RenderRequests(redis, config.redisPrefix, log.child({ module: 'renders' }));
    realtime.onRoomChanged((roomId, revision, doc, live) => renders.request(roomId, revision, doc, live));
    renders.onFace((face) => {
      realtime
        .publishFace(face.roomId, face.revision, face.png, { model: face.model, renderMs: face.renderMs })
        .catch((error: unknown) => log.warn({ err: error, roomId: face.roomId }, 'publishing a face failed'));
    });
    app.onShutdown('renders', () => renders.close());
    if (inference.service) {
      const worker = startRenderWorker(inference.service, redis, config.redisPrefix, log.child({ module: 'render-worker' }));
      app.onShutdown('render worker', () => worker.close());
    }
  } else if (inference.service) {
    const service = inference.service;
    realtime.onRoomChanged(renderRoomFaces(service, realtime, (message) => log.warn(message)));
    realtime.onRoomUnloaded((roomId) => service.closeRoom(roomId));
  }
  app.onShutdown('inference', () => inference.service?.close()); // after realtime: renders in flight may finish
  app.onShutdown('raster', () => raster.close());

  registerFaceRoutes(app.router, {
    db: app.db,
    render: inference.service ? faceRendererFor(inference.service) : null,
    fallbackModelName: config.model,
    raster,
    quotas,
  });

  app.exitOnSignals();
  try {
    const url = await app.listen();
    log.info({ url, publicUrl: config.publicUrl, startupMs: Math.round(performance.now()), dev: config.dev }, 'listening');
  } catch (error) {
    await app.close();
    throw error;
  }
}

start().catch((error: unknown) => {
  log.fatal({ err: error instanceof Error && !(error instanceof EmbeddedPostgresError) ? error : undefined }, `failed to start: ${describeError(error)}`);
  process.exit(1);
});
