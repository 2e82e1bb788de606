import type http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Redis } from 'ioredis';
import { Server as SocketIOServer } from 'socket.io';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { Health } from './http/health.ts';
import { Metrics } from './http/metrics.ts';
import { Router } from './http/router.ts';
import { createHttpServer, SOCKET_IO_PATH } from './http/server.ts';
import type { Logger } from './log.ts';
import { startNext, type NextPages } from './next.ts';
import { provideServices } from './services.ts';

/** How long in-flight requests may take to finish once a shutdown begins. */
const IN_FLIGHT_GRACE_MS = 3000;

export interface App {
  config: Config;
  log: Logger;
  db: Database;
  router: Router;
  health: Health;
  /** GET /api/metrics: process metrics plus what modules add (`app.metrics.add(registry)`). */
  metrics: Metrics;
  /** Socket.IO on the app's own port, path /socket.io; in cluster mode its adapter relays through Redis. */
  io: SocketIOServer;
  /** Cluster mode (REDIS_URL set): the node's Redis connection; null on a single node. */
  redis: Redis | null;
  server: http.Server;
  /** Runs at shutdown, in registration order, after clients are disconnected and before the database closes. */
  onShutdown(name: string, hook: () => Promise<void> | void): void;
  /** Starts accepting connections; resolves to the URL it listens on. */
  listen(): Promise<string>;
  /** Stops accepting, disconnects clients, runs the shutdown hooks, closes Next and the database. */
  close(): Promise<void>;
  /**
   * On SIGTERM/SIGINT (or when stdout's reader or an IPC parent goes away): close, then exit 0
   * (1 if closing fails or outlasts SHUTDOWN_TIMEOUT_MS). A second signal exits at once.
   */
  exitOnSignals(): void;
}

/**
 * Cluster mode: the node's Redis connection, and Socket.IO relaying through it. The streams adapter,
 * not the pub/sub one: it reads a Redis stream from its last offset, so a node that loses Redis for a
 * moment catches up on what it missed instead of dropping it. Loaded only in cluster mode, so a single
 * node starts as fast as before.
 */
async function attachRedisAdapter(io: SocketIOServer, url: string, prefix: string, log: Logger): Promise<Redis> {
  const [{ connectRedis }, { createAdapter }] = await Promise.all([import('./redis.ts'), import('@socket.io/redis-streams-adapter')]);
  const redis = connectRedis(url, log.child({ module: 'redis' }));
  io.adapter(createAdapter(redis, { streamName: `${prefix}:socket.io` }));
  return redis;
}

/** Opens the database, prepares Next.js and builds the one HTTP + Socket.IO server, not yet listening. */
export async function createApp(config: Config, log: Logger): Promise<App> {
  // Independent and each about a second: start them together, and undo whichever came up if the other failed.
  const [opened, prepared] = await Promise.allSettled([
    openDatabase(
      {
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        onEmbeddedExit: (message) => {
          log.fatal(`${message}; exiting so a supervisor can restart the server`);
          process.exit(1);
        },
      },
      log.child({ module: 'db' }),
    ),
    startNext({ dev: config.dev, hostname: config.host, port: config.port }),
  ]);
  if (opened.status === 'rejected' || prepared.status === 'rejected') {
    if (opened.status === 'fulfilled') await opened.value.close();
    if (prepared.status === 'fulfilled') await prepared.value.close();
    throw opened.status === 'rejected' ? opened.reason : (prepared as PromiseRejectedResult).reason;
  }
  const db: Database = opened.value;
  const pages: NextPages = prepared.value;

  const router = new Router();
  const health = new Health((check, error) => log.warn({ err: error, check }, 'health check failed'));
  health.set('database', async () => ({ ok: true, embedded: !config.databaseUrl, latencyMs: await db.ping() }), { critical: true });
  health.register(router);
  const metrics = new Metrics();
  metrics.register(router);

  const server = createHttpServer(router, pages, log, { allowedOrigins: [config.publicUrl] });
  const io = new SocketIOServer(server, { path: SOCKET_IO_PATH, serveClient: false, destroyUpgrade: false });
  const redis = config.redisUrl ? await attachRedisAdapter(io, config.redisUrl, config.redisPrefix, log) : null;
  // Modules serve their own namespaces (realtime: /realtime); the default one serves nobody.
  io.use((_socket, next) => next(new Error('this server has no default namespace')));
  provideServices({ db, config });

  const hooks: { name: string; hook: () => Promise<void> | void }[] = [];
  let closing: Promise<void> | undefined;

  // Upgraded and keep-alive connections would hold a closing server open; past the grace period they are cut.
  const connections = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
  });

  async function close() {
    const stopped = io.close(); // disconnects every Socket.IO client, stops accepting, waits for in-flight requests
    server.closeIdleConnections();
    const cut = setTimeout(() => connections.forEach((socket) => socket.destroy()), IN_FLIGHT_GRACE_MS);
    await stopped;
    clearTimeout(cut);
    for (const { name, hook } of hooks) {
      try {
        await hook();
      } catch (error) {
        log.error({ err: error, hook: name }, 'shutdown hook failed');
      }
    }
    await pages.close();
    await db.close();
    redis?.disconnect();
  }

  return {
    config,
    log,
    db,
    router,
    health,
    metrics,
    io,
    redis,
    server,
    onShutdown: (name, hook) => hooks.push({ name, hook }),
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          const { port } = server.address() as AddressInfo;
          resolve(`http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`);
        });
      }),
    close: () => (closing ??= close()),
    exitOnSignals() {
      const stop = (reason: string) => {
        if (closing) {
          log.warn({ reason }, 'asked again: exiting without finishing the shutdown');
          process.exit(1);
        }
        log.info({ reason }, 'shutting down');
        setTimeout(() => {
          log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out');
          process.exit(1);
        }, config.shutdownTimeoutMs);
        (closing ??= close()).then(
          () => {
            log.info('stopped');
            process.exit(0);
          },
          (error: unknown) => {
            log.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
      // Whoever read our logs or supervised us (a test runner, over IPC) is gone: nobody is left to stop us.
      process.stdout.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE' && !closing) stop('stdout closed');
      });
      if (process.channel) process.once('disconnect', () => stop('parent process exited'));
    },
  };
}
