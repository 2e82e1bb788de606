import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.ts';

async function createRoom(base: string, body: object) {
  return fetch(`${base}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('a room chooses its model when it is created', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ databaseUrl: inject('databaseUrl'), env: { MODELS_DIR: 'tests/fixtures/tiny-model' } });
  });
  afterAll(() => server?.stop());

  it('keeps the model asked for, or the default, and refuses models the server does not serve', async () => {
    const dec = await createRoom(server.url, { model: 'tiny-dec' });
    expect(dec.status).toBe(201);
    expect((await dec.json()).room.modelName).toBe('tiny-dec');

    const plain = await createRoom(server.url, {});
    expect(plain.status).toBe(201);
    expect(['tiny', null]).toContain((await plain.json()).room.modelName); // the MODEL setting, or the manifest's default

    const unknown = await createRoom(server.url, { model: 'gpt-face' });
    expect(unknown.status).toBe(400);
    const error = await unknown.json();
    expect(error.error.code).toBe('unknown_model');
    expect(JSON.stringify(error)).toContain('tiny-dec');
  });
});
