import type { Stroke } from '../../lib/doc/index.ts';
import type { InferenceService } from '../inference/service.ts';

export interface RenderedFace {
  png: Uint8Array;
  model: string;
}

/** Renders a sketch state into the face that gets saved. */
export type FaceRenderer = (input: { strokes: readonly Stroke[]; sliders: Record<string, number>; model: string }) => Promise<RenderedFace>;

/**
 * Renders like a live room does (server/inference/service.ts submitRoom): a model the server lacks
 * falls back to the default and sliders the model lacks are ignored, so what is saved is what the
 * room showed.
 */
export function faceRendererFor(service: InferenceService): FaceRenderer {
  return async ({ strokes, sliders, model }) => {
    const spec = service.registry.find(model || undefined) ?? service.registry.get();
    const attributes = Object.fromEntries(Object.entries(sliders).filter(([name]) => spec.attributes.includes(name)));
    const face = await service.generate({ model: spec.name, attributes, source: { kind: 'strokes', strokes } });
    return { png: face.png, model: face.model };
  };
}
