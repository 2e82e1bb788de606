import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../server/config.ts';
import { freePort } from '../../server/db/embedded.ts';
import { startServer } from '../support/server.ts';

const isRoot = userInfo().uid === 0;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function createRoom(url: string): Promise<string> {
  const response = await fetch(`${url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(response.status).toBe(201);
  return ((await response.json()) as { room: { id: string } }).room.id;
}

async function waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The pid in a pino line's `pid` field is the server's (pino's base), and the last key wins in JSON.parse. */
function lastLogPid(line: string): number {
  return Number(/"pid":(\d+),"created"/.exec(line)?.[1]);
}

// Each test starts one or two whole servers (PostgreSQL, Next.js, models): minutes on a busy machine.
describe('crash recovery with the embedded PostgreSQL', { timeout: 600_000 }, () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function dataDir(): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'facesketch-restart-'));
    dirs.push(dir);
    return dir;
  }

  it('starts again after a SIGKILL, stopping the PostgreSQL the dead server left running', async () => {
    const dir = await dataDir();
    const first = await startServer({ databaseUrl: null, dataDir: dir });
    const roomId = await createRoom(first.url);
    const orphan = lastLogPid(first.output.find((line) => line.includes('embedded PostgreSQL started'))!);
    expect(await first.stop('SIGKILL')).toBeNull();
    expect(alive(orphan)).toBe(true); // what used to make the next start fail

    const second = await startServer({ databaseUrl: null, dataDir: dir });
    try {
      expect(second.output.join('\n')).toContain('stopping the embedded PostgreSQL left running by a server that died');
      expect(alive(orphan)).toBe(false);
      expect((await fetch(`${second.url}/api/rooms/${roomId}`)).status).toBe(200);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });

  it('refuses, naming both pids, to start on a PostgreSQL that a running server owns', async () => {
    const dir = await dataDir();
    const running = await startServer({ databaseUrl: null, dataDir: dir });
    try {
      const postgres = lastLogPid(running.output.find((line) => line.includes('embedded PostgreSQL started'))!);
      const refused = await startServer({ databaseUrl: null, dataDir: dir }).then(
        () => null,
        (error: Error) => error.message,
      );
      expect(refused).toMatch(/server\/main\.ts exited with code 1 before it was ready/);
      expect(refused).toContain(`(pid ${postgres}) belongs to a server that is still running (pid ${running.process.pid})`);
      expect(alive(postgres)).toBe(true);
    } finally {
      expect(await running.stop()).toBe(0);
    }
  });

  it('exits 1 when its PostgreSQL dies, so a supervisor restarts it', async () => {
    const server = await startServer({ databaseUrl: null, dataDir: await dataDir() });
    const exited = new Promise<number | null>((resolve) => server.process.once('exit', resolve));
    process.kill(lastLogPid(server.output.find((line) => line.includes('embedded PostgreSQL started'))!), 'SIGKILL');
    expect(await exited).toBe(1);
    expect(server.output.join('\n')).toMatch(/embedded PostgreSQL \(pid \d+\) exited unexpectedly \(SIGKILL\)/);
  });
});

describe('quick start', { timeout: 600_000 }, () => {
  it.runIf(isRoot)('works as a normal user (no postgres user created, nothing readable by others)', async () => {
    try {
      execFileSync('id', ['facesketch-test']);
    } catch {
      execFileSync('useradd', ['--create-home', 'facesketch-test']);
    }
    const uid = Number(execFileSync('id', ['-u', 'facesketch-test']).toString());
    const gid = Number(execFileSync('id', ['-g', 'facesketch-test']).toString());
    const server = await startServer({ databaseUrl: null, user: { uid, gid } });
    try {
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      const postgres = path.join(server.dataDir, 'postgres');
      expect(execFileSync('stat', ['-c', '%a %U', postgres, path.join(postgres, 'password')]).toString().split('\n').slice(0, 2)).toEqual([
        '700 facesketch-test',
        '600 facesketch-test',
      ]);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it.runIf(isRoot)('works as root with the checkout in a private (0700) directory', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'facesketch-root-home-'));
    await chmod(home, 0o700); // like /root: the postgres user cannot pass through
    await mkdir(path.join(home, 'checkout', '.data'), { recursive: true });
    const server = await startServer({ databaseUrl: null, dataDir: path.join(home, 'checkout', '.data') });
    try {
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      expect(server.output.join('\n')).toContain('the postgres user cannot reach the data directory');
      expect(readFileSync(path.join(home, 'checkout', '.data', 'postgres', 'password'), 'utf8').length).toBeGreaterThan(20);
      expect(execFileSync('stat', ['-c', '%a', path.join(home, 'checkout', '.data', 'postgres', 'password')]).toString().trim()).toBe('600');
    } finally {
      expect(await server.stop()).toBe(0);
      await rm(home, { recursive: true, force: true });
    }
  });

  it('shuts down gracefully when only the `npm start` process gets SIGTERM', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'facesketch-npm-'));
    await chmod(dir, 0o755);
    const port = await freePort();
    // One process, as the quick start runs it, whatever the CI shell exports.
    const { DATABASE_URL: _database, REDIS_URL: _redis, ...env } = process.env;
    const npm = spawn('npm', ['start'], {
      cwd: ROOT_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'info' },
    });
    const output: string[] = [];
    const listening = new Promise<void>((resolve, reject) => {
      createInterface({ input: npm.stdout! }).on('line', (line) => {
        output.push(line);
        if (line.includes('"msg":"listening"')) resolve();
      });
      createInterface({ input: npm.stderr! }).on('line', (line) => output.push(line));
      npm.once('exit', () => reject(new Error(`npm start exited early:\n${output.join('\n')}`)));
    });
    try {
      await listening;
      const serverPid = Number(/"pid":(\d+)/.exec(output.find((line) => line.includes('"msg":"listening"'))!)![1]);
      const postgres = lastLogPid(output.find((line) => line.includes('embedded PostgreSQL started'))!);
      const exited = new Promise<number | null>((resolve) => npm.once('exit', resolve));
      process.kill(npm.pid!, 'SIGTERM'); // the npm process alone, as docker stop or systemd would
      expect(await exited).toBe(0);
      expect(output.join('\n')).toContain('"msg":"stopped"');
      await waitFor(() => !alive(serverPid) && !alive(postgres));
      expect(existsSync(path.join(dir, 'postgres', 'cluster', 'postmaster.pid'))).toBe(false);
    } finally {
      if (npm.exitCode === null) npm.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
