import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** The repository root: every relative path in the configuration is resolved against it. */
export const ROOT_DIR = path.resolve(import.meta.dirname, '..');
export const MODELS_DIR = path.join(ROOT_DIR, 'models');

/** MODELS_DIR (relative to the repository root), e.g. a test fixture's models; models/ by default. */
export function modelsDirFrom(env: Record<string, string | undefined>): string {
  return env.MODELS_DIR ? path.resolve(ROOT_DIR, env.MODELS_DIR) : MODELS_DIR;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function integer(min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, `an integer from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `an integer from ${min} to ${max}`).max(max, `an integer from ${min} to ${max}`));
}

function url(protocols: string[]) {
  const allowed = `a ${protocols.map((p) => `${p}//`).join(' or ')} URL`;
  return z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, allowed);
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `one of ${values.join(', ')}` });
}

/** What models/manifest.json says, as far as configuration cares; absent until a model is shipped. */
export interface ModelChoices {
  defaultModel: string;
  names: string[];
}

export function readModelChoices(manifestPath = path.join(MODELS_DIR, 'manifest.json')): ModelChoices | null {
  if (!existsSync(manifestPath)) return null;
  const manifest = z
    .object({ default: z.string(), models: z.array(z.object({ name: z.string() })) })
    .parse(JSON.parse(readFileSync(manifestPath, 'utf8')));
  return { defaultModel: manifest.default, names: manifest.models.map((model) => model.name) };
}

function schema(models: ModelChoices | null) {
  const model = models
    ? oneOf(models.names as [string, ...string[]]).default(models.defaultModel)
    : z.string().regex(/^[\w.-]+$/, 'a model name from models/manifest.json').optional();
  return z.object({
    NODE_ENV: oneOf(['production', 'development', 'test']).default('production'),
    PORT: integer(0, 65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    PUBLIC_URL: url(['http:', 'https:']).optional(),
    DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
    DATA_DIR: z.string().min(1).default('./.data'),
    MODELS_DIR: z.string().min(1).optional(),
    MODEL: model,
    INFERENCE_DEVICE: oneOf(['cpu', 'cuda']).default('cpu'),
    INFERENCE_WORKERS: integer(0, 64).default(Math.max(1, Math.min(4, cpus().length - 1))),
    REDIS_URL: url(['redis:', 'rediss:']).optional(),
    REDIS_PREFIX: z.string().regex(/^[\w.:-]{1,64}$/, 'letters, digits and . : - _ (at most 64)').default('facesketch'),
    LOG_LEVEL: oneOf(LOG_LEVELS).default('info'),
    SHUTDOWN_TIMEOUT_MS: integer(100, 600_000).default(10_000),
    QUOTA_SCALE: integer(1, 1000).default(1),
  });
}

export interface Config {
  nodeEnv: 'production' | 'development' | 'test';
  /** Next.js in development mode (on-demand compilation, hot reload) instead of the production build. */
  dev: boolean;
  port: number;
  host: string;
  /** Where users reach the app; used for share links. Defaults to http://localhost:PORT. */
  publicUrl: string;
  /** Unset: an embedded PostgreSQL is started under DATA_DIR/postgres. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Where models/manifest.json and the model folders are read from. */
  modelsDir: string;
  /** Unset only while no model is shipped (models/manifest.json is missing). */
  model: string | undefined;
  inferenceDevice: 'cpu' | 'cuda';
  /** Inference worker threads in this process; 0 (cluster mode only): a web node that renders nothing itself. */
  inferenceWorkers: number;
  /** Set: cluster mode (rooms shared across nodes, renders on a Redis job queue). Unset: one process. */
  redisUrl: string | undefined;
  /** Prefix of every Redis key and stream this deployment uses, so several can share one Redis. */
  redisPrefix: string;
  logLevel: (typeof LOG_LEVELS)[number];
  shutdownTimeoutMs: number;
  /** Multiplies every rate limit of server/http/quotas.ts, e.g. for a test suite sharing one server; 1 in production. */
  quotaScale: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads and validates the configuration. Empty variables count as unset. Throws a ConfigError whose
 * message is one line naming the first bad variable, its value and what is allowed.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  models = readModelChoices(path.join(modelsDirFrom(env), 'manifest.json')),
): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema(models).safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0]);
    const shown = name === 'DATABASE_URL' || name === 'REDIS_URL' ? '' : `=${JSON.stringify(present[name])}`; // may carry a password
    throw new ConfigError(`Invalid configuration: ${name}${shown} is not allowed; expected ${issue.message}.`);
  }
  const v = result.data;
  if (v.INFERENCE_WORKERS === 0 && !v.REDIS_URL) {
    throw new ConfigError('Invalid configuration: INFERENCE_WORKERS="0" is not allowed without REDIS_URL; expected an integer from 1 to 64 (0 is for a web node whose renders go to the cluster\'s workers).');
  }
  return {
    nodeEnv: v.NODE_ENV,
    dev: v.NODE_ENV === 'development',
    port: v.PORT,
    host: v.HOST,
    publicUrl: (v.PUBLIC_URL ?? `http://localhost:${v.PORT}`).replace(/\/+$/, ''),
    databaseUrl: v.DATABASE_URL,
    dataDir: path.resolve(ROOT_DIR, v.DATA_DIR),
    modelsDir: modelsDirFrom(present),
    model: v.MODEL,
    inferenceDevice: v.INFERENCE_DEVICE,
    inferenceWorkers: v.INFERENCE_WORKERS,
    redisUrl: v.REDIS_URL,
    redisPrefix: v.REDIS_PREFIX,
    logLevel: v.LOG_LEVEL,
    shutdownTimeoutMs: v.SHUTDOWN_TIMEOUT_MS,
    quotaScale: v.QUOTA_SCALE,
  };
}
