import { readFileSync } from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Health } from '../../server/http/health.ts';
import { Router } from '../../server/http/router.ts';
import { createHttpServer } from '../../server/http/server.ts';
import { registerInferenceRoutes } from '../../server/inference/http.ts';
import { InferenceService } from '../../server/inference/service.ts';
import { createLogger } from '../../server/log.ts';
import { FIXTURES, TINY_MODEL_DIR } from '../unit/inference-golden.ts';

const sketchPng = readFileSync(path.join(FIXTURES, 'sketch-128.png'));
const strokes = (JSON.parse(readFileSync(path.join(FIXTURES, 'strokes-face.json'), 'utf8')) as object[]).slice(0, 3);

/** The API on its own HTTP server; pages (Next.js) are not part of this test. */
async function serve(service: InferenceService | null): Promise<{ url: string; server: http.Server }> {
  const router = new Router();
  const health = new Health();
  health.register(router);
  registerInferenceRoutes(router, health, service, 'models/manifest.json lists no model yet');
  const pages = { handle: async () => undefined, upgrade: async () => undefined };
  const server = createHttpServer(router, pages, createLogger('silent'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

let service: InferenceService;
let api: { url: string; server: http.Server };

beforeAll(async () => {
  service = await InferenceService.start({ modelsDir: TINY_MODEL_DIR, workers: 1, log: { info: () => undefined, warn: () => undefined } });
  api = await serve(service);
});

afterAll(async () => {
  api.server.close();
  await service.close();
});

const post = (body: BodyInit, type: string, query = '') =>
  fetch(`${api.url}/api/generate${query}`, { method: 'POST', headers: { 'content-type': type }, body });

async function expectError(response: Response, status: number, message: RegExp): Promise<void> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { message: string } };
  expect(body.error.message).toMatch(message);
}

describe('POST /api/generate', () => {
  test('renders strokes sent as JSON into a PNG with the model and timing in headers', async () => {
    const response = await post(JSON.stringify({ strokes, attributes: { Smiling: 1 } }), 'application/json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-model')).toBe('tiny');
    expect(response.headers.get('x-render-kind')).toBe('sketch');
    expect(Number(response.headers.get('x-render-ms'))).toBeGreaterThan(0);
    const png = PNG.sync.read(Buffer.from(await response.arrayBuffer()));
    expect([png.width, png.height]).toEqual([32, 32]); // the model's output resolution
  });

  test('renders a sketch image, raw or base64 in JSON, and a photo', async () => {
    const raw = await post(sketchPng, 'image/png', `?model=tiny-dec&attributes=${encodeURIComponent('{"Male":-1}')}`);
    expect(raw.status).toBe(200);
    expect(raw.headers.get('x-model')).toBe('tiny-dec');
    const viaJson = await post(JSON.stringify({ sketch: sketchPng.toString('base64'), model: 'tiny-dec', attributes: { Male: -1 } }), 'application/json');
    expect(Buffer.from(await viaJson.arrayBuffer()).equals(Buffer.from(await raw.arrayBuffer()))).toBe(true);
    const photo = await post(sketchPng, 'image/png', '?mode=photo');
    expect(photo.status).toBe(200);
    expect(photo.headers.get('x-render-kind')).toBe('photo');
  });

  test('answers bad input with a 400 JSON error that says what is wrong', async () => {
    await expectError(await post(JSON.stringify({ strokes, attributes: { Smile: 1 } }), 'application/json'), 400, /unknown attribute "Smile"/);
    await expectError(await post(JSON.stringify({ strokes, attributes: { Smiling: 3 } }), 'application/json'), 400, /must be a number in \[-1, 1\]/);
    await expectError(await post('{"strokes": [], "attributes": {"Smiling": 1e999}}', 'application/json'), 400, /must be a number/);
    await expectError(await post(JSON.stringify({ strokes, model: 'nope' }), 'application/json'), 400, /unknown model "nope"/);
    await expectError(await post(JSON.stringify({ strokes, sketch: 'AAAA' }), 'application/json'), 400, /exactly one of strokes, sketch or photo/);
    await expectError(await post(JSON.stringify({ strokes: [{ tool: 'brush', width: 0.01, points: [0, 0, 1] }] }), 'application/json'), 400, /strokes\.0\.tool/);
    await expectError(await post('{"strokes": [', 'application/json'), 400, /not valid JSON/);
    await expectError(await post(Buffer.from('not an image'), 'image/png'), 400, /must be a PNG or JPEG/);
    await expectError(await post(sketchPng, 'image/png', '?attributes=nope'), 400, /attributes must be a JSON object/);
    await expectError(await post(sketchPng, 'image/png', '?mode=video'), 400, /mode must be sketch or photo/);
    await expectError(await post('hello', 'text/plain'), 415, /application\/json, image\/png or image\/jpeg/);
  });

  test('refuses an oversized image from its header, and an oversized body from its length', async () => {
    const header = Buffer.from(sketchPng.subarray(0, 33));
    header.writeUInt32BE(20_000, 16);
    await expectError(await post(header, 'image/png'), 400, /20000x\d+; the limit is/);
    await expectError(await post(Buffer.alloc(11 * 1024 * 1024), 'image/png'), 413, /exceeds/);
  });
});

describe('GET /api/metrics and /api/health', () => {
  test('metrics are Prometheus text; health lists the models', async () => {
    const metrics = await fetch(`${api.url}/api/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await metrics.text()).toMatch(/^facesketch_inference_jobs_total\{model="tiny",kind="sketch",outcome="ok"\} [1-9]/m);
    const health = (await (await fetch(`${api.url}/api/health`)).json()) as { checks: { model: Record<string, unknown> } };
    expect(health.checks.model).toMatchObject({ ok: true, defaultModel: 'tiny', models: [{ name: 'tiny' }, { name: 'tiny-dec' }] });
  });

  test('without a model, generating answers 503 and health says why', async () => {
    const bare = await serve(null);
    try {
      const response = await fetch(`${bare.url}/api/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      await expectError(response, 503, /lists no model yet/);
      const health = (await (await fetch(`${bare.url}/api/health`)).json()) as { checks: { model: Record<string, unknown> } };
      expect(health.checks.model).toEqual({ ok: false, detail: 'models/manifest.json lists no model yet' });
    } finally {
      bare.server.close();
    }
  });
});
