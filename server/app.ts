import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as SocketIOServer } from 'socket.io';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { Health } from './http/health.ts';
import { Router } from './http/router.ts';
import { createHttpServer, SOCKET_IO_PATH } from './http/server.ts';
import type { Logger } from './log.ts';
import { startNext, type NextPages } from './next.ts';
import { provideServices } from './services.ts';

export interface App {
  config: Config;
  log: Logger;
  db: Database;
  router: Router;
  health: Health;
  /** Socket.IO on the app's own port, path /socket.io. */
  io: SocketIOServer;
  server: http.Server;
  /** Runs at shutdown, in registration order, after clients are disconnected and before the database closes. */
  onShutdown(name: string, hook: () => Promise<void> | void): void;
  /** Starts accepting connections; resolves to the URL it listens on. */
  listen(): Promise<string>;
  /** Stops accepting, disconnects clients, runs the shutdown hooks, closes Next and the database. */
  close(): Promise<void>;
}

/** Opens the database, prepares Next.js and builds the one HTTP + Socket.IO server, not yet listening. */
export async function createApp(config: Config, log: Logger): Promise<App> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, log.child({ module: 'db' }));
  let pages: NextPages;
  try {
    pages = await startNext({ dev: config.dev, hostname: config.host, port: config.port });
  } catch (error) {
    await db.close();
    throw error;
  }

  const router = new Router();
  const health = new Health();
  health.set('database', async () => ({ ok: true, embedded: !config.databaseUrl, latencyMs: await db.ping() }), { critical: true });
  health.register(router);

  const server = createHttpServer(router, pages, log);
  const io = new SocketIOServer(server, { path: SOCKET_IO_PATH, serveClient: false, destroyUpgrade: false });
  provideServices({ db, config });

  const hooks: { name: string; hook: () => Promise<void> | void }[] = [];
  let closing: Promise<void> | undefined;

  async function close() {
    await io.close(); // disconnects every socket, stops accepting, waits for in-flight requests
    for (const { name, hook } of hooks) {
      try {
        await hook();
      } catch (error) {
        log.error({ err: error, hook: name }, 'shutdown hook failed');
      }
    }
    await pages.close();
    await db.close();
  }

  return {
    config,
    log,
    db,
    router,
    health,
    io,
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
  };
}
