import type { Stroke } from '../../lib/doc/index.ts';
import type { InferenceService } from '../inference/service.ts';

export interface RenderedFace {
  png: Uint8Array;
  model: string;
}

/** Renders a sketch state into the face that gets saved. */
export type FaceRenderer = (input: { strokes: readonly Stroke[]; sliders: Record<string, number>; model: string }) => Promise<RenderedFace>;

/** Renders exactly as a live room does (same model fallback, same slider filtering), so what is saved is what the room showed. */
export function faceRendererFor(service: InferenceService): FaceRenderer {
  return async ({ strokes, sliders, model }) => {
    const face = await service.renderRoomState({ strokes, attributes: sliders, model: model || undefined });
    return { png: face.png, model: face.model };
  };
}
