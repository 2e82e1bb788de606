import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log.ts';
import type { Device } from './device.ts';
import type { RasterPool } from './raster-pool.ts';
import { InferenceService } from './service.ts';

export { registerInferenceRoutes } from './http.ts';
export { renderRoomFaces } from './room-faces.ts';
export { InferenceService } from './service.ts';

/** The attribute names of `model` if it is served, else of the default model; [] with no service. */
export function modelAttributes(service: InferenceService | null, model: string | null): readonly string[] {
  if (!service) return [];
  const { models, defaultModel } = service.health();
  return (models.find((spec) => spec.name === model) ?? models.find((spec) => spec.name === defaultModel))?.attributes ?? [];
}

export interface StartedInference {
  /** null when no model can be served; the server still runs (no faces, 503 from /api/generate). */
  service: InferenceService | null;
  /** Why there is no service, for the health check and 503 answers. */
  unavailable: string;
}

export async function startInference(
  options: { modelsDir: string; model: string | undefined; device: Device; workers: number; raster: RasterPool },
  log: Logger,
): Promise<StartedInference> {
  if (options.workers === 0) {
    const unavailable = 'INFERENCE_WORKERS=0: this web node leaves rendering to the inference workers';
    log.info(unavailable);
    return { service: null, unavailable };
  }
  if (!existsSync(path.join(options.modelsDir, 'manifest.json'))) {
    const unavailable = 'models/manifest.json lists no model yet';
    log.warn(`inference disabled: ${unavailable}`);
    return { service: null, unavailable };
  }
  try {
    const service = await InferenceService.start({
      modelsDir: options.modelsDir,
      defaultModel: options.model,
      device: options.device,
      workers: options.workers,
      raster: options.raster,
      log,
    });
    return { service, unavailable: '' };
  } catch (error) {
    const unavailable = `the models could not be loaded: ${(error as Error).message}`;
    log.error(`inference disabled: ${unavailable}`);
    return { service: null, unavailable };
  }
}
