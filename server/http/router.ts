import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { z } from 'zod';

/** A refusal with a status and a message meant for the caller; anything else thrown is a 500. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface ApiRequest {
  method: string;
  path: string;
  /** Values of the route's `:name` segments, URL-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  raw: IncomingMessage;
  /** The body parsed as JSON and validated; a 400 (or 413) HttpError when it is not acceptable. */
  json<T>(schema: z.ZodType<T>): Promise<T>;
  /** The raw body; a 413 HttpError past `limitBytes`. */
  bytes(limitBytes?: number): Promise<Buffer>;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

export type RouteHandler = (request: ApiRequest) => Promise<ApiResponse> | ApiResponse;

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(data) };
}

export function binary(body: Uint8Array, contentType: string, headers: Record<string, string> = {}): ApiResponse {
  return { status: 200, headers: { 'content-type': contentType, ...headers }, body };
}

export function noContent(): ApiResponse {
  return { status: 204, headers: {}, body: '' };
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Route {
  method: Method;
  pattern: string;
  segments: string[];
  handler: RouteHandler;
}

function splitPath(path: string): string[] {
  return path.split('/').filter(Boolean);
}

function match(segments: string[], pathSegments: string[]): Record<string, string> | null {
  if (segments.length !== pathSegments.length) return null;
  const params: Record<string, string> = {};
  for (const [i, segment] of segments.entries()) {
    const actual = pathSegments[i]!;
    if (segment.startsWith(':')) {
      try {
        params[segment.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (segment !== actual) {
      return null;
    }
  }
  return params;
}

async function readBody(raw: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(raw.headers['content-length'] ?? 0);
  if (declared > limitBytes) throw new HttpError(413, 'body_too_large', `The request body exceeds ${limitBytes} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of raw as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new HttpError(413, 'body_too_large', `The request body exceeds ${limitBytes} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

function apiRequest(raw: IncomingMessage, url: URL, params: Record<string, string>): ApiRequest {
  let body: Promise<Buffer> | undefined;
  const bytes = (limitBytes = DEFAULT_BODY_LIMIT) => (body ??= readBody(raw, limitBytes));
  return {
    method: raw.method ?? 'GET',
    path: url.pathname,
    params,
    query: url.searchParams,
    headers: raw.headers,
    raw,
    bytes,
    async json(schema) {
      const text = (await bytes()).toString('utf8');
      const type = String(raw.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (text !== '' && type !== 'application/json') {
        throw new HttpError(415, 'unsupported_media_type', 'Send the body as application/json.');
      }
      let value: unknown;
      try {
        value = text === '' ? {} : JSON.parse(text);
      } catch {
        throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON.');
      }
      const result = schema.safeParse(value);
      if (!result.success) throw new HttpError(400, 'invalid_request', describeIssues(result.error));
      return result.data;
    },
  };
}

/** The JSON API's routing table. Modules register their routes on it from main.ts. */
export class Router {
  private readonly routes: Route[] = [];

  /** `pattern` is a path with `:name` segments, e.g. `/api/faces/:id`. */
  add(method: Method, pattern: string, handler: RouteHandler): this {
    if (this.routes.some((route) => route.method === method && route.pattern === pattern)) {
      throw new Error(`Route ${method} ${pattern} is registered twice.`);
    }
    this.routes.push({ method, pattern, segments: splitPath(pattern), handler });
    return this;
  }

  /** Runs the matching handler; HttpErrors become their status, a missing route 404, a wrong method 405. */
  async dispatch(raw: IncomingMessage, url: URL): Promise<ApiResponse> {
    const pathSegments = splitPath(url.pathname);
    const method = raw.method === 'HEAD' ? 'GET' : raw.method;
    const matches = this.routes.flatMap((route) => {
      const params = match(route.segments, pathSegments);
      return params ? [{ route, params }] : [];
    });
    try {
      if (matches.length === 0) throw new HttpError(404, 'not_found', `No API route ${url.pathname}.`);
      const found = matches.find(({ route }) => route.method === method);
      if (!found) {
        const allow = matches.map(({ route }) => route.method).join(', ');
        throw new HttpError(405, 'method_not_allowed', `${raw.method} is not allowed here; use ${allow}.`, { allow });
      }
      return await found.route.handler(apiRequest(raw, url, found.params));
    } catch (error) {
      if (error instanceof HttpError) {
        return json({ error: { code: error.code, message: error.message } }, error.status, error.headers);
      }
      throw error;
    }
  }
}
