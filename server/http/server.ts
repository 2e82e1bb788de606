import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log.ts';
import { json, type Router } from './router.ts';
import { isSameSiteRequest } from './same-origin.ts';
import { API_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './security-headers.ts';

export interface PageHandler {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** WebSocket upgrades that are not Socket.IO's (Next's hot reload in development). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
}

/** For a process without pages (an inference worker): everything but `/api/*` is a 404. */
export const NO_PAGES: PageHandler = {
  async handle(_req, res) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
  },
  async upgrade(_req, socket) {
    socket.destroy();
  },
};

export const SOCKET_IO_PATH = '/socket.io';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/');
}

/** Next.js answers a malformed percent-encoding with a 500; it is the client's mistake. */
function isDecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/**
 * The one HTTP server: `/api/*` goes to the router, everything else to the pages (Next.js).
 * Socket.IO attaches itself to this server on SOCKET_IO_PATH (see main.ts).
 */
export function createHttpServer(
  router: Router,
  pages: PageHandler,
  log: Logger,
  options: { allowedOrigins: readonly string[] } = { allowedOrigins: [] },
): http.Server {
  const requestLog = log.child({ module: 'http' });

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL) {
    let response;
    try {
      response =
        SAFE_METHODS.has(req.method ?? 'GET') || isSameSiteRequest(req.headers, options.allowedOrigins)
          ? await router.dispatch(req, url)
          : json({ error: { code: 'cross_origin', message: 'Requests from other sites are not accepted.' } }, 403);
    } catch (error) {
      requestLog.error({ err: error, method: req.method, path: url.pathname }, 'API handler failed');
      response = json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, 500);
    }
    res.writeHead(response.status, { 'cache-control': 'no-store', 'content-security-policy': API_CONTENT_SECURITY_POLICY, ...response.headers });
    res.end(req.method === 'HEAD' ? undefined : response.body);
  }

  const server = http.createServer((req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    res.on('finish', () => {
      const entry = { method: req.method, path: url.pathname, status: res.statusCode, ms: Math.round(performance.now() - started) };
      if (url.pathname.startsWith('/_next/')) requestLog.debug(entry, 'request');
      else requestLog.info(entry, 'request');
    });
    if (!isDecodable(url.pathname)) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad request: malformed URL.');
      return;
    }
    const handled = isApiPath(url.pathname) ? handleApi(req, res, url) : pages.handle(req, res);
    handled.catch((error: unknown) => {
      requestLog.error({ err: error, path: url.pathname }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (req.url?.startsWith(`${SOCKET_IO_PATH}/`)) return; // Socket.IO's own upgrade listener takes it
    pages.upgrade(req, socket, head).catch(() => socket.destroy());
  });
  return server;
}
