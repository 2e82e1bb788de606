import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ROOT_DIR } from '../../server/config.ts';
import { freePort } from '../../server/db/embedded.ts';
import { startServer, startWorker, type RunningServer, type RunningWorker } from './server.ts';

/** The Redis the cluster tests use: REDIS_URL (set by .ci/run), else the local default. */
export const TEST_REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

export interface ClusterOptions {
  databaseUrl: string;
  redisUrl?: string;
  /** Inference workers (`npm run worker`) to start; the web nodes render nothing themselves. */
  workers?: number;
  /** Put deploy/haproxy.cfg in front of the two web nodes. */
  balancer?: boolean;
  env?: Record<string, string>;
}

/** Two web nodes, some inference workers and (optionally) HAProxy, on one Redis key prefix of their own. */
export interface RunningCluster {
  prefix: string;
  redisUrl: string;
  nodes: RunningServer[];
  workers: RunningWorker[];
  /** The load balancer's URL (null without one). */
  url: string | null;
  env: Record<string, string>;
  addWorker(): Promise<RunningWorker>;
  stop(): Promise<void>;
}

export async function startCluster(options: ClusterOptions): Promise<RunningCluster> {
  const prefix = `test-${randomUUID().slice(0, 8)}`; // parallel runs on one Redis cannot collide
  const redisUrl = options.redisUrl ?? TEST_REDIS_URL;
  const env = {
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    MODELS_DIR: 'tests/fixtures/tiny-model',
    INFERENCE_WORKERS: '1',
    ...options.env,
  };
  const workers: RunningWorker[] = [];
  const children: { stop(signal?: NodeJS.Signals): Promise<unknown> }[] = [];
  const addWorker = async () => {
    const worker = await startWorker({ env });
    workers.push(worker);
    children.push(worker);
    return worker;
  };
  const nodes = await Promise.all(
    [0, 1].map(() => startServer({ databaseUrl: options.databaseUrl, env: { ...env, INFERENCE_WORKERS: '0' } })),
  );
  children.push(...nodes);
  for (let i = 0; i < (options.workers ?? 0); i++) await addWorker();
  let url: string | null = null;
  if (options.balancer) {
    const balancer = await startHaproxy(nodes.map((node) => node.port));
    children.push(balancer);
    url = balancer.url;
  }
  return {
    prefix,
    redisUrl,
    nodes,
    workers,
    url,
    env,
    addWorker,
    async stop() {
      await Promise.all(children.map((child) => child.stop('SIGKILL')));
    },
  };
}

/** HAProxy running deploy/haproxy.cfg in the foreground. */
async function startHaproxy(ports: number[]): Promise<{ url: string; stop(signal?: NodeJS.Signals): Promise<unknown> }> {
  const port = await freePort();
  const child: ChildProcess = spawn('haproxy', ['-db', '-f', path.join(ROOT_DIR, 'deploy/haproxy.cfg')], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      FACESKETCH_BIND: `127.0.0.1:${port}`,
      FACESKETCH_NODE1: `127.0.0.1:${ports[0]}`,
      FACESKETCH_NODE2: `127.0.0.1:${ports[1]}`,
    },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const errors: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    const healthy = await fetch(`${url}/api/health`).then((response) => response.ok, () => false);
    if (healthy) break;
    if (tries > 100 || child.exitCode !== null) throw new Error(`haproxy did not come up (is the haproxy package installed?)\n${errors.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      await exited;
    },
  };
}
