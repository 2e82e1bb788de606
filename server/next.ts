import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import next from 'next';
import { ROOT_DIR } from './config.ts';
import { newNonce, pageContentSecurityPolicy } from './http/security-headers.ts';
import type { PageHandler } from './http/server.ts';
import type { Logger } from './log.ts';

const BUILD_ID = path.join(ROOT_DIR, '.next', 'BUILD_ID');
/** What a production build is made from: a change here makes `ensureNextBuild` rebuild. */
const BUILD_INPUTS = ['app', 'lib', 'public', 'next.config.mjs', 'postcss.config.mjs', 'tsconfig.json', 'package-lock.json'];

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce((newest, name) => Math.max(newest, newestMtime(path.join(target, name))), stat.mtimeMs);
}

export function nextBuildIsCurrent(): boolean {
  if (!existsSync(BUILD_ID)) return false;
  const built = statSync(BUILD_ID).mtimeMs;
  return BUILD_INPUTS.every((input) => newestMtime(path.join(ROOT_DIR, input)) <= built);
}

const BUILD_LOCK = path.join(ROOT_DIR, '.next-build.lock');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A lock file holding the builder's pid, so concurrent starts (tests, a second server) build once. */
async function withBuildLock(run: () => Promise<void>): Promise<void> {
  for (;;) {
    try {
      await writeFile(BUILD_LOCK, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(BUILD_LOCK, 'utf8').catch(() => ''));
      if (holder && !isAlive(holder)) await rm(BUILD_LOCK, { force: true });
      else await sleep(500);
    }
  }
  try {
    await run();
  } finally {
    await rm(BUILD_LOCK, { force: true });
  }
}

/** Runs `next build` when the production build is missing or older than its sources. */
export async function ensureNextBuild(log: Logger): Promise<void> {
  if (nextBuildIsCurrent()) return;
  await withBuildLock(async () => {
    if (nextBuildIsCurrent()) return; // another process built it while we waited
    log.info('building the web app (next build); this takes a minute the first time');
    const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
    const started = performance.now();
    // Build output goes to stderr: stdout carries only our JSON log lines.
    const child = spawn(process.execPath, [nextBin, 'build'], {
      cwd: ROOT_DIR,
      stdio: ['ignore', 2, 2],
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', resolve);
    });
    if (code !== 0) throw new Error(`next build failed (exit code ${code}).`);
    log.info({ ms: Math.round(performance.now() - started) }, 'web app built');
  });
}

export interface NextPages extends PageHandler {
  close(): Promise<void>;
}

export async function startNext(options: { dev: boolean; hostname: string; port: number }): Promise<NextPages> {
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  const app = next({ dev: options.dev, dir: ROOT_DIR, hostname: options.hostname, port: options.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const upgrade = app.getUpgradeHandler();
  return {
    handle: (req, res) => {
      // Next.js reads the nonce for its script tags from the request's policy header.
      const policy = pageContentSecurityPolicy(newNonce(), options.dev);
      req.headers['content-security-policy'] = policy;
      res.setHeader('content-security-policy', policy);
      return handle(req, res);
    },
    upgrade: (req, socket, head) => upgrade(req, socket, head),
    close: () => app.close(),
  };
}
