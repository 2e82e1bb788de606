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
import { ConfigError, loadConfig, type Config } from './config.ts';
import { faceRendererFor } from './faces/renderer.ts';
import { registerFaceRoutes } from './faces/routes.ts';
import { startHistory } from './history/index.ts';
import { registerRoomRoutes } from './http/rooms-api.ts';
import { createLogger } from './log.ts';
import { modelAttributes, registerInferenceRoutes, renderRoomFaces, startInference } from './inference/index.ts';
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

async function start() {
  if (!config.dev) await ensureNextBuild(log);
  const app = await createApp(config, log);

  const inference = await startInference(
    { modelsDir: config.modelsDir, model: config.model, device: config.inferenceDevice, workers: config.inferenceWorkers },
    log.child({ module: 'inference' }),
  );
  registerRoomRoutes(app.router, app.db.rooms, {
    publicUrl: config.publicUrl,
    defaultModel: config.model,
    models: inference.service?.health().models.map((model) => model.name) ?? [],
  });
  registerInferenceRoutes(app.router, app.health, inference.service, inference.unavailable);
  extendServices({ attributesOf: (model) => modelAttributes(inference.service, model) });
  registerStarterFaces(app.router, inference.service, log.child({ module: 'starters' }));

  const realtime = attachRealtime(app.io, app.db, log.child({ module: 'realtime' }), { allowedOrigins: [config.publicUrl] });
  app.health.set('realtime', () => ({ ok: true, ...realtime.stats() }));
  app.onShutdown('realtime', () => realtime.close());
  const timeline = startHistory({ prisma: app.db.prisma, rooms: app.db.rooms, roomDocuments: app.db.roomDocuments, router: app.router }, log.child({ module: 'history' }));
  realtime.onRoomChanged((roomId, _revision, doc) => timeline.noteChange(roomId, doc));
  realtime.onRoomUnloaded((roomId) => timeline.roomUnloaded(roomId));
  app.onShutdown('history', () => timeline.close()); // after realtime: unloading rooms writes their last pause
  if (inference.service) {
    const service = inference.service;
    realtime.onRoomChanged(renderRoomFaces(service, realtime, (message) => log.warn(message)));
    realtime.onRoomUnloaded((roomId) => service.closeRoom(roomId));
  }
  app.onShutdown('inference', () => inference.service?.close()); // after realtime: renders in flight may finish

  registerFaceRoutes(app.router, {
    db: app.db,
    render: inference.service ? faceRendererFor(inference.service) : null,
    fallbackModelName: config.model,
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
  log.fatal({ err: error }, `failed to start: ${(error as Error).message}`);
  process.exit(1);
});
