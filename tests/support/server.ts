import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT_DIR } from '../../server/config.ts';
import { freePort } from '../../server/db/embedded.ts';

export interface ServerOptions {
  /** The server's database; null (the default) starts the embedded PostgreSQL under dataDir. */
  databaseUrl?: string | null;
  /** DATA_DIR; a fresh temp dir (removed by stop) when not given. */
  dataDir?: string;
  /** Extra environment (e.g. LOG_LEVEL, MODEL); PORT, HOST, DATA_DIR and DATABASE_URL are set for you. */
  env?: Record<string, string>;
  /** How long to wait for the "listening" log line. */
  startTimeoutMs?: number;
  /** A fixed port, e.g. to restart a killed server where its clients will reconnect; free one when not given. */
  port?: number;
  /** Run the server as this user (the test runs as root); its data directory is handed to it. */
  user?: { uid: number; gid: number };
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** Every stdout/stderr line so far (JSON log lines on stdout). */
  output: string[];
  /** Sends `signal` and resolves with the exit code (null if killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Spawns the real server (`node --import tsx server/main.ts`, production mode) on a free port and
 * resolves once it logs "listening". The Next.js build must exist (the integration and e2e global
 * setups make sure of it). Always call stop(), e.g. in afterAll.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'facesketch-server-')));
  await chmod(dataDir, 0o755); // the embedded PostgreSQL runs as another user and must reach it
  if (options.user) await chown(dataDir, options.user.uid, options.user.gid);
  const started = await spawnNode('server/main.ts', '"msg":"listening"', options, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
  });
  const stop = async (signal?: NodeJS.Signals) => {
    const code = await started.stop(signal);
    if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
    return code;
  };
  return { url: `http://127.0.0.1:${port}`, port, dataDir, ...started, stop };
}

export type RunningWorker = Pick<RunningServer, 'process' | 'output' | 'stop'> & { url: string };

/** Spawns an inference worker (`server/worker.ts`, what `npm run worker` runs) on any free port; resolves once it is ready. */
export async function startWorker(options: Pick<ServerOptions, 'env' | 'startTimeoutMs'> = {}): Promise<RunningWorker> {
  const started = await spawnNode('server/worker.ts', '"msg":"worker ready"', options, { PORT: '0', HOST: '127.0.0.1' });
  const ready = JSON.parse(started.output.find((line) => line.includes('"msg":"worker ready"'))!) as { port: number };
  return { ...started, url: `http://127.0.0.1:${ready.port}` };
}

async function spawnNode(
  script: string,
  readyLine: string,
  options: Pick<ServerOptions, 'env' | 'startTimeoutMs' | 'user'>,
  fixedEnv: Record<string, string>,
): Promise<Pick<RunningServer, 'process' | 'output' | 'stop'>> {
  // Cluster mode only where a test asks for it (REDIS_URL in options.env), whatever the CI shell exports.
  const { DATABASE_URL: _database, REDIS_URL: _redis, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT_DIR,
    // The IPC channel is a lifeline: should this test process die without stop() (a timeout), the
    // process sees it disconnect and shuts down instead of outliving the run.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    ...options.user,
    env: { ...inherited, NODE_ENV: 'production', LOG_LEVEL: 'info', ...options.env, ...fixedEnv },
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        if (line.includes(readyLine)) resolve();
      });
    }
    void exited.then((code) => reject(new Error(`${script} exited with code ${code} before it was ready:\n${output.join('\n')}`)));
  });
  const timeoutMs = options.startTimeoutMs ?? 180_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${script} was not ready within ${timeoutMs} ms:\n${output.join('\n')}`)), timeoutMs);
  });

  async function stop(signal: NodeJS.Signals = 'SIGTERM') {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  }

  try {
    await Promise.race([ready, timeout]);
  } catch (error) {
    await stop('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return { process: child, output, stop };
}
