import { STARTERS, starterNamed, type Starter } from '../lib/studio/starters.ts';
import type { InferenceService } from './inference/service.ts';
import { binary, HttpError, type Router } from './http/router.ts';
import type { Logger } from './log.ts';

/**
 * GET /api/starters/:name/face.png: the face the served default model renders from a starter sketch
 * (lib/studio/starters.ts), for the landing page. Rendered once each, right after start, and kept.
 */
export function registerStarterFaces(router: Router, service: InferenceService | null, log: Logger): void {
  const faces = new Map<string, Promise<Uint8Array>>();
  const faceOf = (starter: Starter, live: InferenceService): Promise<Uint8Array> => {
    let face = faces.get(starter.name);
    if (!face) {
      face = live.generate({ source: { kind: 'strokes', strokes: starter.strokes } }).then((rendered) => rendered.png);
      face.catch((error: unknown) => {
        log.warn({ err: error, starter: starter.name }, 'rendering a starter face failed; trying again on the next request');
        faces.delete(starter.name);
      });
      faces.set(starter.name, face);
    }
    return face;
  };
  if (service) for (const starter of STARTERS) void faceOf(starter, service).catch(() => {});

  router.add('GET', '/api/starters/:name/face.png', async (request) => {
    const starter = starterNamed(request.params.name!);
    if (!starter) throw new HttpError(404, 'starter_not_found', 'There is no such starter sketch.');
    if (!service) throw new HttpError(503, 'no_model', 'No model is served, so there are no faces yet.');
    return binary(await faceOf(starter, service), 'image/png', { 'cache-control': 'public, max-age=3600' });
  });
}
