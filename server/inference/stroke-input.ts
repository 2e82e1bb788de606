import { z } from 'zod';
import { LIMITS, STROKE_TOOLS } from '../../lib/doc/records.ts';
import type { RasterStroke } from './rasterise.ts';

/** Strokes from outside a room (the API, the batch CLI): the document's stroke format, checked as rooms check it. */
export const StrokesInput = z
  .array(
    z.object({
      tool: z.enum(STROKE_TOOLS),
      width: z.number().min(LIMITS.minWidth).max(LIMITS.maxWidth),
      points: z
        .array(z.number().min(0).max(1))
        .min(3)
        .max(LIMITS.maxPointsPerStroke * 3)
        .refine((points) => points.length % 3 === 0, 'points must be x, y, pressure triples'),
    }),
  )
  .max(10_000);

export function rasterStrokes(strokes: z.infer<typeof StrokesInput>): RasterStroke[] {
  return strokes.map((stroke) => ({ tool: stroke.tool, width: stroke.width, points: Float32Array.from(stroke.points) }));
}
