import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, readModelChoices, ROOT_DIR, type ModelChoices } from '../../server/config.ts';

const MODELS = { defaultModel: 's2f-dis-s64', names: ['s2f-dis-s64', 's2f-dec-s128'] };

function errorFor(env: Record<string, string>, models: ModelChoices | null = MODELS): string {
  try {
    loadConfig(env, models);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('loadConfig', () => {
  it('has working defaults for a fresh checkout', () => {
    const config = loadConfig({}, MODELS);
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      publicUrl: 'http://localhost:3000',
      databaseUrl: undefined,
      dataDir: path.join(ROOT_DIR, '.data'),
      model: 's2f-dis-s64',
      inferenceDevice: 'cpu',
      logLevel: 'info',
      dev: false,
      quotaScale: 1,
    });
    expect(config.inferenceWorkers).toBeGreaterThanOrEqual(1);
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        HOST: '127.0.0.1',
        PUBLIC_URL: 'https://faces.example.com/',
        DATABASE_URL: 'postgresql://u:p@db:5432/app',
        DATA_DIR: '/var/lib/facesketch',
        MODELS_DIR: '/srv/models',
        MODEL: 's2f-dec-s128',
        INFERENCE_DEVICE: 'cuda',
        INFERENCE_WORKERS: '3',
        LOG_LEVEL: 'debug',
        NODE_ENV: 'development',
        SHUTDOWN_TIMEOUT_MS: '2000',
        REDIS_URL: 'redis://:secret@cache:6379/2',
        REDIS_PREFIX: 'staging',
        QUOTA_SCALE: '100',
      },
      MODELS,
    );
    expect(config).toEqual({
      nodeEnv: 'development',
      dev: true,
      port: 8080,
      host: '127.0.0.1',
      publicUrl: 'https://faces.example.com',
      databaseUrl: 'postgresql://u:p@db:5432/app',
      dataDir: '/var/lib/facesketch',
      modelsDir: '/srv/models',
      model: 's2f-dec-s128',
      inferenceDevice: 'cuda',
      inferenceWorkers: 3,
      redisUrl: 'redis://:secret@cache:6379/2',
      redisPrefix: 'staging',
      logLevel: 'debug',
      shutdownTimeoutMs: 2000,
      quotaScale: 100,
    });
  });

  it('takes INFERENCE_WORKERS=0 in cluster mode: a web node that renders nothing itself', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', INFERENCE_WORKERS: '0' }, MODELS)).toMatchObject({ inferenceWorkers: 0, redisPrefix: 'facesketch' });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }, MODELS)).toMatchObject({ port: 3000, databaseUrl: undefined });
  });

  it.each([
    [{ PORT: 'eighty' }, 'Invalid configuration: PORT="eighty" is not allowed; expected an integer from 0 to 65535.'],
    [{ PORT: '65536' }, 'Invalid configuration: PORT="65536" is not allowed; expected an integer from 0 to 65535.'],
    [{ INFERENCE_DEVICE: 'gpu' }, 'Invalid configuration: INFERENCE_DEVICE="gpu" is not allowed; expected one of cpu, cuda.'],
    [{ INFERENCE_WORKERS: '65' }, 'Invalid configuration: INFERENCE_WORKERS="65" is not allowed; expected an integer from 0 to 64.'],
    [
      { INFERENCE_WORKERS: '0' },
      'Invalid configuration: INFERENCE_WORKERS="0" is not allowed without REDIS_URL; expected an integer from 1 to 64 (0 is for a web node whose renders go to the cluster\'s workers).',
    ],
    [{ REDIS_URL: 'localhost:6379' }, 'Invalid configuration: REDIS_URL is not allowed; expected a redis:// or rediss:// URL.'],
    [{ LOG_LEVEL: 'loud' }, 'Invalid configuration: LOG_LEVEL="loud" is not allowed; expected one of fatal, error, warn, info, debug, trace, silent.'],
    [{ MODEL: 'gpt' }, 'Invalid configuration: MODEL="gpt" is not allowed; expected one of s2f-dis-s64, s2f-dec-s128.'],
    [{ PUBLIC_URL: 'faces.example.com' }, 'Invalid configuration: PUBLIC_URL="faces.example.com" is not allowed; expected a http:// or https:// URL.'],
    [{ QUOTA_SCALE: '0' }, 'Invalid configuration: QUOTA_SCALE="0" is not allowed; expected an integer from 1 to 1000.'],
    [{ NODE_ENV: 'staging' }, 'Invalid configuration: NODE_ENV="staging" is not allowed; expected one of production, development, test.'],
  ])('refuses %o with one line naming the variable and what is allowed', (env, message) => {
    expect(errorFor(env)).toBe(message);
  });

  it('does not echo a bad DATABASE_URL, which may hold a password', () => {
    const message = errorFor({ DATABASE_URL: 'mysql://root:secret@db/app' });
    expect(message).toBe('Invalid configuration: DATABASE_URL is not allowed; expected a postgres:// or postgresql:// URL.');
  });

  it('accepts any plausible MODEL name while no manifest exists, and has no default', () => {
    expect(loadConfig({}, null).model).toBeUndefined();
    expect(loadConfig({ MODEL: 'next-model' }, null).model).toBe('next-model');
    expect(errorFor({ MODEL: '../etc' }, null)).toContain('MODEL="../etc"');
  });
});

describe('readModelChoices', () => {
  it('reads the default and the names from a manifest, and null without one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'facesketch-manifest-'));
    const manifest = path.join(dir, 'manifest.json');
    expect(readModelChoices(manifest)).toBeNull();
    await writeFile(manifest, JSON.stringify({ default: 'b', models: [{ name: 'a' }, { name: 'b' }] }));
    expect(readModelChoices(manifest)).toEqual({ defaultModel: 'b', names: ['a', 'b'] });
  });
});
