import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT_DIR } from '../../server/config.ts';
import { startServer, type RunningServer } from '../support/server.ts';

async function createRoom(base: string) {
  const response = await fetch(`${base}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(response.status).toBe(201);
  return (await response.json()) as { room: { id: string }; editToken: string; editUrl: string; viewUrl: string };
}

describe('the server on a configured database', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ databaseUrl: inject('databaseUrl'), env: { PUBLIC_URL: 'https://faces.example.com' } });
  });
  afterAll(() => server?.stop());

  it('reports health as JSON', async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.status).toBe(200);
    const health = await response.json();
    expect(health.checks.database).toMatchObject({ ok: true, embedded: false });
    expect(health.checks.model).toHaveProperty('ok');
  });

  it('creates a room whose page the server renders, with share links carrying the tokens in the fragment', async () => {
    const created = await createRoom(server.url);
    expect(created.editUrl).toBe(`https://faces.example.com/r/${created.room.id}#edit=${created.editToken}`);
    expect(created.viewUrl).toMatch(new RegExp(`^https://faces.example.com/r/${created.room.id}#view=`));

    const api = await fetch(`${server.url}/api/rooms/${created.room.id}`);
    expect((await api.json()).room.id).toBe(created.room.id);
    const page = await fetch(`${server.url}/r/${created.room.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`data-room-id="${created.room.id}"`);
  });

  it('answers 404 for unknown and malformed room ids', async () => {
    for (const id of ['AAAAAAAAAAAA', 'nope', 'a.b', '..%2Fapi']) {
      expect((await fetch(`${server.url}/r/${id}`)).status).toBe(404);
    }
    expect((await fetch(`${server.url}/r/%E0%A4%A`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/rooms/AAAAAAAAAAAA`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/rooms/AAAAAAAAAAAA/face.png`)).status).toBe(404);
  });

  it('logs one JSON line per request', async () => {
    await fetch(`${server.url}/api/health?probe=log`);
    const lines = server.output.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'request', method: 'GET', path: '/api/health', status: 200 }));
  });
});

describe('the server with its embedded database', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'facesketch-restart-'));
    await chmod(dataDir, 0o755);
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('keeps rooms across a graceful restart', async () => {
    const first = await startServer({ dataDir });
    const { room } = await createRoom(first.url);
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.output.join('\n')).toContain('"msg":"stopped"');

    const second = await startServer({ dataDir });
    try {
      const response = await fetch(`${second.url}/api/rooms/${room.id}`);
      expect(response.status).toBe(200);
      expect((await response.json()).room.id).toBe(room.id);
      const health = await (await fetch(`${second.url}/api/health`)).json();
      expect(health.checks.database).toMatchObject({ ok: true, embedded: true });
    } finally {
      expect(await second.stop('SIGINT')).toBe(0);
    }
  }, 180_000); // two full server starts, the first creating a cluster
});

describe('a bad configuration value', () => {
  it('exits 1 with one line naming the variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT_DIR,
      env: { ...process.env, INFERENCE_DEVICE: 'tpu' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('Invalid configuration: INFERENCE_DEVICE="tpu" is not allowed; expected one of cpu, cuda.\n');
  });
});
