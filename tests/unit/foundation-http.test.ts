import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Health } from '../../server/http/health.ts';
import { binary, HttpError, json, noContent, Router } from '../../server/http/router.ts';
import { createHttpServer, type PageHandler } from '../../server/http/server.ts';
import { createLogger } from '../../server/log.ts';

/** Stands in for Next.js: answers every page request with its path. */
const pages: PageHandler = {
  handle: async (req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`page ${req.url}`);
  },
  upgrade: async (_req, socket) => {
    socket.destroy();
  },
};

let server: http.Server;
let base: string;
let modelOk = true;
const loggedErrors: string[] = [];

beforeAll(async () => {
  const router = new Router();
  const health = new Health((name, error) => loggedErrors.push(`${name}: ${(error as Error).message}`));
  health.set('database', () => ({ ok: true }), { critical: true });
  health.set('model', () => (modelOk ? { ok: true, name: 'm' } : Promise.reject(new Error('no manifest at 10.0.0.5:5432'))));
  health.register(router);
  router
    .add('POST', '/api/echo', async (request) => json(await request.json(z.object({ name: z.string().min(1) }).strict()), 201))
    .add('GET', '/api/things/:id', (request) => json({ id: request.params.id, q: request.query.get('q') }))
    .add('DELETE', '/api/things/:id', () => noContent())
    .add('GET', '/api/things/:id/image.png', () => binary(new Uint8Array([137, 80, 78, 71]), 'image/png'))
    .add('GET', '/api/teapot', () => {
      throw new HttpError(418, 'teapot', 'I am a teapot.');
    })
    .add('GET', '/api/broken', () => {
      throw new Error('database exploded');
    })
    .add('POST', '/api/upload', async (request) => json({ size: (await request.bytes(16)).length }));
  server = createHttpServer(router, pages, createLogger('silent'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function call(method: string, path: string, body?: string, contentType = 'application/json') {
  const response = await fetch(base + path, { method, body, headers: body === undefined ? {} : { 'content-type': contentType } });
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, body: type.includes('json') ? await response.json() : await response.text() };
}

describe('the HTTP server and API router', () => {
  it('routes /api to the router and everything else to the pages', async () => {
    expect(await call('GET', '/r/abc')).toMatchObject({ status: 200, body: 'page /r/abc' });
    expect(await call('GET', '/apiary')).toMatchObject({ status: 200, body: 'page /apiary' });
    expect(await call('GET', '/api/things/a%20b?q=1')).toMatchObject({ status: 200, body: { id: 'a b', q: '1' } });
    expect(await call('GET', '/r/%E0%A4%A')).toMatchObject({ status: 400 });
    expect(await call('GET', '/api/things/%E0%A4%A')).toMatchObject({ status: 400 });
  });

  it('validates JSON bodies with a 400 that says what is wrong', async () => {
    expect(await call('POST', '/api/echo', '{"name":"Ada"}')).toMatchObject({ status: 201, body: { name: 'Ada' } });
    expect(await call('POST', '/api/echo', '{"name":')).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
    const invalid = await call('POST', '/api/echo', '{"name":""}');
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('invalid_request');
    expect(invalid.body.error.message).toMatch(/^name: /);
    // A cross-site form or no-cors fetch can send text/plain without a preflight: not JSON here.
    expect(await call('POST', '/api/echo', '{"name":"Ada"}', 'text/plain')).toMatchObject({ status: 415, body: { error: { code: 'unsupported_media_type' } } });
  });

  it('answers unknown routes 404 and wrong methods 405 with Allow', async () => {
    expect(await call('GET', '/api/nothing')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    const wrong = await call('PUT', '/api/things/1');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, DELETE');
  });

  it('turns HttpErrors into their status and hides other errors behind a 500', async () => {
    expect(await call('GET', '/api/teapot')).toMatchObject({ status: 418, body: { error: { code: 'teapot', message: 'I am a teapot.' } } });
    const broken = await call('GET', '/api/broken');
    expect(broken).toMatchObject({ status: 500, body: { error: { code: 'internal' } } });
    expect(JSON.stringify(broken.body)).not.toContain('exploded');
    expect(await call('GET', '/api/health')).toMatchObject({ status: 200 }); // still serving
  });

  it('serves binary and empty responses', async () => {
    const image = await fetch(`${base}/api/things/1/image.png`);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await image.arrayBuffer())]).toEqual([137, 80, 78, 71]);
    expect(await call('DELETE', '/api/things/1')).toMatchObject({ status: 204, body: '' });
  });

  it('refuses bodies over the limit with 413', async () => {
    expect(await call('POST', '/api/upload', 'x'.repeat(16))).toMatchObject({ status: 200, body: { size: 16 } });
    expect(await call('POST', '/api/upload', 'x'.repeat(17))).toMatchObject({ status: 413, body: { error: { code: 'body_too_large' } } });
  });

  it('refuses a route registered twice', () => {
    const router = new Router().add('GET', '/api/x', () => noContent());
    expect(() => router.add('GET', '/api/x', () => noContent())).toThrow('registered twice');
  });
});

describe('GET /api/health', () => {
  it('reports every check; a failing non-critical check degrades but keeps serving', async () => {
    modelOk = true;
    expect(await call('GET', '/api/health')).toMatchObject({
      status: 200,
      body: { status: 'ok', serving: true, checks: { database: { ok: true }, model: { ok: true, name: 'm' } } },
    });
    modelOk = false;
    expect(await call('GET', '/api/health')).toMatchObject({
      status: 200,
      body: { status: 'degraded', serving: true, checks: { model: { ok: false, error: 'the check failed; the server log has the details' } } },
    });
    expect(loggedErrors).toEqual(['model: no manifest at 10.0.0.5:5432']); // the details go to the log, not to the public
  });

  it('answers 503 when a critical check fails', async () => {
    const health = new Health().set('database', () => ({ ok: false }), { critical: true }).set('model', () => ({ ok: true }));
    expect(await health.report()).toEqual({ status: 'degraded', serving: false, checks: { database: { ok: false }, model: { ok: true } } });
  });
});
