import { z } from 'zod';
import type { Health, HealthStatus } from '../http/health.ts';
import { binary, HttpError, type ApiRequest, type ApiResponse, type Router } from '../http/router.ts';
import { BusyError, InputError } from './errors.ts';
import { IMAGE_LIMITS } from './image-decode.ts';
import type { Face, RenderRequest } from './pipeline.ts';
import type { InferenceService } from './service.ts';
import { rasterStrokes, StrokesInput } from './stroke-input.ts';

const Base64Image = z.string().regex(/^[A-Za-z0-9+/=\s]+$/, 'must be a base64 PNG or JPEG');

/** JSON body: exactly one of strokes, sketch (base64 image) or photo (base64 image). */
const GenerateJson = z
  .object({
    model: z.string().optional(),
    attributes: z.record(z.string(), z.unknown()).optional(),
    strokes: StrokesInput.optional(),
    sketch: Base64Image.optional(),
    photo: Base64Image.optional(),
  })
  .strict()
  .refine((body) => [body.strokes, body.sketch, body.photo].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of strokes, sketch or photo',
  });

/** Base64 inflates by 4/3; leave room for the JSON around it. */
const JSON_BODY_LIMIT = Math.ceil((IMAGE_LIMITS.maxBytes * 4) / 3) + 1024 * 1024;

async function generateRequest(request: ApiRequest): Promise<RenderRequest> {
  const type = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'image/png' || type === 'image/jpeg') {
    const bytes = await request.bytes(IMAGE_LIMITS.maxBytes);
    const mode = request.query.get('mode') ?? 'sketch';
    if (mode !== 'sketch' && mode !== 'photo') throw new HttpError(400, 'invalid_request', 'mode must be sketch or photo');
    return {
      model: request.query.get('model') ?? undefined,
      attributes: parseAttributesParam(request.query.get('attributes')),
      source: mode === 'photo' ? { kind: 'photo', bytes } : { kind: 'sketchImage', bytes },
    };
  }
  if (type !== 'application/json') {
    throw new HttpError(415, 'unsupported_media_type', 'Send application/json, image/png or image/jpeg.');
  }
  await request.bytes(JSON_BODY_LIMIT);
  const body = await request.json(GenerateJson);
  const source: RenderRequest['source'] = body.strokes
    ? { kind: 'strokes', strokes: rasterStrokes(body.strokes) }
    : body.sketch !== undefined
      ? { kind: 'sketchImage', bytes: Buffer.from(body.sketch, 'base64') }
      : { kind: 'photo', bytes: Buffer.from(body.photo!, 'base64') };
  return { model: body.model, attributes: body.attributes, source };
}

function parseAttributesParam(value: string | null): unknown {
  if (value === null) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    throw new HttpError(400, 'invalid_request', 'attributes must be a JSON object, e.g. {"Smiling":1}');
  }
}

function faceResponse(face: Face): ApiResponse {
  return binary(face.png, 'image/png', {
    'x-model': face.model,
    'x-render-kind': face.kind,
    'x-render-ms': face.timings.totalMs.toFixed(1),
  });
}

/**
 * POST /api/generate: a face PNG from strokes, a sketch image or a photo, with attribute strengths.
 *  - `application/json`: {model?, attributes?, strokes | sketch | photo} (images base64-encoded);
 *  - `image/png` or `image/jpeg` body: the sketch itself (`?mode=photo` for a photo), with
 *    `?model=` and `?attributes=` (a JSON object) in the query.
 * The reply is the PNG with x-model, x-render-kind and x-render-ms headers; bad input is a 400 JSON error.
 *
 * GET /api/metrics: Prometheus text. With no service (no model shipped, or it failed to load) generating
 * answers 503 and the 'model' health check fails with `unavailable` as its detail.
 */
export function registerInferenceRoutes(router: Router, health: Health, service: InferenceService | null, unavailable: string): void {
  router.add('POST', '/api/generate', async (request) => {
    if (!service) throw new HttpError(503, 'no_model', unavailable);
    const renderRequest = await generateRequest(request);
    try {
      return faceResponse(await service.generate(renderRequest));
    } catch (error) {
      if (error instanceof InputError) throw new HttpError(400, 'invalid_input', error.message);
      if (error instanceof BusyError) throw new HttpError(503, 'busy', error.message, { 'retry-after': '1' });
      throw error;
    }
  });
  router.add('GET', '/api/metrics', () => ({
    status: 200,
    headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' },
    body: service ? service.metrics.text() : '',
  }));
  health.set('model', (): HealthStatus => (service ? { ok: true, ...service.health() } : { ok: false, detail: unavailable }));
}
