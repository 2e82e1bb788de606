import type { Stroke } from '../../lib/doc/index.ts';
import type { PictureStyle, RasterPool } from '../inference/raster-pool.ts';

/** Saved faces' sketch picture: ink on paper, 256² pixels, drawn like the model sees it. */
export const SKETCH_PICTURE: PictureStyle = { size: 256, lineWidthPx: 1.5, ink: [29, 27, 24], paper: [247, 243, 234] };

/** Rasterised on the raster pool's threads, within RASTER_LIMITS (an InputError beyond them). */
export function sketchPng(raster: RasterPool, strokes: readonly Stroke[]): Promise<Uint8Array> {
  return raster.picture(strokes, SKETCH_PICTURE);
}
